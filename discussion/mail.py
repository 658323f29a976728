"""Notification mail, sent by the background worker: once, retried with backoff when it fails.

``deliver()`` locks the notification's row, sends only while it is waiting
or retrying, and writes "sent" in the same transaction: a second run of the
task (a retry, or a task put back after its worker died) finds the mark and
sends nothing. A failure is recorded on the notification (shown to editors
in the admin), the task is queued again after ``RETRY_DELAYS``, and after the
last one the mail is marked failed. The task itself is then recorded as
failed too, with its traceback, in the admin's task results.
"""

import datetime
from email.utils import formatdate

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from articles.origin import absolute_url, domain

from .models import Notification, NotificationSettings

# The wait before each new attempt: about three hours in all, five attempts.
RETRY_DELAYS = (
    datetime.timedelta(seconds=30),
    datetime.timedelta(minutes=2),
    datetime.timedelta(minutes=15),
    datetime.timedelta(hours=2),
)


class MailNotSent(Exception):
    """The mail server refused or did not answer; the attempt is recorded and retried."""


@task()
def send_notification_mail(notification_id):
    """Send the mail of notification ``notification_id`` unless it is already sent."""
    return deliver(notification_id)


def message_for(notification):
    """The mail for ``notification``: its text, the link to the piece and to the inbox."""
    recipient = notification.recipient
    editor = recipient.has_perm("articles.change_any_article")
    context = {
        "notification": notification,
        "link": absolute_url(notification.link_for(editor=editor)),
        "inbox": absolute_url(reverse("discussion:inbox")),
        "site_name": settings.SITE_NAME,
    }
    host = domain().split(":")[0] or "localhost"
    return EmailMessage(
        subject=f"[{settings.SITE_NAME}] {notification.text}",
        body=render_to_string("discussion/mail/notification.txt", context),
        to=[recipient.email],
        headers={
            # The same identifier on every attempt, so a mail system can tell a repeat.
            "Message-ID": f"<notification-{notification.pk}@{host}>",
            "Date": formatdate(notification.created_at.timestamp(), localtime=True),
        },
    )


def deliver(notification_id):
    """Send one notification's mail, at most once; return what happened.

    Returns "sent", or "skipped" when there is nothing to send (already sent,
    given up, mail turned off since, or the notification is gone). Raises
    ``MailNotSent`` after recording a failed attempt and queueing the next.
    """
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.mail not in (
            Notification.Mail.WAITING,
            Notification.Mail.RETRYING,
        ):
            return "skipped"
        if not NotificationSettings.wants_mail(notification.recipient):
            notification.mail = Notification.Mail.OFF
            notification.save(update_fields=["mail"])
            return "skipped"
        notification.mail_attempts += 1
        try:
            message_for(notification).send()
        except Exception as exc:  # Each mail backend raises its own errors (SMTP, sockets, files).
            failure = exc
            _record_failure(notification, exc)
        else:
            notification.mail = Notification.Mail.SENT
            notification.mail_sent_at = timezone.now()
            notification.mail_next_try_at = None
            notification.mail_error = ""
            notification.save(update_fields=MAIL_FIELDS)
            return "sent"
    raise MailNotSent(f"Mail for notification {notification_id} not sent: {failure}") from failure


MAIL_FIELDS = ["mail", "mail_attempts", "mail_sent_at", "mail_next_try_at", "mail_error"]


def _record_failure(notification, exc):
    notification.mail_error = f"{type(exc).__name__}: {exc}"[:1000]
    if notification.mail_attempts > len(RETRY_DELAYS):
        notification.mail = Notification.Mail.FAILED
        notification.mail_next_try_at = None
    else:
        notification.mail = Notification.Mail.RETRYING
        delay = RETRY_DELAYS[notification.mail_attempts - 1]
        notification.mail_next_try_at = timezone.now() + delay
        send_notification_mail.using(run_after=notification.mail_next_try_at).enqueue(
            notification.pk
        )
    notification.save(update_fields=MAIL_FIELDS)


def send_again(notifications):
    """Queue again the mail of ``notifications`` that failed; return how many."""
    count = 0
    with transaction.atomic():
        for notification in notifications.select_for_update().filter(mail=Notification.Mail.FAILED):
            notification.mail = Notification.Mail.WAITING
            notification.mail_attempts = 0
            notification.save(update_fields=["mail", "mail_attempts"])
            send_notification_mail.enqueue(notification.pk)
            count += 1
    return count
