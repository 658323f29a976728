"""The one way to tell people something: ``notify()``. Comments and assignments call it too."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Notification, NotificationSettings

# What the default one-line text says someone did, by event.
VERBS = {
    Notification.Event.SUBMITTED: gettext_lazy("submitted “%(headline)s” for review"),
    Notification.Event.CHANGES_REQUESTED: gettext_lazy("asked for changes to “%(headline)s”"),
    Notification.Event.PUBLISHED: gettext_lazy("published “%(headline)s”"),
    Notification.Event.SCHEDULED: gettext_lazy("scheduled “%(headline)s”"),
    Notification.Event.WITHDRAWN: gettext_lazy("withdrew “%(headline)s”"),
    Notification.Event.CORRECTED: gettext_lazy("added a correction to “%(headline)s”"),
    Notification.Event.COMMENT: gettext_lazy("commented on “%(headline)s”"),
    Notification.Event.ASSIGNED: gettext_lazy("assigned you “%(headline)s”"),
    Notification.Event.DUE_SOON: gettext_lazy("“%(headline)s” is due within 24 hours"),
    Notification.Event.OVERDUE: gettext_lazy("“%(headline)s” is overdue"),
}


def display_name(user):
    """How a person is named in notifications: their full name, else their username."""
    if user is None:
        return _("Someone")
    return user.get_full_name() or user.get_username()


def default_text(event, article, actor):
    """The inbox line and mail subject for ``event`` on ``article`` by ``actor``."""
    verb = VERBS.get(event, "%(headline)s")
    what = str(verb) % {"headline": article.headline if article is not None else ""}
    if event in (Notification.Event.DUE_SOON, Notification.Event.OVERDUE):
        return what[:1].upper() + what[1:]
    return f"{display_name(actor)} {what}"


def notify(recipients, event, *, article=None, actor=None, text="", detail="", url="", key=""):
    """Give each person in ``recipients`` one notification of ``event``; queue its mail.

    - ``recipients``: users (any iterable). Duplicates, inactive users and
      ``actor`` are left out: nobody is told of their own action.
    - ``event``: a ``Notification.Event`` value, such as ``"submitted"``,
      ``"comment"``, ``"assigned"``, ``"due_soon"`` or ``"overdue"``.
    - ``article``: the piece it concerns; the item links to it (the desk's
      edit page for reporters, the admin change page for editors).
    - ``actor``: who did it (shown by name), or None.
    - ``text``: the inbox line and mail subject; by default made from the
      event, the actor and the piece's headline ("Ana Ortiz published “…”").
    - ``detail``: longer text under it and in the mail (an editor's note, a
      comment's text).
    - ``url``: a path to link to instead of the piece's (an assignment).
    - ``key``: names the event, such as ``"comment:42"``. A person already
      notified under a key gets nothing more, so an event announced twice
      still reaches each person once.

    The notifications and their mail tasks are written in one transaction:
    call ``notify()`` from ``transaction.on_commit`` when what it reports may
    still be rolled back, so a rolled-back change notifies no one. Mail goes
    to people with an address who have not turned it off, through the task
    queue (``discussion.mail``), never inside the request. Returns the new
    notifications.
    """
    from .mail import send_notification_mail

    actor_pk = getattr(actor, "pk", None)
    people = {}
    for user in recipients:
        if user is not None and user.is_active and user.pk != actor_pk:
            people.setdefault(user.pk, user)
    if not people:
        return []
    text = (text or default_text(event, article, actor))[:300]
    created = []
    with transaction.atomic():
        for user in people.values():
            if key and Notification.objects.filter(recipient=user, key=key).exists():
                continue
            notification = Notification.objects.create(
                recipient=user,
                event=event,
                article=article,
                actor=actor,
                text=text,
                detail=detail,
                url=url,
                key=key,
                mail=(
                    Notification.Mail.WAITING
                    if NotificationSettings.wants_mail(user)
                    else Notification.Mail.OFF
                ),
            )
            if notification.mail == Notification.Mail.WAITING:
                # In the same transaction: the mail is queued exactly when the item exists.
                send_notification_mail.enqueue(notification.pk)
            created.append(notification)
    return created
