import datetime

from django.test import TestCase
from django.utils import timezone

from articles.models import Article

from . import factories

PAST = datetime.timedelta(hours=-2)
FUTURE = datetime.timedelta(hours=2)


class VisibilityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor()

    def make(self, state, offset):
        """A piece in ``state`` whose publish time lies ``offset`` from now."""
        return factories.in_state(state, publish_at=timezone.now() + offset)

    def test_only_published_pieces_whose_time_has_come_are_public(self):
        """Readers see a piece only when it is published and its publish time has passed."""
        table = [
            ("draft", PAST, False),
            ("draft", FUTURE, False),
            ("in_review", PAST, False),
            ("in_review", FUTURE, False),
            ("changes_requested", PAST, False),
            ("changes_requested", FUTURE, False),
            ("published", PAST, True),
            ("published", FUTURE, False),
            ("withdrawn", PAST, False),
        ]
        for state, offset, visible in table:
            with self.subTest(state=state, future=offset > datetime.timedelta()):
                article = self.make(state, offset)
                self.assertEqual(article.state, state)
                self.assertIs(Article.objects.published().filter(pk=article.pk).exists(), visible)

    def test_scheduled_piece_goes_public_at_its_instant(self):
        """A scheduled piece appears at its publish time with nothing run in between."""
        import time_machine

        article = self.make("published", FUTURE)
        self.assertIn(article, Article.objects.scheduled())
        self.assertNotIn(article, Article.objects.published())
        with time_machine.travel(article.publish_at + datetime.timedelta(seconds=1)):
            self.assertIn(article, Article.objects.published())
            self.assertNotIn(article, Article.objects.scheduled())

    def test_for_desk_shows_reporters_only_their_own_pieces(self):
        """A reporter's desk lists their own pieces, an editor's lists every piece."""
        alice, bob = factories.reporter("alice"), factories.reporter("bob")
        by_alice = factories.ArticleFactory(authors=[alice.author])
        created_by_bob = factories.ArticleFactory(created_by=bob)
        self.assertEqual(list(Article.objects.for_desk(alice)), [by_alice])
        self.assertEqual(list(Article.objects.for_desk(bob)), [created_by_bob])
        self.assertEqual(Article.objects.for_desk(self.editor).count(), 2)


class UnpublishedNamesTests(TestCase):
    """A tag or byline that only unpublished work carries is not shown to readers."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor()

    def pages(self, tag, author):
        return {
            "tag page": tag.get_absolute_url(),
            "author page": author.get_absolute_url(),
            "author feed": f"/feeds/author/{author.slug}/rss/",
        }

    def test_tag_and_author_pages_need_a_published_piece(self):
        """A draft tagged "Takeover of Acme" leaves /tag/takeover-of-acme/ a 404 until it is live."""
        for state in ["draft", "in_review", "changes_requested", "scheduled", "withdrawn"]:
            with self.subTest(state=state):
                tag = factories.TagFactory(name=f"Takeover of Acme {state}")
                author = factories.AuthorFactory(name=f"Guest Writer {state}")
                article = factories.ArticleFactory(authors=[author])
                article.tags.add(tag)
                if state == "scheduled":
                    factories.published(article, publish_at=timezone.now() + FUTURE)
                else:
                    factories.in_state(state, article=article)
                for page, url in self.pages(tag, author).items():
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 404, page)
                    self.assertNotContains(response, tag.name, status_code=404)
                    self.assertNotContains(response, author.name, status_code=404)

    def test_tag_and_author_pages_answer_once_a_piece_is_live(self):
        """The same pages answer 200 once a piece carrying the tag and byline is public."""
        tag = factories.TagFactory(name="Harbour")
        author = factories.AuthorFactory(name="Ines Vogel")
        article = factories.ArticleFactory(authors=[author])
        article.tags.add(tag)
        factories.published(article)
        for page, url in self.pages(tag, author).items():
            with self.subTest(page=page):
                self.assertContains(self.client.get(url), article.headline)
