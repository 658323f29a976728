"""The editorial workflow: the one place that changes an article's state.

The transition table below is data. The admin's buttons, the desk's buttons,
the demo loader and the tests all go through ``transition()``; no form, bulk
action or ``save()`` assigns ``state``.
"""

from dataclasses import dataclass
from typing import NamedTuple

import reversion
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from pictures.models import Picture

from . import body_pictures
from .models import Article, ShareLink, WorkflowEvent
from .signals import article_transitioned

State = Article.State


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: str
    permission: str
    # Reporters may take it on pieces they created or are on the byline of;
    # users with ``change_any_article`` (editors) may take it on any piece.
    own_pieces_only: bool = True
    note_required: bool = False
    # Readers are told why at the piece's address (the 410 page shows it).
    public_reason_required: bool = False
    # Refused unless the publish checklist passes.
    checklist: bool = False
    # Only a piece not yet live (scheduled) may leave "published" this way.
    scheduled_only: bool = False
    # Its share links stop working: a piece taken down or sent back to draft
    # is no longer for outside eyes, whoever was sent a link to it.
    ends_share_links: bool = False


TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            name="submit",
            label=_("Submit for review"),
            sources=frozenset({State.DRAFT, State.CHANGES_REQUESTED}),
            target=State.IN_REVIEW,
            permission="articles.submit_article",
            checklist=True,
        ),
        Transition(
            name="request_changes",
            label=_("Request changes"),
            sources=frozenset({State.IN_REVIEW}),
            target=State.CHANGES_REQUESTED,
            permission="articles.review_article",
            note_required=True,
        ),
        Transition(
            name="publish",
            label=_("Publish"),
            sources=frozenset({State.IN_REVIEW}),
            target=State.PUBLISHED,
            permission="articles.publish_article",
            checklist=True,
        ),
        Transition(
            name="withdraw",
            label=_("Withdraw"),
            sources=frozenset({State.PUBLISHED}),
            target=State.WITHDRAWN,
            permission="articles.publish_article",
            note_required=True,
            public_reason_required=True,
            ends_share_links=True,
        ),
        Transition(
            name="back_to_draft",
            label=_("Back to draft"),
            sources=frozenset({State.WITHDRAWN, State.PUBLISHED}),
            target=State.DRAFT,
            permission="articles.publish_article",
            scheduled_only=True,
            ends_share_links=True,
        ),
    ]
}


# What each state means outside the transition table, said once here.
# Reporters change a piece from the desk only while it is theirs to fix;
# editors may change any piece in any state.
REPORTER_EDITABLE_STATES = frozenset({State.DRAFT, State.CHANGES_REQUESTED})
# Only unpublished work is saved in the background: a published piece changes
# for readers only when someone clicks Save.
AUTOSAVED_STATES = frozenset({State.DRAFT, State.CHANGES_REQUESTED})

# Pieces waiting for an editor's decision: locked on the desk until the editor
# publishes them or asks for changes, which opens them to the reporter again.
AWAITING_REVIEW_STATES = frozenset({State.IN_REVIEW})

# States readers can see: a published piece's page (or, scheduled, the time it
# appears), a withdrawn piece's 410 notice. A change to a piece in one of
# them, or a transition into or out of one, invalidates the page cache.
READER_STATES = frozenset({State.PUBLISHED, State.WITHDRAWN})

# The fields a transition writes. Its save names them, and no other save names
# ``state``: the cache receivers tell a transition's save from an edit by it.
TRANSITION_FIELDS = ("state", "publish_at", "first_published_at")

# States whose piece a share link may show. A withdrawn piece is shown to no
# one outside the newsroom, even through a link made after it was withdrawn.
SHAREABLE_STATES = frozenset(State) - {State.WITHDRAWN}


class TransitionRefused(ValidationError):
    """A transition was refused; ``messages`` lists every reason, field errors by field."""


def publish_problems(article):
    """Return ``{field: message}`` for every item of the publish checklist the piece fails.

    An empty dict means the piece may be published.
    """
    problems = {}
    if not article.headline.strip():
        problems["headline"] = _("Add a headline.")
    if not article.standfirst.strip():
        problems["standfirst"] = _("Add a standfirst.")
    if article.section_id is None:
        problems["section"] = _("Choose a section.")
    if not article.pk or not article.bylines.exists():
        problems["authors"] = _("Add at least one author to the byline.")
    if not article.body.strip():
        problems["body"] = _("Write the body.")
    problems.update(picture_problems(article))
    return problems


