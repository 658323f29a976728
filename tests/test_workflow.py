import datetime

from django.test import TestCase
from django.utils import timezone

from articles import workflow
from articles.models import Article, WorkflowEvent
from articles.signals import article_transitioned

from . import factories


class SignalRecorder:
    def __init__(self):
        self.calls = []

    def __call__(self, sender, **kwargs):
        self.calls.append(kwargs)


class TransitionTableTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor()
        cls.reporter = factories.reporter()

    def setUp(self):
        self.signals = SignalRecorder()
        article_transitioned.connect(self.signals)
        self.addCleanup(article_transitioned.disconnect, self.signals)

    def piece_in(self, state, **kwargs):
        return factories.in_state(state, created_by=self.reporter, **kwargs)

    def test_every_row_moves_the_piece_records_an_event_and_signals_once(self):
        """Each allowed transition changes the state, writes one event and sends one signal."""
        rows = [
            ("submit", "draft", "in_review", self.reporter, ""),
            ("submit", "changes_requested", "in_review", self.reporter, ""),
            ("request_changes", "in_review", "changes_requested", self.editor, "Check the quote."),
            ("publish", "in_review", "published", self.editor, ""),
            ("withdraw", "published", "withdrawn", self.editor, "Legal advice."),
            ("back_to_draft", "withdrawn", "draft", self.editor, ""),
        ]
        for name, source, target, user, note in rows:
            with self.subTest(transition=name, source=source):
                article = self.piece_in(source)
                version = article.version
                self.signals.calls.clear()
                with self.captureOnCommitCallbacks(execute=True):
                    event = workflow.transition(
                        article, name, by=user, note=note, public_reason=note
                    )
                self.assertEqual(article.state, target)
                self.assertEqual(article.version, version + 1)
                self.assertEqual(
                    (event.from_state, event.to_state, event.actor, event.note),
                    (source, target, user, note),
                )
                self.assertEqual(len(self.signals.calls), 1)
                self.assertEqual(self.signals.calls[0]["event"], event)

    def test_wrong_state_is_refused(self):
        """A transition from a state the table does not list is refused and changes nothing."""
        for name, state in [
            ("publish", "draft"),
            ("request_changes", "draft"),
            ("withdraw", "in_review"),
            ("submit", "published"),
            ("back_to_draft", "in_review"),
        ]:
            with self.subTest(transition=name, state=state):
                article = self.piece_in(state)
                with self.assertRaisesMessage(workflow.TransitionRefused, "is not possible while"):
                    workflow.transition(article, name, by=self.editor, note="x")
                article.refresh_from_db()
                self.assertEqual(article.state, state)

    def test_missing_note_is_refused(self):
        """Requesting changes or withdrawing without a note is refused with a message."""
        for name, state in [("request_changes", "in_review"), ("withdraw", "published")]:
            with self.subTest(transition=name):
                article = self.piece_in(state)
                events = WorkflowEvent.objects.count()
                with self.assertRaisesMessage(workflow.TransitionRefused, "needs a note"):
                    workflow.transition(article, name, by=self.editor, note="   ")
                self.assertEqual(WorkflowEvent.objects.count(), events)

    def test_reporters_cannot_take_editors_transitions(self):
        """Calling transition() directly does not let a reporter publish, review or withdraw."""
        for name, state in [
            ("publish", "in_review"),
            ("request_changes", "in_review"),
            ("withdraw", "published"),
        ]:
            with self.subTest(transition=name):
                article = self.piece_in(state)
                with self.assertRaisesMessage(workflow.TransitionRefused, "You may not"):
                    workflow.transition(article, name, by=self.reporter, note="x")
                article.refresh_from_db()
                self.assertEqual(article.state, state)

    def test_reporter_cannot_submit_someone_elses_piece(self):
        """A reporter may submit only pieces they created or are on the byline of."""
        other = factories.reporter("other")
        article = factories.ArticleFactory(created_by=other)
        with self.assertRaisesMessage(workflow.TransitionRefused, "You may not"):
            workflow.transition(article, "submit", by=self.reporter)
        workflow.transition(article, "submit", by=other)
        self.assertEqual(article.state, "in_review")

    def test_checklist_refuses_with_one_message_per_missing_item(self):
        """Submitting an incomplete piece lists every missing item, each under its field."""
        article = factories.ArticleFactory(
            created_by=self.reporter,
            standfirst="",
            body="  ",
            section=None,
            authors=[],
            hero_image=factories.image_file(),
            hero_alt="",
        )
        with self.assertRaises(workflow.TransitionRefused) as refused:
            workflow.transition(article, "submit", by=self.reporter)
        self.assertEqual(
            set(refused.exception.message_dict),
            {"standfirst", "body", "section", "authors", "hero_alt"},
        )
        self.assertIn("Add a standfirst.", refused.exception.messages)
        article.refresh_from_db()
        self.assertEqual(article.state, "draft")

    def test_publish_sets_first_published_once(self):
        """Re-publishing a withdrawn piece keeps its first publication date."""
        article = self.piece_in("published")
        first = article.first_published_at
        self.assertIsNotNone(first)
        for name in ["withdraw", "back_to_draft", "submit", "publish"]:
            workflow.transition(
                article, name, by=self.editor, note="Reissue.", public_reason="Reissue."
            )
        self.assertEqual(article.first_published_at, first)

    def test_future_publish_schedules_and_back_to_draft_unschedules(self):
        """Publishing with a future time schedules the piece; Back to draft cancels it."""
        article = self.piece_in("in_review")
        when = timezone.now() + datetime.timedelta(days=1)
        workflow.transition(article, "publish", by=self.editor, publish_at=when)
        self.assertIs(article.is_scheduled, True)
        self.assertIn("back_to_draft", [t.name for t in workflow.available(article, self.editor)])
        workflow.transition(article, "back_to_draft", by=self.editor)
        self.assertEqual(article.state, "draft")
        self.assertIsNone(article.first_published_at)

    def test_live_piece_cannot_go_straight_back_to_draft(self):
        """A live piece must be withdrawn (with a note) before it can become a draft."""
        article = self.piece_in("published")
        self.assertNotIn(
            "back_to_draft", [t.name for t in workflow.available(article, self.editor)]
        )
        with self.assertRaises(workflow.TransitionRefused):
            workflow.transition(article, "back_to_draft", by=self.editor)

    def test_available_lists_buttons_per_role(self):
        """Reporters see only Submit on their draft; editors see review buttons on a piece in review."""
        draft = self.piece_in("draft")
        self.assertEqual(
            [str(t.label) for t in workflow.available(draft, self.reporter)], ["Submit for review"]
        )
        in_review = self.piece_in("in_review")
        self.assertEqual(workflow.available(in_review, self.reporter), [])
        self.assertEqual(
            [str(t.label) for t in workflow.available(in_review, self.editor)],
            ["Request changes", "Publish"],
        )

    def test_nothing_but_the_workflow_writes_state(self):
        """No form can offer the workflow's own fields: state and version are not editable."""
        self.assertIs(Article._meta.get_field("state").editable, False)
        self.assertIs(Article._meta.get_field("version").editable, False)

    def test_unknown_transition_is_refused(self):
        """An unknown transition name is refused, not ignored."""
        article = self.piece_in("draft")
        with self.assertRaisesMessage(workflow.TransitionRefused, "Unknown transition"):
            workflow.transition(article, "teleport", by=self.editor)
        self.assertEqual(Article.objects.get(pk=article.pk).state, "draft")
