"""Adding to a piece's discussion and resolving it; who hears of a new comment.

A new comment is told to everyone taking part in the discussion (people who
commented, editors who left a workflow note) and the people on the piece,
never its author, once it commits.
"""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Comment, Notification
from .notify import notify
from .receivers import people_on

logger = logging.getLogger(__name__)


def participants(article):
    """Everyone taking part in ``article``'s discussion, and the people on the piece."""
    talking = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(pk__in=Comment.objects.filter(article=article).values("author"))
            | Q(pk__in=article.events.exclude(note="").values("actor"))
        )
    )
    return [*people_on(article), *talking]


def add(article, text, *, author=None, guest_name="", share_link=None, parent=None, anchor=None):
    """Add a comment to ``article``'s discussion and return it; people hear of it on commit.

    ``author`` is the signed-in person, or None for a guest named
    ``guest_name`` writing through ``share_link``. ``parent`` makes it a reply;
    ``anchor`` is ``(position, fingerprint, text)`` of the paragraph it is on.
    """
    index, fingerprint, paragraph = anchor or (None, "", "")
    with transaction.atomic():
        comment = Comment.objects.create(
            article=article,
            author=author,
            guest_name="" if author else guest_name,
            share_link=share_link,
            text=text,
            parent=parent,
            paragraph_index=index,
            paragraph_hash=fingerprint,
            paragraph_text=paragraph,
        )
        transaction.on_commit(lambda: _announce(comment))
    return comment


def _announce(comment):
    article = comment.article
    text = ""
    if comment.author is None:
        text = _("%(name)s (guest) commented on “%(headline)s”") % {
            "name": comment.guest_name,
            "headline": article.headline,
        }
    try:
        notify(
            participants(article),
            Notification.Event.COMMENT,
            article=article,
            actor=comment.author,
            text=text,
            detail=comment.text,
            key=f"comment:{comment.pk}",
        )
    except Exception:  # Anything at all: the comment stands either way.
        logger.exception("Could not notify anyone of comment %s.", comment.pk)


def resolve(comment, *, by):
    """Mark ``comment`` resolved by ``by`` now (once: resolving again changes nothing)."""
    if comment.resolved_at is None:
        comment.resolved_by = by
        comment.resolved_at = timezone.now()
        comment.save(update_fields=["resolved_by", "resolved_at"])
    return comment
