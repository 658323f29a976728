"""Whole-page cache for anonymous readers: kept until what it shows changes, and bounded.

Each cached page records what it shows, its *dependencies*: a piece
(``article:42``), the front page (``front``), a section, tag or author list
(``section:3``, ``tag:7``, ``author:5``), the feeds, the sitemaps, search, the
corrections list. A dependency has a *stamp* in the shared cache, the time of
its last change. A page is stored with the stamps its dependencies had when it
was made, and is current while they all still match. A change stamps exactly
the dependencies it touched (``invalidate``), once its transaction commits, so
a publish refreshes the piece and the lists and feeds that show it, on every
server at once and with no scan of keys, and leaves every other piece's page
cached. A page that declares nothing depends on ``content``, which every change
stamps. A site-wide *generation* (a section renamed shows in every page's menu;
Redis back after an outage may have missed changes) retires every page at once.

A page out of date because something it shows changed is *stale*: one request
renders it again (``claim_render``) while the others get the stale copy for the
moment that takes, so a popular page is never rendered N times at once. A
*hard* change (a withdrawal, a deletion: something readers must no longer see)
leaves no stale copy to serve. A page is never kept past the next scheduled
``publish_at``, ``embargo_until`` or ``take_down_at``, so each takes effect at
its instant, nor served stale past it.

A page's key is its path and only the query parameters its view reads
(``QUERY_PARAMETERS``), so a client cannot mint new entries by adding
``?x=…``; Redis must still run with ``maxmemory`` and an LRU policy, because
search queries and paths are the readers' to choose.
"""

import enum
import hashlib
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone

from ops import edge

GENERATION_KEY = "newsroom:generation"
STAMP_PREFIX = "newsroom:dep:"
HARD_PREFIX = "newsroom:hard:"
RENDER_PREFIX = "newsroom:render:"

# Every page an edge keeps carries this name too: the generation's purge.
SITE = "site"
# What a page that declares no dependencies shows, as far as the cache knows:
# anything. Every change stamps it.
CONTENT = "content"

# A claimed render lets others serve the stale copy for at most this long.
RENDER_CLAIM_SECONDS = 10
# A page no one holds a copy of: others wait this long for the one render.
RENDER_WAIT_SECONDS = 2.0
# How long a page past its time (not a time control's) may still be served
# stale while it is rendered again.
STALE_SECONDS = 60

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
    # The content API's filters and cursors (api/); its docs load their script from ?script.
    "api:article-list": ("section", "tag", "author", "updated_since", "cursor"),
    "api:tag-list": ("cursor",),
    "api:author-list": ("cursor",),
    "api:correction-list": ("cursor",),
    "api:docs": ("script",),
}

# What the pages whose views are not ours (sitemaps, feeds) or show one fixed
# list show, by URL name; a URL name ending in ``_rss`` or ``_atom`` is a feed.
VIEW_DEPENDENCIES = {
    "articles:home": ("front",),
    "articles:search": ("search",),
    "articles:corrections": ("corrections",),
    "django.contrib.sitemaps.views.index": ("sitemaps",),
    "django.contrib.sitemaps.views.sitemap": ("sitemaps",),
    "news_sitemap": ("sitemaps",),
}