def picture_problems(article):
    """``{field: message}`` for the piece's pictures: alt text missing, or rights run out.

    Every picture needs alt text (the piece's, the body line's, or the
    library's own), and none may be past its "Usable until".
    """
    lines = body_pictures.lines_in(article.body)
    ids = {picture_id for picture_id, _alt in lines}
    if article.hero_picture_id:
        ids.add(article.hero_picture_id)
    pictures = Picture.objects.in_bulk(ids) if ids else {}
    problems = {}
    hero = pictures.get(article.hero_picture_id)
    if hero is not None and not (article.hero_alt.strip() or hero.alt.strip()):
        problems["hero_alt"] = _("Describe the hero image in its alt text.")
    missing = [
        picture_id
        for picture_id, alt in lines
        if picture_id in pictures and not (alt.strip() or pictures[picture_id].alt.strip())
    ]
    if missing:
        problems["body"] = _("Give alt text to every picture in the body: %(ids)s.") % {
            "ids": ", ".join(_("picture %s") % i for i in dict.fromkeys(missing))
        }
    now = timezone.now()
    expired = [p for p in pictures.values() if not p.is_usable(now)]
    if expired:
        problems["pictures"] = _(
            "%(pictures)s may no longer be used (its “Usable until” has passed): "
            "remove it or choose another."
        ) % {"pictures": ", ".join(str(p) for p in sorted(expired, key=lambda p: p.pk))}
    return problems


def is_own_piece(article, user):
    """True when ``user`` created ``article`` or is on its byline."""
    if not user.is_authenticated:
        return False
    if article.created_by_id == user.pk:
        return True
    return article.pk is not None and article.bylines.filter(author__user=user).exists()


def may_edit(article, user):
    """True when ``user`` may change ``article``'s content in its present state."""
    return user.has_perm("articles.change_any_article") or article.state in REPORTER_EDITABLE_STATES


def awaiting_review(article):
    """True while ``article`` waits for an editor to publish it or ask for changes."""
    return article.state in AWAITING_REVIEW_STATES


def _may_take(t, article, user):
    if not user.is_active or not user.has_perm(t.permission):
        return False
    if t.own_pieces_only and not user.has_perm("articles.change_any_article"):
        return is_own_piece(article, user)
    return True


def _state_allows(t, article):
    if article.state not in t.sources:
        return False
    if t.scheduled_only and article.state == State.PUBLISHED:
        return article.is_scheduled
    return True


def available(article, user):
    """Return the transitions ``user`` may take on ``article`` now, in table order."""
    return [
        t for t in TRANSITIONS.values() if _state_allows(t, article) and _may_take(t, article, user)
    ]


def _refusals(t, article, user, note, public_reason):
    errors = {}
    if not _may_take(t, article, user):
        errors[NON_FIELD_ERRORS] = [_("You may not “%(label)s” this piece.") % {"label": t.label}]
        return errors
    if not _state_allows(t, article):
        errors[NON_FIELD_ERRORS] = [
            _("“%(label)s” is not possible while the piece is %(state)s.")
            % {"label": t.label, "state": article.get_state_display().lower()}
        ]
        return errors
    if t.note_required and not note.strip():
        errors["note"] = [_("“%(label)s” needs a note saying why.") % {"label": t.label}]
    if t.public_reason_required and not public_reason.strip():
        errors["public_reason"] = [
            _("“%(label)s” needs a “Reason shown to readers”.") % {"label": t.label}
        ]
    if t.checklist:
        for field, message in publish_problems(article).items():
            errors.setdefault(field, []).append(message)
    return errors


