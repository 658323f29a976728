"""Who hears of what happens to a piece, and the mail they get through the queue."""

import datetime
from unittest import mock

import time_machine
from django.core import mail
from django.db import transaction
from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import workflow
from articles.models import Correction
from discussion import mail as notification_mail
from discussion.models import Notification, NotificationSettings, SectionEditor
from discussion.notify import notify
from ops.worker import run_due_tasks

from . import factories


class FailingBackend:
    """A mail server that refuses the first ``failures`` messages of a test."""

    failures = 0
    calls = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).calls <= type(self).failures:
            raise ConnectionRefusedError("the mail server is down")
        mail.outbox.extend(messages)
        return len(messages)


def recipients(event=None):
    rows = Notification.objects.all()
    if event:
        rows = rows.filter(event=event)
    return sorted(rows.values_list("recipient__username", flat=True))


class NewsroomMixin:
    """Two editors, a reporter who writes a piece with a colleague and a wire service."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor("editor")
        cls.editor.email = "editor@example.org"
        cls.editor.save()
        cls.other_editor = factories.editor("night-editor")
        cls.reporter = factories.reporter("reporter")
        cls.reporter.email = "reporter@example.org"
        cls.reporter.save()
        cls.colleague = factories.reporter("colleague")
        cls.bystander = factories.reporter("bystander")
        wire = factories.AuthorFactory(name="Wire service", is_organisation=True)
        cls.section = factories.SectionFactory(name="Harbour")
        cls.article = factories.ArticleFactory(
            headline="Ferries run at night",
            section=cls.section,
            created_by=cls.reporter,
            authors=[cls.reporter.author, cls.colleague.author, wire],
        )

    def take(self, name, by, **kwargs):
        t = workflow.TRANSITIONS[name]
        if t.note_required:
            kwargs.setdefault("note", "Please check the timetable.")
        if t.public_reason_required:
            kwargs.setdefault("public_reason", "The timetable was wrong.")
        with self.captureOnCommitCallbacks(execute=True):
            return workflow.transition(self.article, name, by=by, **kwargs)


class WhoIsNotifiedTests(NewsroomMixin, TestCase):
    def test_submission_goes_to_every_editor_and_not_the_reporter(self):
        """A reporter submits: both editors are told, nobody on the byline is."""
        self.take("submit", self.reporter)
        self.assertEqual(recipients(), sorted(["editor", "night-editor"]))

    def test_section_editors_alone_hear_of_their_sections_submissions(self):
        """Where a section has editors, a submission there goes to them only."""
        SectionEditor.objects.create(section=self.section, user=self.other_editor)
        self.take("submit", self.reporter)
        self.assertEqual(recipients(), ["night-editor"])

    def test_byline_and_creator_hear_of_each_decision_but_not_who_took_it(self):
        """Changes requested, published, scheduled and withdrawn reach the byline's people only."""
        later = timezone.now() + datetime.timedelta(days=1)
        cases = [
            (["submit", "request_changes"], Notification.Event.CHANGES_REQUESTED, {}),
            (["submit", "publish"], Notification.Event.PUBLISHED, {}),
            (["submit", "publish"], Notification.Event.SCHEDULED, {"publish_at": later}),
            (["submit", "publish", "withdraw"], Notification.Event.WITHDRAWN, {}),
        ]
        for path, event, options in cases:
            with self.subTest(event=event):
                article = factories.ArticleFactory(
                    created_by=self.reporter,
                    authors=[self.reporter.author, self.colleague.author],
                )
                self.article = article
                for name in path:
                    self.take(name, self.editor, **(options if name == "publish" else {}))
                self.assertEqual(
                    sorted(
                        Notification.objects.filter(article=article, event=event).values_list(
                            "recipient__username", flat=True
                        )
                    ),
                    ["colleague", "reporter"],
                )

    def test_a_correction_reaches_the_byline(self):
        """A public correction added by an editor tells the people on the piece."""
        self.take("submit", self.editor)
        self.take("publish", self.editor)
        Notification.objects.all().delete()
        with self.captureOnCommitCallbacks(execute=True):
            Correction.objects.create(
                article=self.article, text="The last boat leaves at 01:40.", created_by=self.editor
            )
        self.assertEqual(recipients(Notification.Event.CORRECTED), ["colleague", "reporter"])
        self.assertEqual(
            Notification.objects.get(recipient=self.reporter).detail,
            "The last boat leaves at 01:40.",
        )

    def test_the_person_acting_is_never_told_of_it(self):
        """A reporter on the byline who adds a correction is not told of it; their colleague is."""
        self.take("submit", self.editor)
        self.take("publish", self.editor)
        with self.captureOnCommitCallbacks(execute=True):
            Correction.objects.create(article=self.article, text="Fixed.", created_by=self.reporter)
        self.assertEqual(recipients(Notification.Event.CORRECTED), ["colleague"])

    def test_one_event_gives_each_person_one_notification(self):
        """The creator who is also on the byline is told once, even if the event is announced twice."""
        event = self.take("submit", self.editor)
        self.take("request_changes", self.editor)
        self.assertEqual(
            recipients(Notification.Event.CHANGES_REQUESTED), ["colleague", "reporter"]
        )
        again = notify(
            [self.reporter, self.reporter],
            Notification.Event.CHANGES_REQUESTED,
            article=self.article,
            key=f"workflow-event:{event.pk + 1}",
        )
        self.assertEqual(again, [])
        self.assertEqual(
            recipients(Notification.Event.CHANGES_REQUESTED), ["colleague", "reporter"]
        )

    def test_a_rolled_back_transition_notifies_no_one(self):
        """A submit whose transaction rolls back leaves no notification and no queued mail."""
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            try:
                with transaction.atomic():
                    workflow.transition(self.article, "submit", by=self.reporter)
                    raise RuntimeError("something later in the request failed")
            except RuntimeError:
                pass
        self.assertEqual(callbacks, [])
        self.assertEqual(Notification.objects.count(), 0)
        self.assertEqual(DBTaskResult.objects.count(), 0)

    def test_the_item_text_names_who_did_what(self):
        """The inbox line says who asked for changes to which piece, with the editor's note."""
        self.editor.first_name, self.editor.last_name = "Ana", "Ortiz"
        self.editor.save()
        self.take("submit", self.reporter)
        self.take("request_changes", self.editor, note="Add the fares.")
        item = Notification.objects.get(recipient=self.reporter)
        self.assertEqual(item.text, "Ana Ortiz asked for changes to “Ferries run at night”")
        self.assertEqual(item.detail, "Add the fares.")


