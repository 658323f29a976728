"""Revisions of articles (django-reversion): restoring content never touches the workflow."""

from reversion.models import Version

# Fields only the workflow (or the save itself) writes; a restored revision keeps today's values.
WORKFLOW_FIELDS = ("state", "publish_at", "first_published_at", "created_by_id", "version")


def keep_workflow_fields(sender, instance, raw, **kwargs):
    """pre_save receiver: a revision restore (a raw save) keeps the current workflow fields.

    Restoring an old revision brings back its words, never its state: a live
    piece stays live and a withdrawn one stays withdrawn. The version still
    moves on, so editors holding the older one are told of the change.
    """
    if not raw or instance.pk is None:
        return
    current = sender.objects.filter(pk=instance.pk).values(*WORKFLOW_FIELDS).first()
    if current is None:
        return
    for field, value in current.items():
        setattr(instance, field, value)
    instance.version = current["version"] + 1


def last_saved_by(article):
    """Return ``(user, when)`` of the newest revision of ``article``, or ``(None, None)``."""
    version = Version.objects.get_for_object(article).select_related("revision__user").first()
    if version is None:
        return None, None
    return version.revision.user, version.revision.date_created
