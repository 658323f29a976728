"""Saving a piece: the one home of every change to an article's content.

The desk, the admin, the wire importer, background saves, revision restores
and the demo loader all save through ``save()`` (and restores through the
receivers below), as every change of state goes through
``workflow.transition()``. It puts a new hero picture into the library,
marks a live piece as updated when asked, sets tags and the byline (giving a
reporter their Author the first time), and records the revision with who saved
and why.

A form's save runs in this order, in one transaction: cheap checks of what was sent
(the form's fields), slow work (decoding an uploaded picture), then the row
lock, and under it every check that decides whether the save may happen
(the piece still exists, its state still lets this person change it, nobody
changed the same fields since the page was opened). A check made before the
slow work would be stale by the time the row is written.
"""

import hashlib
import json
import logging

import reversion
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from reversion.models import Revision, Version

from authors.models import Author
from pictures.models import Picture

from . import body_pictures, markup, workflow
from .models import Article, Byline, Tag
from .revisions import last_saved_by
from .slugs import unique_slug

logger = logging.getLogger(__name__)

AUTOSAVE_COMMENT = _("Saved automatically while typing.")

STORAGE_FAILED = _(
    "The image could not be stored: the server’s file storage is full or unavailable. "
    "The rest of the piece has been saved; add the image again later."
)


def save(article, *, by, tags=None, byline=None, show_as_updated=False, comment=""):
    """Save ``article``'s content as user ``by``, in one transaction and one revision.

    ``tags`` (names) and ``byline`` (authors, in order) replace the piece's
    own when given. ``show_as_updated`` gives a live piece a new "Updated"
    time. Returns ``None``, or the message to show when a new hero picture
    could not be stored (the rest is saved all the same, see
    ``store_hero_image``). Nested in a revision already begun (the admin's),
    this save joins it.
    """
    with transaction.atomic(), reversion.create_revision():
        image_error = store_hero_image(article, by)
        if article.pk is None and article.created_by_id is None:
            article.created_by = by
        if show_as_updated and article.state == Article.State.PUBLISHED:
            article.updated_at = timezone.now()
        article.save()
        if tags is not None:
            article.tags.set([tag_named(name) for name in tags])
        if byline is not None:
            set_byline(article, byline)
        reversion.set_user(by)
        if comment:
            reversion.set_comment(str(comment))
    return image_error


def create_from_wire(parsed, *, by):
    """Create a draft from parsed wire copy (``wire.parse``); return ``(article, left_out)``.

    A field longer than the piece allows is cut at a word and the whole of
    it is listed in ``left_out``, with everything else the importer kept out
    of the body, so nothing pasted is lost.
    """
    left_out = list(parsed.left_out)
    if parsed.byline:
        left_out.insert(0, _("Suggested byline: %s") % parsed.byline)
    values = {}
    for name in ("headline", "source_name", "source_url"):
        value = getattr(parsed, name)
        limit = Article._meta.get_field(name).max_length
        if len(value) > limit:
            left_out.append(_("%(field)s in full: %(value)s") % {"field": name, "value": value})
            value = "" if name == "source_url" else _cut(value, limit)
        values[name] = value
    article = Article(
        headline=values["headline"] or _("Untitled wire copy"),
        standfirst=parsed.standfirst,
        body=parsed.body,
        source_name=values["source_name"],
        source_url=values["source_url"],
        embargo_until=parsed.embargo_until,
    )
    save(article, by=by, byline=[author_for(by)], comment=_("Created from wire copy."))
    return article, left_out


def create_draft(*, by, headline, section=None, writers=(), comment=""):
    """Create and save a new draft for ``by``; return it.

    Its byline is ``by``'s author first, then those of ``writers`` (other
    users writing it too), each made when missing. For other apps that start
    pieces, such as an assignment's "Start writing".
    """
    users = [by, *(user for user in writers if user.pk != by.pk)]
    article = Article(headline=headline, section=section)
    save(article, by=by, byline=[author_for(user) for user in users], comment=comment)
    return article


def _cut(text, limit):
    """``text`` cut to at most ``limit`` characters, at a word, ending with an ellipsis."""
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return f"{cut}…"


def author_for(user):
    """Return ``user``'s Author, made from their full name (else username) the first time."""
    author = Author.objects.filter(user=user).first()
    if author is None:
        name = user.get_full_name() or user.get_username()
        author = Author.objects.create(user=user, name=name, slug=unique_slug(Author, name))
    return author


def desk_byline(article, user, coauthors):
    """The byline a desk save gives: ``user``'s author first (when on it, or the piece is
    theirs or new), then ``coauthors`` in the order chosen."""
    current = [b.author for b in article.bylines.select_related("author")] if article.pk else []
    lead = [author for author in current if author.user_id == user.pk]
    if not current or (not lead and article.created_by_id == user.pk):
        lead = [author_for(user)]
    return [*lead, *coauthors]


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


def version_token(article, fields):
    """The hidden value a form carries: the version it was opened at and what it showed.

    ``fields`` names the form's fields; each of the piece's among them gets a
    fingerprint, so a later save can tell which fields someone else changed.
    """
    return json.dumps({"version": article.version, "fields": _fingerprints(article, fields)})


