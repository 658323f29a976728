"""Signals the articles app sends.

``article_transitioned`` is sent once per workflow transition, after the
transaction that made it commits, with ``article``, ``transition``, ``event``
and ``by``. The receivers below keep the page cache fresh.
"""

from django.dispatch import Signal

from .cache import bump_on_commit

article_transitioned = Signal()


def article_saved(sender, instance, **kwargs):
    """A save readers could notice (of a published piece) starts a new page-cache generation."""
    if instance.state == instance.State.PUBLISHED:
        bump_on_commit()


def connect_cache_receivers():
    """Bump the page-cache generation on every change readers could see, once it commits."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from authors.models import Author

    from .models import Article, Byline, Correction, Section, Tag

    article_transitioned.connect(bump_on_commit, dispatch_uid="cache.transition")
    post_save.connect(article_saved, sender=Article, dispatch_uid="cache.article")
    post_delete.connect(bump_on_commit, sender=Article, dispatch_uid="cache.article.delete")
    m2m_changed.connect(bump_on_commit, sender=Article.tags.through, dispatch_uid="cache.tags")
    for model in (Byline, Correction, Section, Tag, Author):
        label = model._meta.label
        post_save.connect(bump_on_commit, sender=model, dispatch_uid=f"cache.{label}")
        post_delete.connect(bump_on_commit, sender=model, dispatch_uid=f"cache.{label}.delete")
