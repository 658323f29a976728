"""Two people acting on one piece at the same instant, on real database connections."""

import threading
from unittest import mock

from django.db import connection, connections
from django.test import Client, TestCase, TransactionTestCase
from django.urls import reverse
from reversion.models import Version

from articles import workflow
from articles.editing import tag_named
from articles.models import Article, Tag, WorkflowEvent
from articles.views.desk import ArticleFormMixin
from pictures import images

from . import factories
from .test_desk import desk_form_data

WAIT = 15


def in_threads(*jobs):
    """Run each job in its own thread (own database connection); return their results in order."""
    results = [None] * len(jobs)

    def run(index, job):
        try:
            results[index] = job()
        except Exception as exc:  # Reported to the test below, not lost in the thread.
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT * 2)
    return results


def pause_after_form_loaded(wait):
    """Patch the desk so each request stops, its form built from the piece as loaded, in ``wait``."""
    original = ArticleFormMixin.get_form_kwargs

    def get_form_kwargs(view):
        kwargs = original(view)
        wait()
        return kwargs

    return mock.patch.object(ArticleFormMixin, "get_form_kwargs", get_form_kwargs)


class ConcurrentEditingTests(TransactionTestCase):
    def setUp(self):
        if connection.vendor != "postgresql":
            print("Skipped: concurrent writers need PostgreSQL (set DATABASE_URL=postgres://...).")
            self.skipTest("concurrent writers need PostgreSQL (set DATABASE_URL=postgres://...)")
        self.reporter = factories.reporter("rita")
        self.editor = factories.editor("eddie")
        self.article = factories.ArticleFactory(
            headline="Harbour plan", created_by=self.reporter, authors=[self.reporter.author]
        )
        self.url = reverse("desk:edit", args=[self.article.pk])

    def post_as_reporter(self, data):
        client = Client()
        client.force_login(self.reporter)
        response = client.post(self.url, data)
        return response.status_code, response.content.decode()

    def test_two_saves_at_once_one_wins_and_the_other_keeps_its_text(self):
        """Of two saves of one piece at the same instant, one is saved and the other is refused with its text kept."""
        first = desk_form_data(self.article, self.reporter, headline="Ferry fares frozen")
        second = desk_form_data(self.article, self.reporter, headline="Ferry fares doubled")
        both_loaded = threading.Barrier(2, timeout=WAIT)
        with pause_after_form_loaded(both_loaded.wait):
            results = in_threads(
                lambda: self.post_as_reporter(first), lambda: self.post_as_reporter(second)
            )
        for result in results:
            self.assertIsInstance(result, tuple, result)
        self.assertEqual(sorted(status for status, _ in results), [200, 302])
        (_, refused_page), headline = next(
            (r, data["headline"])
            for r, data in zip(results, [first, second], strict=True)
            if r[0] == 200
        )
        self.assertIn("after you opened it, and changed: Headline", refused_page)
        self.assertIn(f'value="{headline}"', refused_page)
        saved = Article.objects.get(pk=self.article.pk)
        self.assertNotEqual(saved.headline, headline)
        self.assertEqual(saved.version, self.article.version + 1)
        headlines = [v.field_dict["headline"] for v in Version.objects.get_for_object(saved)]
        # The winner's revision, then the piece as it was created: none for the refused save.
        self.assertEqual(headlines, [saved.headline, "Harbour plan"])

    def test_save_during_a_transition_keeps_the_new_state(self):
        """A reporter's save that lands just after the piece was submitted does not undo the submission."""
        loaded, transitioned = threading.Event(), threading.Event()

        def save_slowly():
            loaded.set()
            transitioned.wait(WAIT)

        def submit():
            loaded.wait(WAIT)
            try:
                return workflow.transition(
                    Article.objects.get(pk=self.article.pk), "submit", by=self.editor
                )
            finally:
                transitioned.set()

        data = desk_form_data(self.article, self.reporter, body="The council met on Friday.")
        with pause_after_form_loaded(save_slowly):
            results = in_threads(lambda: self.post_as_reporter(data), submit)
        self.assertIsInstance(results[1], WorkflowEvent, results[1])
        saved = Article.objects.get(pk=self.article.pk)
        self.assertEqual(saved.state, Article.State.IN_REVIEW)
        self.assertEqual(saved.events.count(), 1)

    def test_two_publish_clicks_at_once_publish_once(self):
        """Two editors pressing "Publish" at the same instant make one publication and one event."""
        factories.submitted(self.article)
        other = factories.editor("erin")
        both_ready = threading.Barrier(2, timeout=WAIT)

        def publish(user):
            article = Article.objects.get(pk=self.article.pk)
            both_ready.wait()
            try:
                workflow.transition(article, "publish", by=user)
            except workflow.TransitionRefused as refused:
                return refused.messages
            return "published"

        results = in_threads(lambda: publish(self.editor), lambda: publish(other))
        self.assertEqual(results.count("published"), 1, results)
        refusal = next(r for r in results if r != "published")
        self.assertEqual(refusal, ["“Publish” is not possible while the piece is published."])
        events = WorkflowEvent.objects.filter(article=self.article, transition="publish")
        self.assertEqual(events.count(), 1)
        self.assertEqual(Article.objects.published().filter(pk=self.article.pk).count(), 1)


