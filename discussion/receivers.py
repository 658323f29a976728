"""Who hears of what happens to a piece: the workflow's transitions and public corrections.

- Submitted: the editors of its section where the section has some
  (``SectionEditor``), else every editor (anyone who may review).
- Changes requested, published, scheduled, withdrawn, corrected: everyone on
  the byline with a login, and the piece's creator.

Never the person who did it. Each is sent after the change commits, so a
rolled-back transition or correction notifies no one. A failure here is
logged, not raised: the change itself has already been made and saved, and
the person who made it must not be shown an error page for it.
"""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from .models import Notification, SectionEditor
from .notify import notify

logger = logging.getLogger(__name__)

Event = Notification.Event

# The workflow's transitions people are told about, and as what.
TRANSITION_EVENTS = {
    "submit": Event.SUBMITTED,
    "request_changes": Event.CHANGES_REQUESTED,
    "publish": Event.PUBLISHED,
    "withdraw": Event.WITHDRAWN,
}


def editors_for(article):
    """The people who review ``article``: its section's editors if it has any, else all editors."""
    users = get_user_model().objects.filter(is_active=True)
    if article.section_id is not None:
        section_editors = users.filter(
            pk__in=SectionEditor.objects.filter(section_id=article.section_id).values("user")
        )
        if section_editors.exists():
            return list(section_editors)
    return list(
        get_user_model().objects.with_perm(
            "articles.review_article", backend="django.contrib.auth.backends.ModelBackend"
        )
    )


def people_on(article):
    """Everyone on ``article``'s byline with a login, and whoever created it."""
    return list(
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(author__bylines__article=article) | Q(pk=article.created_by_id))
        .distinct()
    )


def transition_notified(sender, article, transition, event, by, **kwargs):
    """Tell the people a transition concerns (sent on commit by ``workflow.transition``)."""
    kind = TRANSITION_EVENTS.get(transition.name)
    if kind is None:
        return
    if kind == Event.PUBLISHED and article.is_scheduled:
        kind = Event.SCHEDULED
    try:
        recipients = editors_for(article) if kind == Event.SUBMITTED else people_on(article)
        notify(
            recipients,
            kind,
            article=article,
            actor=by,
            detail=event.note,
            key=f"workflow-event:{event.pk}",
        )
    except Exception:  # Anything at all: the transition stands either way.
        logger.exception("Could not notify anyone of workflow event %s.", event.pk)


def correction_notified(sender, instance, created, raw=False, **kwargs):
    """Tell the people on a piece of a new public correction, once it commits."""
    if not created or raw:
        return
    correction = instance

    def send():
        try:
            notify(
                people_on(correction.article),
                Event.CORRECTED,
                article=correction.article,
                actor=correction.created_by,
                detail=correction.text,
                key=f"correction:{correction.pk}",
            )
        except Exception:  # Anything at all: the correction stands either way.
            logger.exception("Could not notify anyone of correction %s.", correction.pk)

    transaction.on_commit(send)


def connect():
    """Connect the receivers above (from ``DiscussionConfig.ready``)."""
    from django.db.models.signals import post_save

    from articles.models import Correction
    from articles.signals import article_transitioned

    article_transitioned.connect(transition_notified, dispatch_uid="discussion.transition")
    post_save.connect(correction_notified, sender=Correction, dispatch_uid="discussion.correction")