class MailTests(NewsroomMixin, TestCase):
    def test_mail_is_sent_by_the_worker_not_the_request(self):
        """Submitting queues the editor's mail; it is in the outbox only once the worker ran."""
        self.take("submit", self.reporter)
        self.assertEqual(mail.outbox, [])
        run_due_tasks()
        self.assertEqual([m.to for m in mail.outbox], [["editor@example.org"]])
        message = mail.outbox[0]
        self.assertIn("submitted “Ferries run at night” for review", message.subject)
        self.assertIn(
            f"http://testserver/admin/articles/article/{self.article.pk}/change/", message.body
        )

    def test_reporters_mail_links_to_the_desk(self):
        """The reporter's mail about requested changes links to the piece on the desk, absolutely."""
        self.take("submit", self.reporter)
        self.take("request_changes", self.editor, note="Add the fares.")
        run_due_tasks()
        (message,) = [m for m in mail.outbox if m.to == ["reporter@example.org"]]
        self.assertIn(f"http://testserver/desk/{self.article.pk}/edit/", message.body)
        self.assertIn("Add the fares.", message.body)
        self.assertIn("http://testserver/inbox/", message.body)

    def test_mail_goes_out_once_however_often_the_task_runs(self):
        """Running the same mail task again (a retry, a recovered task) sends nothing more."""
        self.take("submit", self.reporter)
        notification = Notification.objects.get(recipient=self.editor)
        run_due_tasks()
        self.assertEqual(notification_mail.deliver(notification.pk), "skipped")
        notification_mail.send_notification_mail.enqueue(notification.pk)
        run_due_tasks()
        self.assertEqual(len(mail.outbox), 1)
        notification.refresh_from_db()
        self.assertEqual(notification.mail, Notification.Mail.SENT)

    def test_a_person_who_turned_mail_off_gets_the_item_but_no_mail(self):
        """Mail off in the inbox's setting: the notification is there, no mail is sent."""
        NotificationSettings.objects.create(user=self.editor, mail_enabled=False)
        self.take("submit", self.reporter)
        run_due_tasks()
        self.assertEqual(mail.outbox, [])
        self.assertEqual(Notification.objects.get(recipient=self.editor).mail, "off")

    def test_turning_mail_off_stops_mail_still_queued(self):
        """Mail turned off after the event but before the worker ran is not sent."""
        self.take("submit", self.reporter)
        NotificationSettings.objects.create(user=self.editor, mail_enabled=False)
        run_due_tasks()
        self.assertEqual(mail.outbox, [])


