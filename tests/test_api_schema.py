"""The API's OpenAPI schema is valid and true, and its docs work under the site's CSP."""

import re

from django.core.cache import cache
from django.test import TestCase, override_settings
from drf_spectacular.validation import validate_schema

from . import factories

SCHEMA = "/api/v1/schema/"
DOCS = "/api/v1/docs/"


class SchemaTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = factories.published(
            hero_image=factories.image_file(size=(800, 600)), hero_alt="A ferry"
        )

    def test_schema_is_valid_openapi_naming_every_endpoint(self):
        """/api/v1/schema/ is OpenAPI 3 JSON that validates, with each endpoint and the key scheme."""
        response = self.client.get(SCHEMA)
        self.assertEqual(response.status_code, 200)
        schema = response.json()
        validate_schema(schema)
        self.assertEqual(
            sorted(schema["paths"]),
            [
                "/api/v1/articles/",
                "/api/v1/articles/{id}/",
                "/api/v1/articles/{section}/{slug}/",
                "/api/v1/authors/",
                "/api/v1/corrections/",
                "/api/v1/sections/",
                "/api/v1/tags/",
            ],
        )
        self.assertEqual(
            schema["components"]["securitySchemes"]["apiKey"],
            {
                **schema["components"]["securitySchemes"]["apiKey"],
                "type": "http",
                "scheme": "bearer",
            },
        )
        parameters = {p["name"] for p in schema["paths"]["/api/v1/articles/"]["get"]["parameters"]}
        self.assertEqual(parameters, {"section", "tag", "author", "updated_since", "cursor"})
        self.assertIn("410", schema["paths"]["/api/v1/articles/{id}/"]["get"]["responses"])

    def test_responses_have_the_fields_the_schema_promises(self):
        """Every property the schema gives an article (and its picture) is in a real response, and no other."""
        components = self.client.get(SCHEMA).json()["components"]["schemas"]
        data = self.client.get(f"/api/v1/articles/{self.article.pk}/").json()
        self.assertEqual(set(components["Article"]["properties"]), set(data))
        self.assertEqual(set(components["Picture"]["properties"]), set(data["hero"]))
        self.assertEqual(
            set(components["Rendition"]["properties"]), set(data["hero"]["renditions"][0])
        )
        listed = self.client.get("/api/v1/articles/").json()
        self.assertEqual(set(components["PaginatedArticleList"]["properties"]), set(listed))


class DocsTests(TestCase):
    def test_docs_run_under_the_public_pages_policy(self):
        """The docs page has no inline script or style and sends the same CSP as the front page."""
        response = self.client.get(DOCS)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response["Content-Security-Policy"], self.client.get("/")["Content-Security-Policy"]
        )
        self.assertNotIn("unsafe-inline", response["Content-Security-Policy"])
        html = response.content.decode()
        self.assertNotIn("<style", html)
        scripts = re.findall(r"<script([^>]*)>", html)
        self.assertTrue(scripts)
        for attributes in scripts:
            self.assertIn("src=", attributes)

    def test_every_file_the_docs_load_is_ours(self):
        """Swagger UI, its start-up script and styles come from this site, none from a CDN."""
        html = self.client.get(DOCS).content.decode()
        urls = re.findall(r'(?:src|href)="([^"]+)"', html)
        self.assertEqual(len(urls), 6)
        for url in urls:
            with self.subTest(url):
                self.assertTrue(url.startswith("/"), url)
                response = self.client.get(url.replace("&amp;", "&"))
                self.assertEqual(response.status_code, 200)
        script = self.client.get(DOCS + "?script=")
        self.assertEqual(script["Content-Type"], "application/javascript")
        self.assertIn("/api/v1/schema/", script.content.decode())

    @override_settings(PAGE_CACHE_SECONDS=300)
    def test_cached_docs_still_serve_their_script(self):
        """With the page cache on, the page and its ?script are separate answers."""
        cache.clear()
        self.assertIn("text/html", self.client.get(DOCS)["Content-Type"])
        script = self.client.get(DOCS + "?script=")
        self.assertEqual(script["Content-Type"], "application/javascript")
        self.assertIn("text/html", self.client.get(DOCS)["Content-Type"])
