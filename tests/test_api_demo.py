"""What a partner sees first: the demo newspaper through the API, as `make run` serves it."""

from articles.models import Article

from .test_demo_data import DemoTestCase


class DemoApiTests(DemoTestCase):
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
