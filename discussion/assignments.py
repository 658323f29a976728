"""Who hears of assignments: the reporters given one, then reminded before and after it is due.

- Given (``planning.signals.assignment_given``): the reporters newly named on it.
- Due within 24 hours, and overdue: a reminder task is queued for each when
  an assignment is given or its due time changes (``run_after``), so no cron
  job is needed; when it runs it checks again, and says nothing if the piece
  has reached an editor, the assignment is gone, or its due time has moved
  (the task queued for the new time speaks then).

The planning app announces; this module listens, so planning never imports
discussion.
"""

import datetime
import logging

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from .models import Notification
from .notify import display_name, notify

logger = logging.getLogger(__name__)

# How long before its due time a reporter is reminded of an assignment.
DUE_SOON = datetime.timedelta(hours=24)


def assignment_given(sender, assignment, reporters, by=None, **kwargs):
    """Tell the reporters newly named on ``assignment``; queue its reminders."""
    try:
        notify(
            reporters,
            Notification.Event.ASSIGNED,
            actor=by,
            text=_("%(editor)s assigned you “%(headline)s”")
            % {"editor": display_name(by), "headline": assignment.headline},
            detail=assignment.brief,
            url=assignment.get_absolute_url(),
            key=f"assignment:{assignment.pk}",
        )
        queue_reminders(assignment)
    except Exception:  # Anything at all: the assignment stands either way.
        logger.exception("Could not notify anyone of assignment %s.", assignment.pk)


def assignment_changed(sender, assignment, changed, **kwargs):
    """A new due time gets reminders of its own."""
    if "due_at" in changed:
        try:
            queue_reminders(assignment)
        except Exception:
            logger.exception("Could not queue reminders of assignment %s.", assignment.pk)


def queue_reminders(assignment):
    """Queue the "due within 24 hours" and "overdue" reminders for the assignment's due time."""
    due = assignment.due_at.isoformat()
    soon = assignment.due_at - DUE_SOON
    remind.using(run_after=max(soon, timezone.now())).enqueue(assignment.pk, due, "due_soon")
    remind.using(run_after=assignment.due_at).enqueue(assignment.pk, due, "overdue")


@task()
def remind(assignment_id, due, kind):
    """Remind the reporters of an assignment still open at ``due`` (an ISO time) of ``kind``."""
    from planning.models import Assignment

    assignment = Assignment.objects.filter(pk=assignment_id).select_related("article").first()
    if assignment is None or assignment.due_at.isoformat() != due:
        return
    still_open = assignment.article is None or assignment.article.state in _editable_states()
    if not still_open:
        return
    event = Notification.Event.OVERDUE if kind == "overdue" else Notification.Event.DUE_SOON
    notify(
        assignment.reporters.all(),
        event,
        text=str(
            _("“%(headline)s” is overdue")
            if kind == "overdue"
            else _("“%(headline)s” is due within 24 hours")
        )
        % {"headline": assignment.headline},
        url=assignment.get_absolute_url(),
        key=f"assignment:{assignment.pk}:{kind}:{due}",
    )


def _editable_states():
    from articles.workflow import REPORTER_EDITABLE_STATES

    return REPORTER_EDITABLE_STATES


def connect():
    """Listen to the planning app's signals, when it is installed."""
    from django.apps import apps

    if not apps.is_installed("planning"):
        return
    from planning.signals import assignment_changed as changed_signal
    from planning.signals import assignment_given as given_signal

    given_signal.connect(assignment_given, dispatch_uid="discussion.assignment_given")
    changed_signal.connect(assignment_changed, dispatch_uid="discussion.assignment_changed")
