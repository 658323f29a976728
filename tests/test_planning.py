"""Assignments on the desk: who sees which, "Start writing", the brief, and the signals sent."""

import datetime
import threading
from unittest import mock

import time_machine
from django.db import connection
from django.test import Client, TestCase, TransactionTestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from planning import signals
from planning.models import Assignment
from planning.writing import start_writing

from . import factories
from .test_concurrency import WAIT, in_threads

NOW = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC)


def assignment(*reporters, **kwargs):
    """An assignment due tomorrow, given to ``reporters``."""
    kwargs.setdefault("headline", "Night buses after midnight")
    kwargs.setdefault("brief", "Ride the N3 one night and talk to the drivers.")
    kwargs.setdefault("due_at", timezone.now() + datetime.timedelta(days=1))
    made = Assignment.objects.create(**kwargs)
    made.reporters.set(reporters)
    return made


class Received:
    """Collects what a signal sends while the test runs."""

    def __init__(self, test, signal):
        self.calls = []
        signal.connect(self, dispatch_uid=f"test-{id(self)}")
        test.addCleanup(signal.disconnect, dispatch_uid=f"test-{id(self)}")

    def __call__(self, sender, **kwargs):
        self.calls.append(kwargs)


@time_machine.travel(NOW, tick=False)
class AssignedToYouTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = factories.SectionFactory(name="News")
        cls.reporter = factories.reporter("sam")
        cls.other = factories.reporter("lena")
        cls.editor = factories.editor("ruth")
        cls.mine = assignment(cls.reporter, section=cls.section, created_by=cls.editor)
        cls.theirs = assignment(cls.other, headline="Jazz week line-up", section=cls.section)

    def test_reporter_sees_own_assignment_with_start_writing(self):
        """A reporter's desk lists their assignment under "Assigned to you" with "Start writing"."""
        self.client.force_login(self.reporter)
        response = self.client.get(reverse("desk:home"))
        self.assertContains(response, "Assigned to you")
        self.assertContains(response, "Night buses after midnight")
        self.assertContains(
            response,
            '<button type="submit" class="btn btn-sm btn-primary">Start writing</button>',
            html=True,
        )
        self.assertNotContains(response, "Jazz week line-up")

    def test_overdue_assignment_is_marked(self):
        """An assignment past its due time and not yet submitted says "Overdue" on the desk."""
        Assignment.objects.filter(pk=self.mine.pk).update(
            due_at=timezone.now() - datetime.timedelta(hours=2)
        )
        self.client.force_login(self.reporter)
        response = self.client.get(reverse("desk:home"))
        self.assertContains(response, '<strong class="text-danger">Overdue</strong>', html=True)

    def test_another_reporters_assignment_is_a_404(self):
        """Another reporter's assignment answers 404, and cannot be started."""
        self.client.force_login(self.other)
        self.assertEqual(self.client.get(self.mine.get_absolute_url()).status_code, 404)
        response = self.client.post(reverse("planning:start", args=[self.mine.pk]))
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Article.objects.exists())

    def test_reporter_reads_own_assignment(self):
        """A reporter opens their own assignment and reads its whole brief."""
        self.client.force_login(self.reporter)
        response = self.client.get(self.mine.get_absolute_url())
        self.assertContains(response, "Ride the N3 one night and talk to the drivers.")
        self.assertContains(response, "Start writing")

    def test_editor_sees_every_assignment_but_is_not_offered_to_start_it(self):
        """An editor opens any reporter's assignment; only its reporters may start it."""
        self.client.force_login(self.editor)
        response = self.client.get(self.theirs.get_absolute_url())
        self.assertContains(response, "Jazz week line-up")
        self.assertNotContains(response, "Start writing")
        response = self.client.post(reverse("planning:start", args=[self.theirs.pk]))
        self.assertEqual(response.status_code, 404)

    def test_anonymous_visitor_is_sent_to_sign_in(self):
        """Without signing in, assignment pages and "Start writing" redirect to the login page."""
        for url in (self.mine.get_absolute_url(), reverse("planning:start", args=[self.mine.pk])):
            with self.subTest(url=url):
                response = self.client.post(url) if "start" in url else self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(reverse("login")))

    def test_start_writing_is_a_post(self):
        """ "Start writing" opened as a link (GET) changes nothing and answers 405."""
        self.client.force_login(self.reporter)
        response = self.client.get(reverse("planning:start", args=[self.mine.pk]))
        self.assertEqual(response.status_code, 405)
        self.assertFalse(Article.objects.exists())


