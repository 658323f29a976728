from io import StringIO

from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import TestCase, override_settings
from django.urls import reverse

from articles import markup
from articles.models import Article, Section, Tag, WorkflowEvent
from authors.models import Author


class SeedBenchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = StringIO()
        call_command(
            "seed_bench", articles=50, batch_size=20, seed=7, force=True, stdout=cls.output
        )

    def test_seeded_pieces_are_published_and_listed(self):
        """Fifty seeded pieces are live: published() counts them and the pages list them."""
        self.assertEqual(Article.objects.published().count(), 50)
        self.assertIn("50 / 50 pieces", self.output.getvalue())
        piece = Article.objects.published().order_by("-publish_at").first()
        for url in [
            reverse("articles:home"),
            piece.section.get_absolute_url(),
            piece.get_absolute_url(),
            piece.tags.first().get_absolute_url(),
            piece.bylines.first().author.get_absolute_url(),
            reverse("feed_latest_rss"),
        ]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, piece.headline)

    def test_seeded_pieces_look_like_workflow_output(self):
        """Each piece has a byline, tags, both dates, version 3, its events and its body's HTML."""
        pieces = Article.objects.annotate(
            authors_n=Count("bylines", distinct=True),
            tags_n=Count("tags", distinct=True),
            events_n=Count("events", distinct=True),
        )
        for piece in pieces:
            self.assertGreaterEqual(piece.authors_n, 1)
            self.assertGreaterEqual(piece.tags_n, 1)
            self.assertEqual(piece.events_n, 2)
            self.assertEqual(piece.version, 3)
            self.assertEqual(piece.first_published_at, piece.publish_at)
            self.assertEqual(piece.body_html, markup.render(piece.body))
        self.assertEqual(
            set(WorkflowEvent.objects.values_list("transition", flat=True)), {"submit", "publish"}
        )

    def test_search_finds_seeded_words(self):
        """A reader searching for a word the seeded pieces use gets results."""
        response = self.client.get(reverse("articles:search"), {"q": "council"})
        self.assertContains(response, "<mark>Council</mark>")
        self.assertContains(response, 'rel="next"')

    @override_settings(DEBUG=False)
    def test_refused_with_debug_off_unless_forced(self):
        """On a site with DEBUG off the command refuses and adds nothing."""
        with self.assertRaisesMessage(CommandError, "DEBUG is off"):
            call_command("seed_bench", articles=5, stdout=StringIO())
        self.assertEqual(Article.objects.count(), 50)


class SeedOverDemoTests(TestCase):
    @override_settings(DEBUG=True)
    def test_seeding_a_database_holding_the_demo_works(self):
        """`make bench` after `make run`: seeding over the demo adds pieces and no duplicate names."""
        call_command("load_demo", stdout=StringIO())
        before = Article.objects.published().count()
        call_command(
            "seed_bench", articles=30, batch_size=10, seed=3, force=True, stdout=StringIO()
        )
        self.assertEqual(Article.objects.published().count(), before + 30)
        for model in (Section, Tag, Author):
            with self.subTest(model=model.__name__):
                names = [name.lower() for name in model.objects.values_list("name", flat=True)]
                self.assertEqual(len(names), len(set(names)))
