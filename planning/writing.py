"""Starting the draft of an assignment: one draft per assignment, whoever clicks first."""

from django.db import transaction
from django.utils.translation import gettext as _

from articles import editing

from .models import Assignment
from .signals import assignment_started, send_on_commit


def start_writing(assignment, *, by):
    """Return ``(article, created)``: the assignment's draft, made now if it had none.

    The draft takes the working headline and the section, with ``by`` first on
    the byline and the other reporters after. Under the assignment's row lock,
    so two reporters (or two clicks) starting at once make one draft; the
    second gets the first one's.
    """
    with transaction.atomic():
        locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.article_id is not None:
            return locked.article, False
        writers = sorted(locked.reporters.all(), key=lambda user: user.pk)
        article = editing.create_draft(
            by=by,
            headline=locked.headline,
            section=locked.section,
            writers=writers,
            comment=_("Started from the assignment “%(headline)s”.")
            % {"headline": locked.headline},
        )
        locked.article = article
        locked.save(update_fields=["article", "modified_at"])
        send_on_commit(assignment_started, locked, article=article, by=by)
    assignment.article = article
    return article, True