@time_machine.travel(NOW, tick=False)
class StartWritingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = factories.SectionFactory(name="Politics")
        cls.reporter = factories.reporter("sam")
        cls.colleague = factories.reporter("lena")
        cls.assignment = assignment(
            cls.reporter, cls.colleague, section=cls.section, headline="Budget vote preview"
        )

    def test_start_writing_creates_exactly_one_draft(self):
        """The first "Start writing" makes a draft; a second one opens the same draft."""
        self.client.force_login(self.reporter)
        url = reverse("planning:start", args=[self.assignment.pk])
        first = self.client.post(url)
        article = Article.objects.get()
        self.assertRedirects(first, reverse("desk:edit", args=[article.pk]))
        second = self.client.post(url)
        self.assertRedirects(second, reverse("desk:edit", args=[article.pk]))
        self.assertEqual(Article.objects.count(), 1)
        self.assertEqual(article.state, Article.State.DRAFT)
        self.assertEqual(article.headline, "Budget vote preview")
        self.assertEqual(article.section, self.section)
        self.assertEqual(article.created_by, self.reporter)
        self.assertEqual(
            [b.author.user for b in article.bylines.order_by("position")],
            [self.reporter, self.colleague],
        )
        self.assertEqual(Assignment.objects.get().article, article)

    def test_colleague_continues_the_same_draft(self):
        """When one reporter has started, the other sees "Continue writing" and may edit it."""
        self.client.force_login(self.reporter)
        self.client.post(reverse("planning:start", args=[self.assignment.pk]))
        article = Article.objects.get()
        self.client.force_login(self.colleague)
        response = self.client.get(reverse("desk:home"))
        self.assertContains(response, "Continue writing")
        self.assertNotContains(response, "Start writing")
        self.assertEqual(self.client.get(reverse("desk:edit", args=[article.pk])).status_code, 200)

    def test_brief_is_shown_beside_the_body(self):
        """The desk's edit page of a piece written for an assignment shows its brief."""
        self.client.force_login(self.reporter)
        response = self.client.post(
            reverse("planning:start", args=[self.assignment.pk]), follow=True
        )
        self.assertContains(response, '<h2 class="h5" id="brief-heading">Brief</h2>', html=True)
        self.assertContains(response, "Ride the N3 one night and talk to the drivers.")

    def test_submitted_piece_leaves_assigned_to_you(self):
        """Once the piece is submitted, the assignment is no longer on the reporter's list."""
        self.client.force_login(self.reporter)
        self.client.post(reverse("planning:start", args=[self.assignment.pk]))
        article = Article.objects.get()
        article.standfirst = "What the council will cut."
        article.body = "The vote is on Thursday."
        article.save()
        factories.submitted(article)
        response = self.client.get(reverse("desk:home"))
        self.assertNotContains(response, "Assigned to you")

    def test_start_sends_assignment_started_once(self):
        """ "Start writing" announces the new draft once, after it is saved; a second click does not."""
        received = Received(self, signals.assignment_started)
        self.client.force_login(self.reporter)
        url = reverse("planning:start", args=[self.assignment.pk])
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url)
        self.assertEqual(len(received.calls), 1)
        self.assertEqual(received.calls[0]["article"], Article.objects.get())
        self.assertEqual(received.calls[0]["by"], self.reporter)


class AssignmentAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = factories.SectionFactory(name="Business")
        cls.reporter = factories.reporter("sam")
        cls.colleague = factories.reporter("lena")
        cls.editor = factories.editor("ruth")

    def add(self, **data):
        values = {
            "headline": "Crane inspection",
            "brief": "Ask for the full report.",
            "section": self.section.pk,
            "reporters": [self.reporter.pk],
            "priority": Assignment.Priority.HIGH,
            "due_at": "2030-03-04T16:00",
            "publish_at": "",
            "article": "",
            **data,
        }
        return self.client.post(reverse("admin:planning_assignment_add"), values)

    def test_editor_gives_an_assignment_and_reporters_are_announced(self):
        """An editor's new assignment is saved with its creator and announces its reporters."""
        received = Received(self, signals.assignment_given)
        self.client.force_login(self.editor)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.add()
        self.assertRedirects(response, reverse("admin:planning_assignment_changelist"))
        made = Assignment.objects.get()
        self.assertEqual(made.created_by, self.editor)
        self.assertEqual(
            received.calls,
            [
                {
                    "signal": signals.assignment_given,
                    "assignment": made,
                    "reporters": [self.reporter],
                    "by": self.editor,
                }
            ],
        )

    def test_adding_a_reporter_announces_only_the_new_one(self):
        """Adding a second reporter announces that reporter alone; a changed due time is announced too."""
        self.client.force_login(self.editor)
        self.add()
        made = Assignment.objects.get()
        given = Received(self, signals.assignment_given)
        changed = Received(self, signals.assignment_changed)
        url = reverse("admin:planning_assignment_change", args=[made.pk])
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                url,
                {
                    "headline": "Crane inspection",
                    "brief": "Ask for the full report.",
                    "section": self.section.pk,
                    "reporters": [self.reporter.pk, self.colleague.pk],
                    "priority": Assignment.Priority.HIGH,
                    "due_at": "2030-03-05T16:00",
                    "publish_at": "",
                    "article": "",
                },
            )
        self.assertEqual([c["reporters"] for c in given.calls], [[self.colleague]])
        self.assertEqual([c["changed"] for c in changed.calls], [["due_at"]])

    def test_publish_time_before_due_time_is_refused(self):
        """A planned publish time before the due time is refused with a message, not saved."""
        self.client.force_login(self.editor)
        response = self.add(publish_at="2030-03-04T09:00")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The planned publish time comes before the piece is due")
        self.assertFalse(Assignment.objects.exists())

    def test_reporter_cannot_manage_assignments_in_the_admin(self):
        """A reporter who opens the assignments admin is sent away, not shown the list."""
        self.client.force_login(self.reporter)
        response = self.client.get(reverse("admin:planning_assignment_changelist"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("admin:login")))


class ConcurrentStartTests(TransactionTestCase):
    def setUp(self):
        if connection.vendor != "postgresql":
            self.skipTest("concurrent writers need PostgreSQL (set DATABASE_URL=postgres://...)")
        self.reporter = factories.reporter("sam")
        self.colleague = factories.reporter("lena")
        self.assignment = assignment(self.reporter, self.colleague)

    def test_two_reporters_starting_at_once_get_one_draft(self):
        """Two reporters pressing "Start writing" at the same instant both land in one draft."""
        barrier = threading.Barrier(2, timeout=WAIT)

        def start_together(*args, **kwargs):
            barrier.wait()
            return start_writing(*args, **kwargs)

        def press(user):
            client = Client()
            client.force_login(user)
            response = client.post(reverse("planning:start", args=[self.assignment.pk]))
            return response.status_code, response.get("Location")

        with mock.patch("planning.views.start_writing", start_together):
            results = in_threads(lambda: press(self.reporter), lambda: press(self.colleague))
        article = Article.objects.get()
        edit = reverse("desk:edit", args=[article.pk])
        self.assertEqual(results, [(302, edit), (302, edit)])


@time_machine.travel(NOW, tick=False)
class DueAndOverdueTests(TestCase):
    """The queries a reminder ("due within 24 hours", "overdue") is built on."""

    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("sam")
        hours = datetime.timedelta(hours=1)
        cls.late = assignment(cls.reporter, headline="Late", due_at=NOW - 2 * hours)
        cls.soon = assignment(cls.reporter, headline="Soon", due_at=NOW + 5 * hours)
        cls.later = assignment(cls.reporter, headline="Later", due_at=NOW + 30 * hours)
        cls.handed_in = assignment(cls.reporter, headline="Handed in", due_at=NOW - hours)
        cls.handed_in.article = factories.submitted(headline="Handed in")
        cls.handed_in.save()

    def test_overdue_leaves_out_pieces_already_with_an_editor(self):
        """Overdue means past due and not yet submitted; a piece in review is not overdue."""
        self.assertQuerySetEqual(Assignment.objects.overdue(), [self.late])
        self.assertIs(self.late.is_overdue, True)
        self.assertIs(self.handed_in.is_overdue, False)

    def test_due_within_a_day(self):
        """Due within 24 hours is the one due in five hours, not the overdue or later ones."""
        self.assertQuerySetEqual(
            Assignment.objects.due_within(datetime.timedelta(hours=24)), [self.soon]
        )