# What a change to a piece readers can see touches besides the piece itself
# and its section, tag and author lists; ``api`` is every list of the content API.
LISTINGS = ("front", "feeds", "sitemaps", "search", "corrections", "api", CONTENT)


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
    """Return the current site-wide generation (an int, shared by every server)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        fresh = new_generation()
        cache.add(GENERATION_KEY, fresh, timeout=None)
        # A write Redis refused (full, or unreachable) leaves no key: this
        # request then has a generation of its own, which no stored page matches.
        value = cache.get(GENERATION_KEY, fresh)
    return value


def bump():
    """Start a new generation now: every cached page becomes unreachable, none served stale."""
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
    edge.purge([SITE], hard=True)


def now_stamp():
    """The current time in microseconds: a dependency's stamp, and a render's start."""
    return time.time_ns() // 1000


def article_dependencies(article, *, section_ids=(), tag_ids=(), author_ids=()):
    """Return the dependencies a change to ``article`` touches: the piece and every list showing it.

    ``section_ids``, ``tag_ids`` and ``author_ids`` add lists it has just left
    (a piece moved to another section still shows on the old one's cached page).
    """
    sections = {article.section_id, *section_ids} - {None}
    tags = {*tag_ids, *(article.tags.values_list("pk", flat=True) if article.pk else ())}
    authors = {
        *author_ids,
        *(article.bylines.values_list("author_id", flat=True) if article.pk else ()),
    }
    return {
        f"article:{article.pk}",
        *(f"section:{pk}" for pk in sections),
        *(f"tag:{pk}" for pk in tags),
        *(f"author:{pk}" for pk in authors),
        *LISTINGS,
    }


def invalidate(names, *, hard=False):
    """Stamp the dependencies ``names`` as changed now: every page showing one is out of date.

    A ``hard`` change (something readers must no longer see) also marks them
    so that no page made before it is served stale.
    """
    stamp = now_stamp()
    keys = [STAMP_PREFIX + name for name in names]
    if hard:
        keys += [HARD_PREFIX + name for name in names]
    # Deleted first: a delete is never refused for memory, and a missing stamp
    # matches no stored page (nor may such a page be served stale), so the
    # change shows even when Redis refuses the set that follows.
    cache.delete_many(keys)
    cache.set_many(dict.fromkeys(keys, stamp), timeout=None)
    edge.purge(names, hard=hard)


_pending = threading.local()


def invalidate_on_commit(names, *, hard=False):
    """Stamp ``names`` once the current transaction commits; nothing if it rolls back.

    Every receiver of one change adds to the same set, so the change stamps
    each dependency once, in one call. The set belongs to the transaction
    whose commit will flush it: one rolled back leaves nothing behind.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        invalidate(names, hard=hard)
        return
    state = _pending.__dict__
    flush = state.get("flush")
    # Still queued on this transaction? A rollback drops the queued callbacks.
    if flush is None or not any(entry[1] is flush for entry in connection.run_on_commit):
        state["names"] = pending = {}

        def flush():
            if state.get("names") is pending:
                state.pop("names")
                state.pop("flush", None)
            _flush(pending)

        state["flush"] = flush
        transaction.on_commit(flush)
    pending = state["names"]
    for name in names:
        pending[name] = pending.get(name, False) or hard


def _flush(pending):
    hard = [name for name, is_hard in pending.items() if is_hard]
    if hard:
        invalidate(hard, hard=True)
    soft = [name for name, is_hard in pending.items() if not is_hard]
    if soft:
        invalidate(soft)


def bump_on_commit(**kwargs):
    """Signal receiver: start a new generation once the current transaction commits."""
    transaction.on_commit(bump)


def depends_on(request, *names):
    """Record that the page made for ``request`` shows ``names`` (see the module docstring)."""
    request.__dict__.setdefault("page_dependencies", set()).update(names)


def dependencies(request):
    """Return the dependencies of the page just made for ``request``, sorted."""
    names = set(request.__dict__.get("page_dependencies", ()))
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    names.update(VIEW_DEPENDENCIES.get(view_name, ()))
    if view_name.endswith(("_rss", "_atom")):
        names.add("feeds")
    return sorted(names or {CONTENT})


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


def page_key(request):
    """Return the cache key of the page at this request's path and query (see ``restrict_query``)."""
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"newsroom:page:{request.method == 'HEAD'}:{digest}"


class State(enum.Enum):
    FRESH = "fresh"  # Serve it.
    STALE = "stale"  # Serve it unless this request can render it again.
    MISSING = "missing"  # Nothing that may be served.


@dataclass
class StoredPage:
    generation: int
    stamps: dict  # Dependency name -> its stamp when the page was made.
    fresh_until: float  # time.time() after which the page is stale.
    response: object


@dataclass
class Lookup:
    generation: int
    state: State
    response: object = None


def cached_page(request):
    """Return a ``Lookup``: the page stored for this request and whether it is current.

    The generation and the page come in one round trip to the cache, the
    stamps of its dependencies in a second. A page stored in an earlier
    generation, or made before a hard change to what it shows, is missing.
    """
    key = page_key(request)
    found = cache.get_many([GENERATION_KEY, key])
    gen = found.get(GENERATION_KEY)
    if gen is None:
        gen = generation()
    stored = found.get(key)
    if not isinstance(stored, StoredPage) or stored.generation != gen:
        return Lookup(gen, State.MISSING)
    keys = [prefix + name for name in stored.stamps for prefix in (STAMP_PREFIX, HARD_PREFIX)]
    current = cache.get_many(keys)
    changed = [
        name for name, stamp in stored.stamps.items() if current.get(STAMP_PREFIX + name) != stamp
    ]
    # A lost stamp or hard mark (evicted, or a write refused) could hide a
    # hard change: such a page is not served stale either.
    if any(
        STAMP_PREFIX + name not in current
        or current.get(HARD_PREFIX + name, float("inf")) > stored.stamps[name]
        for name in changed
    ):
        return Lookup(gen, State.MISSING)
    fresh = not changed and time.time() < stored.fresh_until
    return Lookup(gen, State.FRESH if fresh else State.STALE, stored.response)


def store_page(request, gen, started, response):
    """Keep ``response``, made from ``started`` (``now_stamp()``) on, in generation ``gen``.

    Its dependencies' stamps are read now; one stamped since ``started``
    changed while the page was being made, so the page is not stored (the
    next request makes it again). A dependency never stamped gets a stamp
    from before ``started``. If the generation moved on meanwhile, the page is
    stored under the old one and so never served.
    """
    names = dependencies(request)
    keys = [STAMP_PREFIX + name for name in names]
    stamps = cache.get_many(keys)
    missing = [key for key in keys if key not in stamps]
    if missing:
        for key in missing:
            cache.add(key, started - 1, timeout=None)
            cache.add(HARD_PREFIX + key.removeprefix(STAMP_PREFIX), 0, timeout=None)
        stamps = cache.get_many(keys)
    if len(stamps) < len(keys) or any(stamp >= started for stamp in stamps.values()):
        return False
    until = next_time_control()
    fresh, keep = page_lifetime(until=until)
    if edge.enabled():
        seconds, kept = page_lifetime(settings.EDGE_SECONDS, until=until)
        edge.tag(response, [SITE, *names], seconds, kept - seconds)
    page = StoredPage(
        generation=gen,
        stamps={name: stamps[STAMP_PREFIX + name] for name in names},
        fresh_until=time.time() + fresh,
        response=response,
    )
    cache.set(page_key(request), page, keep)
    return True


def claim_render(request):
    """Return True when this request is the one to render its page (or cannot know).

    False means another request is rendering it now.
    """
    claimed = cache.add(RENDER_PREFIX + page_key(request), 1, RENDER_CLAIM_SECONDS)
    # None: the cache ignored a failure, so no one can coordinate; render.
    return claimed is not False


def release_render(request):
    """Let the next request render this page again when it needs to."""
    cache.delete(RENDER_PREFIX + page_key(request))


def wait_for_page(request):
    """Return the page another request is rendering, once it is stored (None after a wait)."""
    deadline = time.monotonic() + RENDER_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.02)
        found = cached_page(request)
        if found.state is State.FRESH:
            return found.response
        if cache.get(RENDER_PREFIX + page_key(request)) is None:
            return None
    return None


_UNREAD = object()


def page_lifetime(limit=None, *, until=_UNREAD):
    """Return ``(fresh, keep)``: seconds a page is current, and may be kept to serve stale.

    ``limit`` is the most it may be kept (``PAGE_CACHE_SECONDS`` unless
    said); ``until`` the seconds to the next time control, when already read.
    A page capped by a time control is kept no longer than that: past it,
    what readers may see has changed, and no stale copy may show it.
    """
    limit = settings.PAGE_CACHE_SECONDS if limit is None else limit
    until = next_time_control() if until is _UNREAD else until
    if until is not None and until < limit:
        return until, until
    return limit, limit + STALE_SECONDS


def page_timeout():
    """Seconds a page may be kept: the configured time, capped at the next time control."""
    return page_lifetime()[0]


def next_time_control():
    """Seconds to the next time control (at least 1), or None when none is scheduled.

    That is the nearest upcoming ``publish_at``, ``embargo_until`` or
    ``take_down_at`` of a published piece, or a library picture's "Usable
    until": at each of them what readers may see changes with no save to
    invalidate the cache.
    """
    from pictures.models import Picture

    from .models import Article

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
    if not times:
        return None
    return max(1, int((min(times) - now).total_seconds()))
