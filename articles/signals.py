"""Signals the articles app sends.

``article_transitioned`` is sent once per workflow transition, after the
transaction that made it commits, with ``article``, ``transition``, ``event``
and ``by``. The receivers below keep the page cache fresh: each change readers
could notice stamps the pages that show it (``cache.article_dependencies``),
once, when it commits.
"""

from django.dispatch import Signal

from . import cache
from .cache import bump_on_commit, invalidate_on_commit

article_transitioned = Signal()


def _is_public(article):
    from .models import Article

    return Article.objects.published().filter(pk=article.pk).exists()


def article_changing(sender, instance, update_fields=None, raw=False, **kwargs):
    """Remember the section a piece readers can see is leaving: its list shows it too."""
    from .workflow import READER_STATES

    if raw or not instance.pk or instance.state not in READER_STATES:
        return
    if update_fields is None or "section" in update_fields:
        instance._section_left = (
            sender.objects.filter(pk=instance.pk).values_list("section_id", flat=True).first()
        )


def article_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    """An edit of a piece readers can see refreshes it and every list showing it.

    A transition's own save (the only save naming ``state`` in its
    ``update_fields``) is left to ``article_transitioned``, so a publish
    invalidates once. An edit that hides the piece (a take-down time set in
    the past) is hard: no stale copy of it is served.
    """
    from .workflow import READER_STATES

    if raw or (update_fields is not None and "state" in update_fields):
        return
    if instance.state in READER_STATES:
        left = getattr(instance, "_section_left", None)
        invalidate_on_commit(
            cache.article_dependencies(instance, section_ids=[left] if left else []),
            hard=not _is_public(instance),
        )


def article_moved(sender, article, event, **kwargs):
    """A transition into or out of a state readers can see refreshes the piece and its lists.

    Submitting, requesting changes and resubmitting change nothing readers see.
    Leaving ``published`` is hard: the piece's pages are never served stale.
    """
    from .models import Article
    from .workflow import READER_STATES

    if event.from_state in READER_STATES or event.to_state in READER_STATES:
        cache.invalidate(
            cache.article_dependencies(article), hard=event.to_state != Article.State.PUBLISHED
        )


def article_deleted(sender, instance, **kwargs):
    """A deleted piece readers could see retires every page: its lists are gone with it."""
    from .workflow import READER_STATES

    if instance.state in READER_STATES:
        bump_on_commit()


def byline_changed(sender, instance, **kwargs):
    """A byline added, moved or removed on a piece readers can see refreshes it and its lists."""
    from .models import Article
    from .workflow import READER_STATES

    article = Article.objects.filter(pk=instance.article_id, state__in=READER_STATES).first()
    if article is not None:
        invalidate_on_commit(cache.article_dependencies(article, author_ids=[instance.author_id]))


def tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Tags set on a piece readers can see (or pieces set on a tag) refresh the lists touched.

    Once per change: a clear names its tags before it (``pre_clear``), an add
    or a removal after (``post_add``, ``post_remove``).
    """
    from .workflow import READER_STATES

    if action not in ("pre_clear", "post_add", "post_remove"):
        return
    if reverse:
        articles = {f"article:{pk}" for pk in pk_set or ()}
        if action == "pre_clear":
            articles = {f"article:{pk}" for pk in instance.article_set.values_list("pk", flat=True)}
        invalidate_on_commit({f"tag:{instance.pk}", *articles, *cache.LISTINGS})
    elif instance.state in READER_STATES:
        tags = pk_set if action != "pre_clear" else instance.tags.values_list("pk", flat=True)
        invalidate_on_commit(cache.article_dependencies(instance, tag_ids=tags or ()))


def correction_changed(sender, instance, **kwargs):
    """A correction shows on its piece, the corrections list and the feeds."""
    from .models import Article

    article = Article.objects.filter(pk=instance.article_id).first()
    if article is not None:
        invalidate_on_commit(cache.article_dependencies(article))


def tag_saved(sender, instance, created, **kwargs):
    """A renamed tag shows on its list and on the pieces carrying it; a new one shows nowhere yet.

    Readers see a tag only beside a piece they can see, so a new one shows
    nowhere until such a piece carries it, which invalidates then.
    """
    if not created:
        invalidate_on_commit({f"tag:{instance.pk}", "feeds", "sitemaps", "api", cache.CONTENT})


def tag_deleted(sender, instance, **kwargs):
    invalidate_on_commit({f"tag:{instance.pk}", "feeds", "sitemaps", "api", cache.CONTENT})


def author_saved(sender, instance, created, **kwargs):
    """A changed author (a name, a bio) shows on every card of theirs: a new generation.

    A new one shows nowhere until a piece readers can see carries it.
    """
    if not created:
        bump_on_commit()


# A picture on more live pieces than this retires every page rather than
# reading each piece's lists: one new generation costs less than thousands of stamps.
PICTURE_PIECES_LIMIT = 50


def picture_changed(picture, pks=()):
    """Refresh the pages of the live pieces showing ``picture`` (as hero or in the body).

    Hard when the picture may no longer be shown (its rights ran out, or it
    is gone): no page from before is served stale.
    """
    from django.db.models import Q

    from .models import Article
    from .workflow import READER_STATES

    shown = Q(pk__in=list(pks))
    if picture is not None and picture.pk is not None:
        shown |= Q(hero_picture=picture) | Q(body_pictures=picture)
    pieces = list(
        Article.objects.filter(shown, state__in=READER_STATES).distinct()[
            : PICTURE_PIECES_LIMIT + 1
        ]
    )
    if len(pieces) > PICTURE_PIECES_LIMIT:
        bump_on_commit()
        return
    names = set()
    for article in pieces:
        names |= cache.article_dependencies(article)
    if names:
        usable = picture is not None and picture.pk is not None and picture.is_usable()
        invalidate_on_commit(names, hard=not usable)


def picture_saved(sender, instance, created, raw, **kwargs):
    """A library picture changed: the bodies that place it are stored again, and their pages refreshed."""
    from .editing import refresh_bodies

    if created or raw:
        return
    refresh_bodies(instance)
    picture_changed(instance)


def picture_deleting(sender, instance, **kwargs):
    """pre_delete receiver: note the pieces whose bodies place the picture about to go."""
    instance._shown_in = list(instance.in_bodies.values_list("pk", flat=True))


def picture_deleted(sender, instance, **kwargs):
    """post_delete receiver: those bodies are stored again without it, and their pages refreshed."""
    from .editing import refresh_bodies

    shown_in = getattr(instance, "_shown_in", [])
    refresh_bodies(None, pks=shown_in)
    picture_changed(None, pks=shown_in)


def connect_cache_receivers():
    """Refresh the cached pages that show each change readers could see, once it commits."""
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

    from authors.models import Author

    from .models import Article, Byline, Correction, Section, Tag

    article_transitioned.connect(article_moved, dispatch_uid="cache.transition")
    pre_save.connect(article_changing, sender=Article, dispatch_uid="cache.article.pre")
    post_save.connect(article_saved, sender=Article, dispatch_uid="cache.article")
    post_delete.connect(article_deleted, sender=Article, dispatch_uid="cache.article.delete")
    m2m_changed.connect(tags_changed, sender=Article.tags.through, dispatch_uid="cache.tags")
    post_save.connect(byline_changed, sender=Byline, dispatch_uid="cache.articles.Byline")
    post_delete.connect(byline_changed, sender=Byline, dispatch_uid="cache.articles.Byline.delete")
    post_save.connect(correction_changed, sender=Correction, dispatch_uid="cache.correction")
    post_delete.connect(
        correction_changed, sender=Correction, dispatch_uid="cache.correction.delete"
    )
    post_save.connect(tag_saved, sender=Tag, dispatch_uid="cache.tag")
    post_delete.connect(tag_deleted, sender=Tag, dispatch_uid="cache.tag.delete")
    # Sections show in every page's menu, authors on every card of theirs.
    post_save.connect(bump_on_commit, sender=Section, dispatch_uid="cache.section")
    post_delete.connect(bump_on_commit, sender=Section, dispatch_uid="cache.section.delete")
    post_save.connect(author_saved, sender=Author, dispatch_uid="cache.author")
    post_delete.connect(bump_on_commit, sender=Author, dispatch_uid="cache.author.delete")