def transition(article, name, *, by, note="", publish_at=None, public_reason=""):
    """Take the transition ``name`` on ``article`` as user ``by``; return the WorkflowEvent.

    Locks the row, checks permission, state, note, public reason and
    checklist, changes the state, records the event and sends
    ``article_transitioned`` once the transaction commits. ``publish_at``
    (for "publish") schedules the piece when it lies in the future; a piece
    under embargo is scheduled for the embargo's end at the earliest
    (``waits_for_embargo()``). ``public_reason`` (for "withdraw") is what
    readers are told. Raises ``TransitionRefused`` listing every
    reason when the transition is not allowed; nothing changes then.
    ``article`` is refreshed with the saved values.
    """
    t = TRANSITIONS.get(name)
    if t is None:
        raise TransitionRefused({NON_FIELD_ERRORS: [_("Unknown transition “%s”.") % name]})
    with transaction.atomic(), reversion.create_revision():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        errors = _refusals(t, locked, by, note, public_reason)
        if errors:
            raise TransitionRefused(errors)
        from_state = locked.state
        _apply(t, locked, publish_at)
        locked.save(update_fields=TRANSITION_FIELDS)
        if t.ends_share_links:
            ShareLink.objects.filter(article=locked, revoked=False).update(revoked=True)
        reversion.set_user(by)
        reversion.set_comment(str(t.label) + (f": {note.strip()}" if note.strip() else ""))
        event = WorkflowEvent.objects.create(
            article=locked,
            transition=t.name,
            from_state=from_state,
            to_state=t.target,
            actor=by,
            note=note.strip(),
            public_reason=public_reason.strip(),
        )
        transaction.on_commit(
            lambda: article_transitioned.send(
                sender=Article, article=locked, transition=t, event=event, by=by
            )
        )
    article.refresh_from_db()
    return event


def waits_for_embargo(article):
    """True when ``article`` is scheduled for the instant its embargo ends."""
    return (
        article.is_scheduled
        and article.embargo_until is not None
        and article.publish_at == article.embargo_until
    )


def _apply(t, article, publish_at):
    now = timezone.now()
    if t.name == "publish":
        article.publish_at = publish_at or article.publish_at or now
        if article.embargo_until and article.publish_at < article.embargo_until:
            # An earlier publish time cannot beat the embargo: the piece waits for it.
            article.publish_at = article.embargo_until
        if article.first_published_at is None:
            article.first_published_at = article.publish_at
    if (
        t.name == "back_to_draft"
        and article.first_published_at
        and article.first_published_at > now
    ):
        # Unscheduling a piece that never went live: it has not been published.
        article.first_published_at = None
        article.publish_at = None
    article.state = t.target


TAKE_DOWN = "take_down"


class Gone(NamedTuple):
    """How a piece left readers: taken down at its time, or withdrawn by an event."""

    taken_down: bool
    when: object  # A datetime, or None for a withdrawal with no event.
    reason: str  # What readers are told: the take-down note or the public reason.
    withdrawal: object = None  # The WorkflowEvent of a withdrawal.


def how_gone(article):
    """Return ``Gone`` for a withdrawn or taken-down ``article`` (its 410 page and the API's).

    A take-down seen here first is recorded in the history (``record_take_down``).
    """
    if article.is_taken_down:
        record_take_down(article)
        return Gone(True, article.take_down_at, article.take_down_note)
    withdrawal = article.events.filter(to_state=State.WITHDRAWN).first()
    if withdrawal is None:
        return Gone(False, None, "")
    return Gone(False, withdrawal.created_at, withdrawal.public_reason, withdrawal)


def record_take_down(article):
    """Record, once, that ``article``'s take-down time has passed; return the new event or None.

    A take-down happens at its instant through ``published()``, with no job
    to write it down then; the first request that finds the piece gone (its
    410 page, made once and then cached) records it instead, so the history
    is complete. Race-safe: the row lock makes a second request wait and
    then find the event. An event from before the current ``take_down_at``
    (an editor moved it later since) does not count.
    """
    if _take_down_recorded(article):
        return None
    with transaction.atomic():
        locked = Article.objects.select_for_update().filter(pk=article.pk).first()
        if locked is None or not locked.is_taken_down or _take_down_recorded(locked):
            return None
        return WorkflowEvent.objects.create(
            article=locked,
            transition=TAKE_DOWN,
            from_state=State.PUBLISHED,
            to_state=State.PUBLISHED,
            actor=None,
            note=_("Taken down at its take-down time, %(when)s.")
            % {"when": date_format(timezone.localtime(locked.take_down_at), "j F Y, H:i")},
        )


def _take_down_recorded(article):
    return WorkflowEvent.objects.filter(
        article=article, transition=TAKE_DOWN, created_at__gte=article.take_down_at
    ).exists()
