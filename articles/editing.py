"""Saving a piece: the checks every change to an article's content passes, and the save itself.

A save runs in this order, in one transaction: cheap checks of what was sent
(the form's fields), slow work (decoding an uploaded picture), then the row
lock, and under it every check that decides whether the save may happen
(the piece still exists, its state still lets this person change it, nobody
changed the same fields since the page was opened). A check made before the
slow work would be stale by the time the row is written.
"""

import logging

import reversion
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from reversion.models import Revision

from authors.models import Author

from . import workflow
from .models import Article, Byline, Tag

logger = logging.getLogger(__name__)

AUTOSAVE_COMMENT = _("Saved automatically while typing.")

STORAGE_FAILED = _(
    "The image could not be stored: the server’s file storage is full or unavailable. "
    "The rest of the piece has been saved; add the image again later."
)


def lock(article):
    """Return ``article`` as saved now, its row locked until the transaction ends.

    Raises ``ValidationError`` when the piece was deleted meanwhile. Outside a
    transaction (nothing to hold a lock for) the row is read unlocked.
    """
    queryset = Article.objects.filter(pk=article.pk)
    if transaction.get_connection().in_atomic_block:
        queryset = queryset.select_for_update()
    current = queryset.first()
    if current is None:
        raise ValidationError(
            _("This piece was deleted after you opened it. Copy your text to keep it."),
            code="deleted",
        )
    return current


def check_may_save(current, user, *, autosave=False):
    """Raise ``ValidationError`` unless ``user`` may change ``current`` (the locked row) now.

    A background save is for unpublished work only; a reporter's save is for
    pieces still theirs to fix. Both are checked on the row as it is under the
    lock, so a Submit or Publish that landed meanwhile wins.
    """
    if autosave and current.state not in workflow.AUTOSAVED_STATES:
        raise ValidationError(
            _("This piece is no longer a draft, so it was not saved automatically."),
            code="not_autosaved",
        )
    if not workflow.may_edit(current, user):
        raise ValidationError(
            _(
                "This piece became %(state)s while you were saving, so your changes were not "
                "saved. Your text is still here: copy what you need and ask an editor."
            ),
            code="not_editable",
            params={"state": current.get_state_display().lower()},
        )


def store_hero_image(article):
    """Write a newly uploaded hero image to storage before the piece itself is saved.

    Returns ``None`` when there was nothing new to store or it was stored. When
    the storage refuses (disk full, object store unreachable), the piece keeps
    the image it had, and the message to show is returned: the text can still
    be saved, and nothing has been written to the database yet.
    """
    image = article.hero_image
    if not image or image._committed:
        return None
    try:
        image.save(image.name, image.file, save=False)
    except OSError:
        logger.exception("Could not store the hero image of article %s.", article.pk)
        if article.pk:
            article.refresh_from_db(fields=["hero_image", "hero_width", "hero_height"])
        else:
            article.hero_image = ""
        return STORAGE_FAILED
    return None


def tag_named(name):
    """Return the tag called ``name`` (in any case), made when missing.

    Two reporters adding the same new tag at the same moment get the same tag:
    the second insert fails on the unique name and reads the first one instead.
    """
    tag = Tag.objects.filter(name__iexact=name).first()
    if tag is None:
        try:
            with transaction.atomic():
                tag = Tag.objects.create(name=name)
        except IntegrityError:
            tag = Tag.objects.get(name__iexact=name)
    return tag


def set_byline(article, user, coauthors):
    """The byline: ``user``'s author first (when on it, or the piece is theirs), then ``coauthors``."""
    current = list(article.bylines.select_related("author"))
    lead = [b.author for b in current if b.author.user_id == user.pk]
    if not current or (not lead and article.created_by_id == user.pk):
        lead = [Author.for_user(user)]
    authors = [*lead, *coauthors]
    article.bylines.exclude(author__in=authors).delete()
    for position, author in enumerate(authors):
        Byline.objects.update_or_create(
            article=article, author=author, defaults={"position": position}
        )


def forget_previous_autosave(revision_id, user):
    """Delete the background-save revision ``revision_id`` of ``user``, if it is one.

    A run of background saves from one page keeps only its newest revision, so
    typing for an hour stores one copy of the text, not sixty. Explicit saves
    and transitions are never deleted: they are not background saves.
    """
    if revision_id:
        Revision.objects.filter(pk=revision_id, user=user, comment=AUTOSAVE_COMMENT).delete()


def newest_revision_id(article):
    """The id of ``article``'s newest revision, or None."""
    version = reversion.models.Version.objects.get_for_object(article).first()
    return version.revision_id if version else None
