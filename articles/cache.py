"""Whole-page cache for anonymous readers, never stale.

Every cached page's key carries a *generation* number kept in the shared cache.
Any change a reader could see (a transition, a save of a published piece, a
correction, a section, tag or author change) bumps the generation once its
transaction commits, so every server stops serving the old pages at once,
without scanning keys. A page is never kept past the next scheduled
``publish_at``, so a scheduled piece appears at its instant.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

GENERATION_KEY = "newsroom:generation"


def generation():
    """Return the current content generation (an int, shared by every server)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def bump():
    """Start a new generation now: every cached page becomes unreachable."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def bump_on_commit(**kwargs):
    """Signal receiver: bump the generation once the current transaction commits."""
    transaction.on_commit(bump)


def page_key(request):
    """Return the cache key of the page at this request's full path."""
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"newsroom:page:{request.method == 'HEAD'}:{digest}"


def cached_page(request):
    """Return ``(generation, response)``: the page stored for this request, if it is current.

    The generation and the page come in one round trip to the cache. A page
    stored in an earlier generation is never returned (the response is None).
    """
    key = page_key(request)
    found = cache.get_many([GENERATION_KEY, key])
    gen = found.get(GENERATION_KEY)
    if gen is None:
        gen = generation()
    stored = found.get(key)
    if stored is not None and stored[0] == gen:
        return gen, stored[1]
    return gen, None


def store_page(request, gen, response):
    """Keep ``response`` for this request, in generation ``gen`` (read before it was made).

    If the generation moved on while the page was being made, the page is
    stored under the old one and so never served.
    """
    cache.set(page_key(request), (gen, response), page_timeout())


def page_timeout():
    """Seconds a page may be kept: the configured time, capped at the next scheduled publish."""
    from .models import Article

    timeout = settings.PAGE_CACHE_SECONDS
    upcoming = (
        Article.objects.scheduled()
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
    if upcoming is not None:
        timeout = min(timeout, max(1, int((upcoming - timezone.now()).total_seconds())))
    return timeout
