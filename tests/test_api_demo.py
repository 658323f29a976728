"""What a partner sees first: the demo newspaper through the API, as `make run` serves it."""

import shutil
import tempfile
from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings

from articles.models import Article


class DemoApiTests(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.media = tempfile.mkdtemp(prefix="newsroom-api-demo-")
        cls.settings_override = override_settings(DEBUG=True, MEDIA_ROOT=cls.media)
        cls.settings_override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.settings_override.disable()
        shutil.rmtree(cls.media, ignore_errors=True)

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())

    def test_articles_list_the_demos_published_pieces_and_nothing_else(self):
        """`curl /api/v1/articles/` pages through exactly the pieces readers can see, newest first."""
        found, url = [], "/api/v1/articles/"
        while url:
            page = self.client.get(url).json()
            found += [item["id"] for item in page["results"]]
            url = page["next"]
        expected = list(Article.objects.published().values_list("pk", flat=True))
        self.assertEqual(found, expected)
        self.assertGreater(len(found), 20)
        hidden = Article.objects.exclude(pk__in=expected)
        self.assertTrue(hidden.filter(state=Article.State.DRAFT).exists())
        withdrawn = Article.objects.withdrawn().first()
        gone = self.client.get(f"/api/v1/articles/{withdrawn.pk}/")
        self.assertEqual(gone.status_code, 410)
        self.assertTrue(gone.json()["reason"])
