import datetime

from django.test import TestCase
from django.utils import timezone

from articles import workflow
from articles.models import Article

from . import factories

PAST = datetime.timedelta(hours=-2)
FUTURE = datetime.timedelta(hours=2)


class VisibilityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor()

    def make(self, state, offset):
        """A piece in ``state`` whose publish time lies ``offset`` from now, made by the workflow."""
        article = factories.ArticleFactory()
        when = timezone.now() + offset
        steps = {
            "draft": [],
            "in_review": ["submit"],
            "changes_requested": ["submit", "request_changes"],
            "published": ["submit", "publish"],
            "withdrawn": ["submit", "publish", "withdraw"],
        }[state]
        for name in steps:
            workflow.transition(
                article,
                name,
                by=self.editor,
                note="Because.",
                publish_at=when if name == "publish" else None,
            )
        if state not in ("published", "withdrawn"):
            Article.objects.filter(pk=article.pk).update(publish_at=when)
        return article

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
