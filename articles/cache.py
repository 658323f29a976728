"""Whole-page cache for anonymous readers, never stale, and bounded.

Every cached page's key carries a *generation* number kept in the shared cache.
Any change a reader could see (a transition, a save of a published piece, a
correction, a section, tag or author change) bumps the generation once its
transaction commits, so every server stops serving the old pages at once,
without scanning keys. A page is never kept past the next scheduled
``publish_at``, ``embargo_until`` or ``take_down_at``, so each takes effect
at its instant.

A page's key is its path and only the query parameters its view reads
(``QUERY_PARAMETERS``), so a client cannot mint new entries by adding
``?x=…``; Redis must still run with ``maxmemory`` and an LRU policy, because
search queries and paths are the readers' to choose.
"""

import hashlib
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone

GENERATION_KEY = "newsroom:generation"

# The query parameters each page reads, by URL name. Every other parameter is
# left out of the page's key and out of the request its view sees, so a page
# that forgets to declare one cannot be poisoned through it: it simply never
# sees the parameter (and its test says so). Undeclared pages read none.
QUERY_PARAMETERS = {
    "articles:search": ("q", "section", "page"),
    "articles:section": ("page",),
    "articles:tag": ("page",),
    "articles:corrections": ("page",),
    "authors:detail": ("page",),
    # Django's sitemap views read the page of a long sitemap from ?p=.
    "django.contrib.sitemaps.views.sitemap": ("p",),
    "news_sitemap": ("p",),
}


def new_generation():
    """Return a generation number no page can have been stored under: the time in ms.

    The generation is re-created when its key is lost (evicted by an LRU
    Redis, or never made). Counting from 1 again could meet a number pages were
    stored under minutes ago, and serve them stale; the current time in
    milliseconds is past every number the old key reached, as bumps come far
    less often than once a millisecond (and servers' clocks are kept in step).
    """
    return int(time.time() * 1000)


def generation():
    """Return the current content generation (an int, shared by every server)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        fresh = new_generation()
        cache.add(GENERATION_KEY, fresh, timeout=None)
        # A write Redis refused (full, or unreachable) leaves no key: this
        # request then has a generation of its own, which no stored page matches.
        value = cache.get(GENERATION_KEY, fresh)
    return value


def bump():
    """Start a new generation now: every cached page becomes unreachable."""
    try:
        # None when the cache ignored a failure (Redis full or unreachable).
        bumped = cache.incr(GENERATION_KEY)
    except ValueError:  # Missing.
        bumped = None
    if bumped is None:
        # A delete is never refused for memory, so the old generation goes
        # whatever happens to the set.
        cache.delete(GENERATION_KEY)
        cache.set(GENERATION_KEY, new_generation(), timeout=None)


def canonical_query(request):
    """Return the query string this request's page depends on: its declared parameters, sorted.

    Each parameter keeps its last value, the one ``request.GET.get()`` reads.
    """
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return ""
    try:
        names = QUERY_PARAMETERS.get(resolve(request.path_info).view_name, ())
    except Resolver404:
        return ""
    return urlencode(sorted((name, request.GET[name]) for name in names if name in request.GET))


def restrict_query(request):
    """Leave only the declared parameters in ``request``'s query, as ``page_key`` sees it."""
    query = canonical_query(request)
    if query != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = query
        request.__dict__.pop("GET", None)


def bump_on_commit(**kwargs):
    """Signal receiver: bump the generation once the current transaction commits."""
    transaction.on_commit(bump)


def page_key(request):
    """Return the cache key of the page at this request's path and query (see ``restrict_query``)."""
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
    """Seconds a page may be kept: the configured time, capped at the next time control.

    That is the nearest upcoming ``publish_at``, ``embargo_until`` or
    ``take_down_at`` of a published piece, or a library picture's "Usable
    until": at each of them what readers may see changes with no save to
    invalidate the cache.
    """
    from pictures.models import Picture

    from .models import Article

    timeout = settings.PAGE_CACHE_SECONDS
    now = timezone.now()
    published = Article.objects.filter(state=Article.State.PUBLISHED)
    # One small query per time control, each read from the front of its index
    # ((state, time)): the cost does not grow with the archive.
    times = [
        when
        for name in ("publish_at", "embargo_until", "take_down_at")
        for when in published.filter(**{f"{name}__gt": now})
        .order_by(name)
        .values_list(name, flat=True)[:1]
    ]
    times.extend(
        Picture.objects.filter(usable_until__gt=now)
        .order_by("usable_until")
        .values_list("usable_until", flat=True)[:1]
    )
    if times:
        timeout = min(timeout, max(1, int((min(times) - now).total_seconds())))
    return timeout