def check_version(token, current, labels):
    """Raise ``ValidationError`` when someone saved ``current`` since ``token`` was made
    and changed a field the form showed (``labels``: field name → label).

    A workflow step in between changes no field a form shows and refuses nothing.
    """
    try:
        started = json.loads(token or "{}")
    except ValueError:
        started = {}
    if not started or started.get("version") == current.version:
        return
    now = _fingerprints(current, labels)
    changed = [name for name, old in started.get("fields", {}).items() if now.get(name, old) != old]
    if changed:
        raise ValidationError(
            _conflict_message(current, [labels[n] for n in changed]), code="conflict"
        )


def _fingerprints(article, names):
    if article.pk is None:
        return {}
    prints = {}
    for name in names:
        try:
            field = article._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.many_to_many:
            value = sorted(getattr(article, name).values_list("pk", flat=True))
        else:
            value = field.value_from_object(article)
            value = getattr(value, "name", value)
        prints[name] = hashlib.sha256(repr(value).encode()).hexdigest()[:16]
    return prints


def _conflict_message(article, labels):
    user, when = last_saved_by(article)
    who = (user.get_full_name() or user.get_username()) if user else _("Someone else")
    when = when or article.modified_at
    return _(
        "%(who)s saved this piece at %(when)s, after you opened it, and changed: "
        "%(fields)s. Your text is still here and has not been saved: copy what you need, "
        "reload the page to see their version, and apply your changes again."
    ) % {
        "who": who,
        "when": date_format(localtime(when), "DATETIME_FORMAT"),
        "fields": ", ".join(str(label) for label in labels),
    }


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


def store_hero_image(article, by=None):
    """Put a newly uploaded hero image (``article.new_hero_image``) into the picture library.

    The new picture gets the piece's alt text, caption and credit as its own,
    and becomes the piece's hero. ``new_hero_image`` False (the form's "Clear")
    removes the hero. Returns ``None`` when there was nothing new to store or it
    was stored. When the storage refuses (disk full, object store unreachable),
    the piece keeps the picture it had, and the message to show is returned:
    the text can still be saved, and nothing has been written to the database yet.
    """
    upload = getattr(article, "new_hero_image", None)
    article.new_hero_image = None
    if upload is False:
        article.hero_picture = None
        return None
    if not upload:
        return None
    picture = Picture(
        image=upload,
        alt=article.hero_alt,
        caption=article.hero_caption,
        credit=article.hero_credit,
        uploaded_by=by if getattr(by, "pk", None) else None,
    )
    try:
        with transaction.atomic():
            picture.save()
    except OSError:
        logger.exception("Could not store the hero image of article %s.", article.pk)
        return STORAGE_FAILED
    article.hero_picture = picture
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


def set_byline(article, authors):
    """Make ``authors`` the piece's byline, in that order."""
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
    version = Version.objects.get_for_object(article).first()
    return version.revision_id if version else None


# Fields only the workflow (or the save itself) writes; a restored revision keeps today's values.
WORKFLOW_FIELDS = ("state", "publish_at", "first_published_at", "created_by_id", "version")


def before_restore(sender, instance, raw, **kwargs):
    """pre_save receiver: a revision restore (a raw save) keeps today's workflow fields.

    Restoring an old revision brings back its words, never its state: a live
    piece stays live and a withdrawn one stays withdrawn. The version still
    moves on, so editors holding the older one are told of the change. The
    address the piece has now is remembered for ``after_restore``.
    """
    if not raw or instance.pk is None:
        return
    current = sender.objects.filter(pk=instance.pk).values(*WORKFLOW_FIELDS, "slug").first()
    if current is None:
        return
    instance._loaded_slug = current.pop("slug")
    for field, value in current.items():
        setattr(instance, field, value)
    instance.version = current["version"] + 1


def after_restore(sender, instance, raw, **kwargs):
    """post_save receiver: a restore that changes a live piece's slug keeps its old address (301)."""
    if raw and hasattr(instance, "_loaded_slug"):
        instance._remember_old_slug()


def render_body(sender, instance, raw, update_fields, **kwargs):
    """pre_save receiver: store the body's HTML (``markup.render``) whenever the body is saved.

    A receiver rather than part of ``save()``, so that raw saves get it too: a
    revision restore (django-reversion) and fixtures call ``save_base`` only.
    The library pictures the body places are read here, once, and their
    figures stored in the HTML; ``keep_body_pictures`` records which they are.
    """
    if update_fields is None or "body" in update_fields:
        found = body_pictures_of(instance.body)
        instance.body_html = markup.render(instance.body, pictures=found)
        instance._body_picture_ids = list(found)


def body_pictures_of(body):
    """``{id: Picture}`` for the library pictures ``body`` names that exist."""
    ids = body_pictures.ids_in(body)
    return Picture.objects.in_bulk(ids) if ids else {}


def keep_body_pictures(sender, instance, raw, **kwargs):
    """post_save receiver: the piece's ``body_pictures`` are those its body now places."""
    ids = getattr(instance, "_body_picture_ids", None)
    if ids is not None:
        del instance._body_picture_ids
        instance.body_pictures.set(ids)


def refresh_bodies(picture, pks=None):
    """Store again the body HTML of every piece that places ``picture`` (its words or crops changed).

    ``pks`` names the pieces instead (a deleted picture's). The body HTML
    alone is written: the pieces' versions and revisions stay as they are,
    since nobody changed what was written.
    """
    pieces = Article.objects.filter(pk__in=pks) if pks is not None else picture.in_bodies.all()
    for article in pieces.only("pk", "body"):
        html = markup.render(article.body, pictures=body_pictures_of(article.body))
        Article.objects.filter(pk=article.pk).update(body_html=html)
