import re

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import TestCase, override_settings

from . import factories


@override_settings(SERVE_MEDIA=True)
class MediaServingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = factories.published(
            hero_image=factories.image_file(size=(1200, 800)),
            hero_alt="The harbour at dawn",
        )

    def image_urls(self):
        html = self.client.get(self.article.get_absolute_url()).content.decode()
        return re.findall(r'(/media/[^"\s,]+)', html)

    def test_hero_images_on_the_article_page_load(self):
        """Every hero image an article page links to loads as an image."""
        urls = self.image_urls()
        self.assertGreaterEqual(len(urls), 3)
        for url in set(urls):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertIn(response["Content-Type"], {"image/jpeg", "image/webp"})
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")
                b"".join(response.streaming_content)

    def test_images_may_be_cached_for_a_year(self):
        """Browsers keep a hero image instead of downloading it again on every page."""
        response = self.client.get(self.image_urls()[0])
        cache_control = response["Cache-Control"]
        self.assertIn("public", cache_control)
        self.assertIn("max-age=31536000", cache_control)
        self.assertIn("immutable", cache_control)
        b"".join(response.streaming_content)

    def test_only_images_are_served_from_media(self):
        """A script, page or SVG that lands among the uploads is never served (404)."""
        for name, content in [
            ("heroes/evil.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
            ("heroes/evil.html", b"<script>alert(1)</script>"),
            ("heroes/evil.js", b"alert(1)"),
            ("heroes/photo.jpg.gz", b"\x1f\x8b"),
        ]:
            stored = default_storage.save(name, ContentFile(content))
            with self.subTest(name=name):
                self.assertEqual(self.client.get(f"/media/{stored}").status_code, 404)

    def test_missing_files_and_folders_are_not_found(self):
        """A missing image or a folder of uploads answers 404, never a listing."""
        self.assertEqual(self.client.get("/media/heroes/missing.jpg").status_code, 404)
        self.assertEqual(self.client.get("/media/heroes/").status_code, 404)

    def test_media_is_not_served_by_the_app_when_switched_off(self):
        """With SERVE_MEDIA off (nginx or object storage serves media), the app answers 404."""
        url = self.image_urls()[0]
        with self.settings(SERVE_MEDIA=False):
            self.assertEqual(self.client.get(url).status_code, 404)
