"""A wire import kept for review: what went where, and left-out lines put back into the body.

``record()`` keeps, beside the new draft, every line of the copy as read with
the place it went (``wire.WireDraft.lines``) and the lines left out of the
body. ``put_back()`` appends one of those lines to the body through the one
saving path (``editing.save``), so it is a revision like any other save.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import editing, wire, wire_markdown, workflow
from .models import Article, WireImport

ROLE_LABELS = {
    wire.HEADLINE: _("Headline"),
    wire.STANDFIRST: _("Standfirst"),
    wire.BODY: _("Body"),
    wire.CROSSHEAD: _("Crosshead"),
    wire.BYLINE: _("Byline"),
    wire.SOURCE: _("Source"),
    wire.EMBARGO: _("Embargo"),
    wire.LEFT_OUT: _("Left out"),
}
PUT_BACK_COMMENT = _("Put a left-out line of the wire copy back into the body.")


class PutBackRefused(Exception):
    """The line cannot be put back; ``str()`` says why, in words for the reporter."""


def record(article, parsed, *, by, notes=()):
    """Keep ``parsed`` (``wire.parse``) beside ``article``; return the ``WireImport``."""
    unreadable = wire.embargo_not_understood()
    return WireImport.objects.create(
        article=article,
        created_by=by,
        lines=[[role, text] for role, text in parsed.lines],
        left_out=[line for line in parsed.left_out if line != unreadable],
        notes=[str(note) for note in notes] + [unreadable] * (unreadable in parsed.left_out),
    )


def latest(article):
    """The newest ``WireImport`` of ``article``, or None when it was not imported."""
    return article.wire_imports.first()


def review_lines(wire_import):
    """``(line number, role, label, text)`` for each non-blank line read."""
    return [
        (number, role, ROLE_LABELS.get(role, ""), text)
        for number, (role, text) in enumerate(wire_import.lines, start=1)
        if text.strip()
    ]


def put_back(article, text, *, by):
    """Append the left-out ``text`` to ``article``'s body as its last paragraph; return the piece.

    Raises ``PutBackRefused`` when the line is no longer left out (put back
    already), the piece may not be edited now, or the body would grow past
    its limit. The line leaves the left-out list and is shown as body on the
    review screen.
    """
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        wire_import = locked.wire_imports.select_for_update().first()
        if wire_import is None or text not in wire_import.left_out:
            raise PutBackRefused(_("That line is no longer left out: it was put back already."))
        if not workflow.may_edit(locked, by):
            raise PutBackRefused(
                _("This piece is %(state)s, so it cannot be changed from the desk now.")
                % {"state": locked.get_state_display().lower()}
            )
        body = f"{locked.body.rstrip()}\n\n{wire_markdown.escape(text)}".lstrip()
        try:
            Article._meta.get_field("body").run_validators(body)
        except ValidationError as error:
            raise PutBackRefused(" ".join(error.messages)) from error
        locked.body = body
        editing.save(locked, by=by, comment=PUT_BACK_COMMENT)
        wire_import.left_out.remove(text)
        _mark_put_back(wire_import.lines, text)
        wire_import.save(update_fields=["left_out", "lines"])
    return locked


def _mark_put_back(lines, text):
    """The left-out lines that make up ``text`` (one line, or hard-wrapped lines joined) are
    body now."""
    padded = f" {text} "
    for line in lines:
        words = " ".join(line[1].split())
        if line[0] in (wire.LEFT_OUT, wire.EMBARGO) and words and f" {words} " in padded:
            line[0] = wire.BODY
