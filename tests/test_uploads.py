"""Hero image uploads: only real JPEG, PNG or WebP pictures within the limits are kept.

Every refusal is a form error the reporter can act on, and leaves nothing in
MEDIA_ROOT. Accepted files are re-encoded under our own random names.
"""

import io
import re
import struct
import zlib
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from PIL import Image

from articles.models import Article
from pictures import images

from . import factories
from .test_admin import change_form_data
from .test_desk import desk_form_data

SCRIPT = b"<script>alert(document.domain)</script>"


def picture(image_format="JPEG", size=(64, 48), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, "teal" if mode == "RGB" else 1).save(buffer, image_format)
    return buffer.getvalue()


def noisy_jpeg():
    """A JPEG big enough that cutting its end leaves a header Pillow opens happily."""
    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 50).convert("RGB").save(buffer, "JPEG")
    return buffer.getvalue()


def png_header(width, height):
    """A PNG that claims ``width`` x ``height`` pixels in a few dozen bytes (a decompression bomb)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def gif_polyglot():
    """A valid GIF whose bytes also carry a script."""
    buffer = io.BytesIO()
    Image.new("P", (8, 8)).save(buffer, "GIF", comment=SCRIPT)
    return buffer.getvalue() + SCRIPT


# name -> (file name, bytes, words of the message the reporter sees)
REFUSED = {
    "svg with script": (
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
        "not a JPEG, PNG or WebP image",
    ),
    "html named .jpg": ("photo.jpg", b"<!DOCTYPE html><html>" + SCRIPT + b"</html>", "not a JPEG"),
    "html named .html": ("page.html", b"<html>" + SCRIPT + b"</html>", "not a JPEG"),
    "gif polyglot": ("funny.gif", gif_polyglot(), "Upload a JPEG, PNG or WebP image."),
    "gif polyglot named .jpg": ("funny.jpg", gif_polyglot(), "Upload a JPEG, PNG or WebP image."),
    "truncated png": ("cut.png", picture("PNG", (400, 300))[:200], "damaged"),
    "truncated jpeg header": ("cut.jpg", picture("JPEG", (400, 300))[:300], "damaged"),
    "truncated jpeg": ("cut.jpg", noisy_jpeg()[:-2000], "damaged"),
    "empty file": ("empty.jpg", b"", "The submitted file is empty."),
    "huge dimensions": ("wide.png", png_header(8000, 6000), "the limit for PNG is 16 megapixels"),
    # 131 KB on disk, 550 MB once decoded whole.
    "small file, many pixels": (
        "plain.png",
        png_header(6300, 6300),
        "the limit for PNG is 16 megapixels",
    ),
    "decompression bomb": ("bomb.png", png_header(40_000, 40_000), "too many pixels"),
    "bmp": ("old.bmp", picture("BMP"), "Upload a JPEG, PNG or WebP image."),
    "tiff": ("scan.tif", picture("TIFF"), "Upload a JPEG, PNG or WebP image."),
}


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


class UploadRefusalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("rep")
        cls.editor = factories.editor("ed")

    def post_desk(self, name, content, headline="With upload"):
        self.client.force_login(self.reporter)
        upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
        data = desk_form_data(headline=headline, hero_alt="A picture")
        return self.client.post(reverse("desk:new"), {**data, "hero_image": upload})

    def test_each_hostile_or_broken_file_gets_a_clear_error_and_nothing_is_stored(self):
        """SVG, HTML, polyglots, broken files, bombs and other formats are refused with a message; nothing is kept."""
        for case, (name, content, message) in REFUSED.items():
            with self.subTest(case=case):
                before = stored_files()
                response = self.post_desk(name, content, headline=f"Upload {case}")
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
                self.assertContains(response, 'class="invalid-feedback"')
                self.assertFalse(Article.objects.filter(headline=f"Upload {case}").exists())
                self.assertEqual(stored_files(), before)

    def test_the_admin_refuses_the_same_files(self):
        """The admin's hero image field gives the same refusals and stores nothing."""
        article = factories.ArticleFactory()
        self.client.force_login(self.editor)
        for case in ["html named .jpg", "gif polyglot", "decompression bomb"]:
            name, content, message = REFUSED[case]
            with self.subTest(case=case):
                before = stored_files()
                data = change_form_data(article, hero_alt="A picture")
                data["hero_image"] = SimpleUploadedFile(name, content)
                response = self.client.post(
                    reverse("admin:articles_article_change", args=[article.pk]), data
                )
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
                self.assertEqual(stored_files(), before)
                article.refresh_from_db()
                self.assertIsNone(article.hero_picture)

    def test_a_50_mb_file_is_refused_by_size_before_it_is_decoded(self):
        """A 50 MB upload is refused as too large, without Pillow ever opening it."""
        content = picture() + b"\0" * (50 * 1024 * 1024)
        before = stored_files()
        with mock.patch.object(images.Image, "open", wraps=Image.open) as opened:
            response = self.post_desk("big.jpg", content, headline="Too big")
        self.assertContains(response, "the limit is 15 MB")
        opened.assert_not_called()
        self.assertEqual(stored_files(), before)
        self.assertFalse(Article.objects.filter(headline="Too big").exists())

    def test_pixel_limit_is_checked_before_the_pixels_are_decoded(self):
        """A picture claiming too many pixels is refused from its header alone, before decoding."""
        upload = SimpleUploadedFile("wide.png", png_header(8000, 6000))
        with (
            mock.patch.object(Image.Image, "load") as load,
            self.assertRaisesMessage(ValidationError, "the limit for PNG is 16 megapixels"),
        ):
            images.validate_image(upload)
        load.assert_not_called()

    def test_upload_limits_are_set_deliberately(self):
        """The request limits are set in settings, not left to chance."""
        self.assertEqual(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, 2_621_440)
        self.assertEqual(settings.DATA_UPLOAD_MAX_NUMBER_FILES, 5)
        self.assertEqual(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS, 1000)
        self.assertLessEqual(settings.FILE_UPLOAD_MAX_MEMORY_SIZE, images.MAX_BYTES)


class UploadAcceptanceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("rep")

    def setUp(self):
        self.client.force_login(self.reporter)

    def upload(self, name, content, headline):
        upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
        data = desk_form_data(headline=headline, hero_alt="A picture")
        response = self.client.post(reverse("desk:new"), {**data, "hero_image": upload})
        self.assertEqual(response.status_code, 302, response.content[:500])
        return Article.objects.get(headline=headline)

    def test_png_bytes_named_jpg_are_accepted_because_pillow_verified_them(self):
        """A real PNG with a .jpg name is a real picture: it is accepted and stored as our own JPEG."""
        article = self.upload("photo.jpg", picture("PNG", (300, 200)), "PNG as jpg")
        with Image.open(article.hero_picture.image.path) as stored:
            self.assertEqual(stored.format, "JPEG")

    def test_jpeg_polyglot_is_re_encoded_so_the_script_is_gone(self):
        """A JPEG carrying a script in a comment and after its end is kept only as a fresh JPEG."""
        buffer = io.BytesIO()
        Image.new("RGB", (300, 200), "teal").save(buffer, "JPEG", comment=SCRIPT)
        article = self.upload("poly.jpg", buffer.getvalue() + SCRIPT, "Polyglot")
        stored = Path(article.hero_picture.image.path).read_bytes()
        self.assertNotIn(b"<script", stored)
        for rendition in article.hero_picture.renditions:
            data = (Path(settings.MEDIA_ROOT) / rendition["name"]).read_bytes()
            self.assertNotIn(b"<script", data)

    def test_uploaded_file_names_never_reach_the_file_system(self):
        """Whatever the file was called, it is stored under a random name of ours."""
        names = [
            "../../etc/passwd.jpg",
            "holiday photo.jpg",
            "evil.php.jpg",
            "<script>.png",
            "..\\..\\windows.jpg",
            "\u202egpj.exe",
            "a" * 300 + ".jpg",
        ]
        for n, name in enumerate(names):
            with self.subTest(name=name):
                article = self.upload(name, picture(), f"Named upload {n}")
                stored = article.hero_picture.image.name
                self.assertRegex(stored, r"^pictures/[0-9a-f]{32}\.jpg$")
                for rendition in article.hero_picture.renditions:
                    self.assertRegex(rendition["name"], r"^pictures/[0-9a-f]{32}-\d+\.(jpg|webp)$")
                stem = re.sub(r"\W", "", Path(name.replace("\\", "/")).stem)[:20]
                if stem:
                    self.assertNotIn(stem, stored)


class DecodingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("rep")

    def test_a_refused_form_never_decodes_its_picture(self):
        """A form refused for a missing alt text is answered without decoding the picture."""
        self.client.force_login(self.reporter)
        data = desk_form_data(headline="No alt text", hero_alt="")
        data["hero_image"] = factories.image_file(size=(800, 600))
        with mock.patch.object(images, "clean_image", wraps=images.clean_image) as decode:
            response = self.client.post(reverse("desk:new"), data)
        self.assertContains(response, "Describe the picture for readers who cannot see it.")
        decode.assert_not_called()
        self.assertFalse(Article.objects.filter(headline="No alt text").exists())

    def test_decoding_the_largest_accepted_pictures_stays_within_memory(self):
        """The largest picture each format accepts is decoded in under 200 MB of memory."""
        for image_format, side in [("JPEG", 6300), ("PNG", 4000), ("WEBP", 4000)]:
            with self.subTest(image_format=image_format):
                peak = peak_memory_of_decoding(image_format, side)
                self.assertLess(peak, 200, f"{image_format} {side}² used {peak} MB")


PEAK_SCRIPT = """
import io, os, resource, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pictures import images
image_format, side = sys.argv[1], int(sys.argv[2])
buffer = io.BytesIO()
Image.new("RGB", (side, side), "white").save(buffer, image_format)
upload = SimpleUploadedFile("picture", buffer.getvalue())
del buffer
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
images.validate_image(upload)
images.clean_image(upload)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


def peak_memory_of_decoding(image_format, side):
    """Megabytes by which checking and cleaning one upload raise a fresh process's peak memory."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", PEAK_SCRIPT, image_format, str(side)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return int(result.stdout.strip().splitlines()[-1])
