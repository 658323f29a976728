"""Signals the planning app sends, each once, after the transaction that caused it commits.

Other apps (notifications, for one) connect to them; nothing here knows who listens.

``assignment_given``: sent with ``assignment``, ``reporters`` (the users newly
named on it, a list) and ``by`` (the editor), when an assignment is created or
reporters are added to it.

``assignment_changed``: sent with ``assignment``, ``changed`` (names of the
fields that changed, e.g. ``["due_at"]``) and ``by``, when an editor changes
an assignment's headline, brief, section, due or publish time or priority.

``assignment_started``: sent with ``assignment``, ``article`` (the new draft)
and ``by`` (the reporter), when "Start writing" creates the draft.
"""

from django.db import transaction
from django.dispatch import Signal

assignment_given = Signal()
assignment_changed = Signal()
assignment_started = Signal()


def send_on_commit(signal, assignment, **kwargs):
    """Send ``signal`` for ``assignment`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(
        lambda: signal.send(sender=type(assignment), assignment=assignment, **kwargs)
    )