@override_settings(EMAIL_BACKEND="tests.test_notifications.FailingBackend")
class RetryTests(NewsroomMixin, TestCase):
    def setUp(self):
        FailingBackend.calls = 0

    def test_a_failed_mail_is_tried_again_later_and_then_sent(self):
        """The mail server is down once: the mail waits 30 s, then goes out, once."""
        FailingBackend.failures = 1
        with time_machine.travel("2027-03-01 09:00:00+00:00", tick=False):
            self.take("submit", self.reporter)
            run_due_tasks()
            notification = Notification.objects.get(recipient=self.editor)
            self.assertEqual(notification.mail, Notification.Mail.RETRYING)
            self.assertEqual(notification.mail_attempts, 1)
            self.assertIn("the mail server is down", notification.mail_error)
            self.assertEqual(
                notification.mail_next_try_at, timezone.now() + datetime.timedelta(seconds=30)
            )
            self.assertEqual(DBTaskResult.objects.failed().count(), 1)
            self.assertEqual(run_due_tasks(), 0, "tried again before the backoff")
        with time_machine.travel("2027-03-01 09:00:31+00:00", tick=False):
            self.assertEqual(run_due_tasks(), 1)
        notification.refresh_from_db()
        self.assertEqual(notification.mail, Notification.Mail.SENT)
        self.assertEqual(notification.mail_attempts, 2)
        self.assertEqual(len(mail.outbox), 1)

    def test_backoff_grows_and_gives_up_where_editors_see_it(self):
        """Five failures, each wait longer than the last; then the mail is marked failed in the admin."""
        FailingBackend.failures = 100
        start = datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC)
        waits = []
        with time_machine.travel(start, tick=False) as clock:
            self.take("submit", self.reporter)
            notification = Notification.objects.get(recipient=self.editor)
            for _attempt in range(5):
                run_due_tasks()
                notification.refresh_from_db()
                if notification.mail_next_try_at:
                    waits.append(notification.mail_next_try_at - timezone.now())
                    clock.move_to(notification.mail_next_try_at)
        self.assertEqual(waits, list(notification_mail.RETRY_DELAYS))
        self.assertEqual(notification.mail, Notification.Mail.FAILED)
        self.assertEqual(notification.mail_attempts, 5)
        self.assertEqual(mail.outbox, [])

        self.client.force_login(self.editor)
        page = self.client.get("/admin/discussion/notification/?mail__exact=failed")
        self.assertContains(page, "submitted “Ferries run at night” for review")
        self.assertContains(page, "Failed, gave up")
        detail = self.client.get(f"/admin/discussion/notification/{notification.pk}/change/")
        self.assertContains(detail, "ConnectionRefusedError: the mail server is down")
        tasks = self.client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED")
        self.assertContains(tasks, "send_notification_mail", count=5)

        FailingBackend.failures = 0
        response = self.client.post(
            "/admin/discussion/notification/",
            {"action": "send_mail_again", "_selected_action": [notification.pk]},
            follow=True,
        )
        self.assertContains(response, "1 mail queued again.")
        run_due_tasks()
        self.assertEqual(len(mail.outbox), 1)


class NotifyApiTests(NewsroomMixin, TestCase):
    def test_a_notification_about_no_piece_links_where_it_says(self):
        """Assignments and the like pass their own link; the inbox item and the mail open it."""
        (item,) = notify(
            [self.reporter],
            Notification.Event.ASSIGNED,
            actor=self.editor,
            text="You are assigned: the ferry timetable",
            url="/desk/",
            key="assignment:7",
        )
        self.client.force_login(self.reporter)
        self.assertContains(
            self.client.get("/inbox/"),
            '<a href="/desk/">You are assigned: the ferry timetable</a>',
            html=True,
        )
        run_due_tasks()
        self.assertIn("http://testserver/desk/", mail.outbox[0].body)
        self.assertEqual(notify([self.reporter], "assigned", url="/desk/", key="assignment:7"), [])

    def test_inactive_people_and_the_actor_are_left_out(self):
        """Nobody whose account is switched off, and never the actor, gets a notification."""
        self.colleague.is_active = False
        self.colleague.save()
        made = notify(
            [self.reporter, self.colleague, self.editor],
            Notification.Event.DUE_SOON,
            article=self.article,
            actor=self.editor,
        )
        self.assertEqual([n.recipient for n in made], [self.reporter])
        self.assertEqual(made[0].text, "“Ferries run at night” is due within 24 hours")


class NotificationFailureTests(NewsroomMixin, TestCase):
    def test_a_failure_to_notify_does_not_undo_or_hide_the_transition(self):
        """If notifying fails, the submit still stands and the reporter sees no error page."""
        with (
            mock.patch("discussion.receivers.notify", side_effect=RuntimeError("boom")),
            self.assertLogs("discussion.receivers", "ERROR"),
        ):
            self.take("submit", self.reporter)
        self.article.refresh_from_db()
        self.assertEqual(self.article.state, "in_review")
