"""Reporters' picture library at /desk/pictures/: upload, search, copy a picture's line."""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from pictures.models import Picture

from . import factories
from .test_pages_html import VNU


class DeskPictureLibraryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("rita")
        cls.harbour = factories.picture(alt="Cranes over the harbour", caption="Dusk.")
        cls.ferry = factories.picture(alt="The island ferry", credit="Photo: Sam Okafor")
        cls.expired = factories.picture(
            alt="An old agency photo", usable_until=timezone.now() - timezone.timedelta(days=1)
        )

    def setUp(self):
        self.client.force_login(self.reporter)

    def test_the_library_shows_each_picture_with_its_line_to_copy(self):
        """Every usable picture shows the line that places it in a body; expired ones are not offered."""
        response = self.client.get(reverse("desk:pictures"))
        self.assertContains(response, "<h1", count=1)
        self.assertContains(
            response,
            f'value="![Cranes over the harbour](picture:{self.harbour.pk} &quot;Dusk.&quot;)"',
        )
        self.assertContains(response, f"picture:{self.ferry.pk}")
        self.assertNotContains(response, "An old agency photo")

    def test_search_finds_pictures_by_their_words_or_number(self):
        """Searching for a credit or a number lists only the matching pictures."""
        response = self.client.get(reverse("desk:pictures"), {"q": "okafor"})
        self.assertContains(response, "The island ferry")
        self.assertNotContains(response, "Cranes over the harbour")
        response = self.client.get(reverse("desk:pictures"), {"q": str(self.harbour.pk)})
        self.assertContains(response, "Cranes over the harbour")

    def test_the_dialog_gets_results_with_insert_buttons(self):
        """The body field's dialog asks for results only, each with its Insert button."""
        response = self.client.get(reverse("desk:pictures"), {"picker": "1", "q": "ferry"})
        self.assertNotContains(response, "<html")
        self.assertContains(response, f"Insert picture {self.ferry.pk}")

    def test_upload_puts_a_cleaned_picture_in_the_library(self):
        """A reporter's upload lands in the library with its words and crops, and its line is shown."""
        response = self.client.post(
            reverse("desk:pictures"),
            {
                "image": factories.image_file(size=(1300, 900)),
                "alt": "Nets drying",
                "credit": "Rita",
            },
            follow=True,
        )
        picture = Picture.objects.get(alt="Nets drying")
        self.assertContains(response, f"![Nets drying](picture:{picture.pk})")
        self.assertEqual(picture.uploaded_by, self.reporter)
        self.assertEqual(set(picture.crops), {"16x9", "4x3", "1x1", "og"})

    def test_the_dialog_upload_answers_with_the_line(self):
        """Uploading from the dialog answers JSON with the new picture's line."""
        response = self.client.post(
            reverse("desk:pictures"),
            {"image": factories.image_file(size=(800, 600)), "alt": "Gulls"},
            headers={"accept": "application/json"},
        )
        picture = Picture.objects.get(alt="Gulls")
        self.assertEqual(
            response.json(), {"id": picture.pk, "line": f"![Gulls](picture:{picture.pk})"}
        )

    def test_bad_uploads_are_refused_with_a_clear_message(self):
        """Not an image, or no alt text: a 400 naming the problem, and nothing stored."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        fake = SimpleUploadedFile("x.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
        response = self.client.post(reverse("desk:pictures"), {"image": fake, "alt": "x"})
        self.assertContains(response, "not a JPEG, PNG or WebP image", status_code=400)
        response = self.client.post(
            reverse("desk:pictures"),
            {"image": factories.image_file(), "alt": ""},
            headers={"accept": "application/json"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("alt", response.json()["errors"])
        self.assertEqual(Picture.objects.count(), 3)

    def test_readers_and_signed_out_visitors_cannot_use_the_library(self):
        """The library is for the newsroom: signed out, it asks to log in."""
        self.client.logout()
        response = self.client.get(reverse("desk:pictures"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])

    def test_the_edit_page_has_the_insert_picture_button_and_the_syntax(self):
        """The body field offers "Insert picture" and says how to place one without it."""
        response = self.client.get(reverse("desk:new"))
        self.assertContains(response, 'id="insert-picture"')
        self.assertContains(response, "Insert picture")
        self.assertContains(response, "![Alt text](picture:42 &quot;Caption&quot;)")
        self.assertContains(response, reverse("desk:pictures"))

    def test_the_library_and_the_edit_page_are_valid_html(self):
        """/desk/pictures/ and the edit page with its picture dialog pass the Nu HTML Checker."""
        if not VNU.exists() or not shutil.which("java"):
            self.fail("The Nu HTML Checker is missing: `make install-dev` installs it.")
        with tempfile.TemporaryDirectory() as folder:
            paths = []
            for name in ("pictures", "new"):
                path = Path(folder) / f"{name}.html"
                path.write_bytes(self.client.get(reverse(f"desk:{name}")).content)
                paths.append(str(path))
            result = subprocess.run(
                ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *paths],
                capture_output=True,
                text=True,
                timeout=180,
            )
        messages = json.loads(result.stderr or "{}").get("messages", [])
        self.assertEqual([(m["url"], m["message"]) for m in messages], [])


class DeskHeroPictureTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("rita")
        cls.picture = factories.picture(alt="Cranes over the harbour", caption="Dusk.")

    def setUp(self):
        self.client.force_login(self.reporter)

    def test_a_library_picture_becomes_the_hero_by_its_number(self):
        """Typing a library picture's number in the Hero image fieldset makes it the hero."""
        from articles.models import Article

        from .test_desk import desk_form_data

        data = desk_form_data(headline="Cranes", hero_picture=str(self.picture.pk))
        self.client.post(reverse("desk:new"), data)
        article = Article.objects.get(headline="Cranes")
        self.assertEqual(article.hero_picture, self.picture)
        page = self.client.get(reverse("desk:edit", args=[article.pk]))
        self.assertContains(page, f"Now: Picture {self.picture.pk} (“Cranes over the harbour”).")

    def test_an_unknown_picture_number_is_refused_clearly(self):
        """A number no picture has, or a word, is refused with a message, not an error page."""
        from .test_desk import desk_form_data

        for value, message in (
            ("424242", "Picture 424242 does not exist."),
            ("abc", "Give the number"),
        ):
            with self.subTest(value=value):
                data = desk_form_data(headline="Cranes", hero_picture=value)
                response = self.client.post(reverse("desk:new"), data)
                self.assertContains(response, message)