class NewTagRaceTests(TestCase):
    def test_a_tag_made_by_someone_else_a_moment_ago_is_reused(self):
        """A new tag another reporter created at the same moment is reused, not a server error."""
        made_meanwhile = Tag.objects.create(name="ferries")
        not_there_yet = mock.MagicMock(**{"first.return_value": None})
        with mock.patch.object(Tag.objects, "filter", return_value=not_there_yet):
            self.assertEqual(tag_named("ferries"), made_meanwhile)
        self.assertEqual(Tag.objects.filter(name__iexact="ferries").count(), 1)


class ChecksUnderTheLockTests(TestCase):
    """Whether a save may happen is decided on the row as it is under the lock, after slow work."""

    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("rita")
        cls.editor = factories.editor("eddie")

    def setUp(self):
        self.article = factories.ArticleFactory(
            headline="Harbour plan", created_by=self.reporter, authors=[self.reporter.author]
        )
        self.client.force_login(self.reporter)

    def post_while_decoding(self, meanwhile, **changes):
        """Post a save with a picture; ``meanwhile`` runs while the picture is being decoded."""
        original = images.clean_image

        def slow_decode(upload):
            meanwhile()
            return original(upload)

        data = desk_form_data(self.article, self.reporter, hero_alt="The harbour", **changes)
        data["hero_image"] = factories.image_file(size=(800, 600))
        with mock.patch.object(images, "clean_image", side_effect=slow_decode):
            return self.client.post(reverse("desk:edit", args=[self.article.pk]), data)

    def publish(self):
        workflow.transition(self.article, "submit", by=self.reporter)
        workflow.transition(self.article, "publish", by=self.editor)

    def test_a_save_slowed_by_its_picture_does_not_land_on_a_piece_published_meanwhile(self):
        """A reporter's save that was still decoding its picture when the editor published changes nothing live."""
        response = self.post_while_decoding(self.publish, headline="Harbour plan scrapped")
        self.assertContains(response, "became published while you were saving")
        self.assertContains(response, 'value="Harbour plan scrapped"')
        live = Article.objects.published().get(pk=self.article.pk)
        self.assertEqual(live.headline, "Harbour plan")
        self.assertIsNone(live.hero_picture)

    def test_a_background_save_does_not_land_on_a_piece_submitted_meanwhile(self):
        """A background save that was under way when the piece was submitted is refused."""
        submit = lambda: workflow.transition(self.article, "submit", by=self.reporter)  # noqa: E731
        response = self.post_while_decoding(submit, action="autosave", body="Late words.")
        self.assertEqual(response.status_code, 409)
        self.assertIn("no longer a draft", response.json()["errors"][0])
        self.article.refresh_from_db()
        self.assertEqual(self.article.state, Article.State.IN_REVIEW)
        self.assertNotEqual(self.article.body, "Late words.")
