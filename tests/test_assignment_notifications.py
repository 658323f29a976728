"""Reporters hear of the assignments given to them, and are reminded before and after they are due."""

import datetime

import time_machine
from django.test import TestCase
from django.utils import timezone

from discussion.models import Notification
from ops.worker import run_due_tasks
from planning.signals import assignment_changed, assignment_given

from . import factories
from .test_planning import assignment


class AssignmentNotificationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor()
        cls.reporter = factories.reporter()
        cls.other = factories.reporter("reporter2")
        cls.section = factories.SectionFactory(name="City")

    def give(self, made):
        with self.captureOnCommitCallbacks(execute=True):
            assignment_given.send(
                sender=type(made), assignment=made, reporters=[self.reporter], by=self.editor
            )

    def items(self, user, event):
        return Notification.objects.filter(recipient=user, event=event)

    def test_a_reporter_is_told_once_of_an_assignment_given_to_them(self):
        """The reporter named gets one inbox item linking to the assignment; others and the editor none."""
        made = assignment(self.reporter, section=self.section)
        self.give(made)
        self.give(made)
        item = self.items(self.reporter, Notification.Event.ASSIGNED).get()
        self.assertIn("Night buses after midnight", item.text)
        self.assertEqual(item.url, made.get_absolute_url())
        self.assertFalse(Notification.objects.exclude(recipient=self.reporter).exists())

    def test_reminders_come_a_day_before_and_after_the_due_time(self):
        """An open assignment brings "due within 24 hours", then "overdue", each at its time."""
        due = timezone.now() + datetime.timedelta(days=3)
        made = assignment(self.reporter, section=self.section, due_at=due)
        self.give(made)
        run_due_tasks()
        self.assertFalse(self.items(self.reporter, Notification.Event.DUE_SOON).exists())
        with time_machine.travel(due - datetime.timedelta(hours=23)):
            run_due_tasks()
        self.assertEqual(self.items(self.reporter, Notification.Event.DUE_SOON).count(), 1)
        self.assertFalse(self.items(self.reporter, Notification.Event.OVERDUE).exists())
        with time_machine.travel(due + datetime.timedelta(minutes=1)):
            run_due_tasks()
        self.assertEqual(self.items(self.reporter, Notification.Event.OVERDUE).count(), 1)

    def test_no_reminder_once_the_piece_is_with_an_editor(self):
        """A piece submitted before its due time brings no "overdue" reminder."""
        due = timezone.now() + datetime.timedelta(hours=2)
        made = assignment(self.reporter, section=self.section, due_at=due)
        self.give(made)
        made.article = factories.submitted(headline="Night buses", authors=[self.reporter.author])
        made.save()
        with time_machine.travel(due + datetime.timedelta(minutes=1)):
            run_due_tasks()
        self.assertFalse(self.items(self.reporter, Notification.Event.OVERDUE).exists())

    def test_a_moved_due_time_reminds_at_the_new_time_only(self):
        """After the due time moves a week later, the old time's reminder says nothing."""
        due = timezone.now() + datetime.timedelta(hours=30)
        made = assignment(self.reporter, section=self.section, due_at=due)
        self.give(made)
        made.due_at = due + datetime.timedelta(days=7)
        made.save()
        with self.captureOnCommitCallbacks(execute=True):
            assignment_changed.send(
                sender=type(made), assignment=made, changed=["due_at"], by=self.editor
            )
        with time_machine.travel(due + datetime.timedelta(minutes=1)):
            run_due_tasks()
        self.assertFalse(self.items(self.reporter, Notification.Event.OVERDUE).exists())
        with time_machine.travel(made.due_at + datetime.timedelta(minutes=1)):
            run_due_tasks()
        self.assertEqual(self.items(self.reporter, Notification.Event.OVERDUE).count(), 1)
