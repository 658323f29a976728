"""Revisions of articles (django-reversion): who saved last, and two revisions compared."""

import difflib

from reversion.models import Version


def last_saved_by(article):
    """Return ``(user, when)`` of the newest revision of ``article``, or ``(None, None)``."""
    version = Version.objects.get_for_object(article).select_related("revision__user").first()
    if version is None:
        return None, None
    return version.revision.user, version.revision.date_created


def compare(old, new):
    """Compare two reversion ``Version``s of an article, field by field.

    Returns a list of rows ``{"label", "old", "new", "changed", "diff"}``;
    ``diff`` is, for long text, a list of ``(kind, line)`` with kind "-", "+"
    or " ". Values are plain text: the template escapes them.
    """
    from .models import CONTENT_FIELDS, Article, Section, Tag

    old_data, new_data = old.field_dict, new.field_dict
    rows = []
    for name in CONTENT_FIELDS:
        field = Article._meta.get_field(name)
        before, after = old_data.get(field.attname), new_data.get(field.attname)
        if name == "section":
            names = dict(Section.objects.filter(pk__in=[before, after]).values_list("pk", "name"))
            before, after = names.get(before, ""), names.get(after, "")
        elif name == "tags":
            before, after = before or [], after or []
            names = dict(Tag.objects.filter(pk__in=[*before, *after]).values_list("pk", "name"))
            before = ", ".join(sorted(names.get(pk, "?") for pk in before))
            after = ", ".join(sorted(names.get(pk, "?") for pk in after))
        before, after = "" if before is None else str(before), "" if after is None else str(after)
        rows.append(
            {
                "label": field.verbose_name,
                "old": before,
                "new": after,
                "changed": before != after,
                "diff": _line_diff(before, after) if name in LONG_TEXT and before != after else [],
            }
        )
    return rows


LONG_TEXT = {"standfirst", "body"}


def _line_diff(before, after):
    lines = difflib.ndiff(before.splitlines(), after.splitlines())
    return [
        (line[0], line[2:]) for line in lines if line[:1] in {"-", "+", " "} and line[2:].strip()
    ]
