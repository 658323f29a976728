import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from PIL import Image

from authors.models import Author

from . import factories


def admin_author_data(**changes):
    data = {"name": "Ines Vogel", "slug": "ines-vogel", "role": "", "bio": "", "url": ""}
    data.update(changes)
    return data


class AuthorPhotoTests(TestCase):
    def setUp(self):
        self.client.force_login(factories.editor())
        self.url = reverse("admin:authors_author_add")

    def test_photo_is_stored_under_our_own_name_without_its_metadata(self):
        """An author photo with GPS data is stored cleaned, under a name the uploader did not choose."""
        buffer = io.BytesIO()
        exif = Image.Exif()
        exif[0x8825] = {2: (59.0, 54.0, 0.0)}  # GPSInfo: latitude
        Image.new("RGB", (300, 300), "teal").save(buffer, "JPEG", exif=exif)
        upload = SimpleUploadedFile(
            "../../etc/ines at home.jpg", buffer.getvalue(), content_type="image/jpeg"
        )
        response = self.client.post(self.url, admin_author_data(photo=upload))
        self.assertEqual(response.status_code, 302, response.content[:2000])
        photo = Author.objects.get(slug="ines-vogel").photo
        self.assertNotIn("home", photo.name)
        with photo.open("rb") as stored, Image.open(stored) as image:
            self.assertNotIn(0x8825, image.getexif())

    def test_a_file_that_is_not_an_image_is_refused_with_a_clear_error(self):
        """An HTML file named like a photo is refused, and no author is created."""
        upload = SimpleUploadedFile(
            "photo.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg"
        )
        response = self.client.post(self.url, admin_author_data(photo=upload))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "JPEG, PNG or WebP")
        self.assertFalse(Author.objects.filter(slug="ines-vogel").exists())
