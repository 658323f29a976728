"""Signals the articles app sends.

``article_transitioned`` is sent once per workflow transition, after the
transaction that made it commits, with ``article``, ``transition``, ``event``
and ``by``. The receivers below keep the page cache fresh: each change readers
could notice starts one new generation, once it commits.
"""

from django.dispatch import Signal

from .cache import bump_on_commit

article_transitioned = Signal()


def article_saved(sender, instance, update_fields=None, **kwargs):
    """An edit of a piece readers can see starts a new page-cache generation.

    A transition's own save (the only save naming ``state`` in its
    ``update_fields``) is left to ``article_transitioned``, so a publish
    invalidates once.
    """
    from .workflow import READER_STATES

    if update_fields is not None and "state" in update_fields:
        return
    if instance.state in READER_STATES:
        bump_on_commit()


def article_moved(sender, event, **kwargs):
    """A transition into or out of a state readers can see starts a new generation.

    Submitting, requesting changes and resubmitting change nothing readers see.
    """
    from .workflow import READER_STATES

    if event.from_state in READER_STATES or event.to_state in READER_STATES:
        bump_on_commit()


def byline_changed(sender, instance, **kwargs):
    """A byline added, moved or removed on a piece readers can see starts a new generation."""
    from .models import Article
    from .workflow import READER_STATES

    if Article.objects.filter(pk=instance.article_id, state__in=READER_STATES).exists():
        bump_on_commit()


def tags_changed(sender, instance, action, reverse, **kwargs):
    """Tags set on a piece readers can see (or pieces set on a tag) start a new generation.

    Once per change, after it: the ``pre_`` actions announce the same change.
    """
    from .workflow import READER_STATES

    if action.startswith("post_") and (reverse or instance.state in READER_STATES):
        bump_on_commit()


def listing_saved(sender, instance, created, **kwargs):
    """A tag or author changed (renamed, a new bio) starts a new generation; a new one does not.

    Readers see a tag or an author only beside a piece they can see, so a new
    one shows nowhere until such a piece carries it, which invalidates then.
    """
    if not created:
        bump_on_commit()


def picture_saved(sender, instance, created, raw, **kwargs):
    """A library picture changed: the bodies that place it are stored again, and pages refreshed."""
    from .editing import refresh_bodies

    if created or raw:
        return
    refresh_bodies(instance)
    bump_on_commit()


def picture_deleting(sender, instance, **kwargs):
    """pre_delete receiver: note the pieces whose bodies place the picture about to go."""
    instance._shown_in = list(instance.in_bodies.values_list("pk", flat=True))


def picture_deleted(sender, instance, **kwargs):
    """post_delete receiver: those bodies are stored again without it, and pages refreshed."""
    from .editing import refresh_bodies

    refresh_bodies(None, pks=getattr(instance, "_shown_in", []))
    bump_on_commit()


def connect_cache_receivers():
    """Bump the page-cache generation on every change readers could see, once it commits."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from authors.models import Author

    from .models import Article, Byline, Correction, Section, Tag

    article_transitioned.connect(article_moved, dispatch_uid="cache.transition")
    post_save.connect(article_saved, sender=Article, dispatch_uid="cache.article")
    post_delete.connect(bump_on_commit, sender=Article, dispatch_uid="cache.article.delete")
    m2m_changed.connect(tags_changed, sender=Article.tags.through, dispatch_uid="cache.tags")
    post_save.connect(byline_changed, sender=Byline, dispatch_uid="cache.articles.Byline")
    post_delete.connect(byline_changed, sender=Byline, dispatch_uid="cache.articles.Byline.delete")
    for model in (Correction, Section, Tag, Author):
        label = model._meta.label
        receiver = listing_saved if model in (Tag, Author) else bump_on_commit
        post_save.connect(receiver, sender=model, dispatch_uid=f"cache.{label}")
        post_delete.connect(bump_on_commit, sender=model, dispatch_uid=f"cache.{label}.delete")
