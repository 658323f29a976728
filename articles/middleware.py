"""Serve anonymous readers whole cached pages (see ``articles.cache``)."""

from django.conf import settings
from django.utils.cache import patch_cache_control, set_response_etag

from . import cache as page_cache

# Pages for people at work are never cached.
PRIVATE_PREFIXES = ("/admin/", "/desk/", "/accounts/", "/share/")
# Nor are health checks: they must reach the database and the cache themselves
# (ops.health), and answer even when the cache does not.
UNCACHED_PATHS = {"/healthz", "/readyz"}


def is_cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        # A pending flash message must reach its reader.
        and "messages" not in request.COOKIES
        and not request.path.startswith(PRIVATE_PREFIXES)
        and request.path not in UNCACHED_PATHS
    )


def is_cacheable_response(response):
    return (
        # Not 404s or 301s: any path a client makes up answers one of them
        # (an unknown address, a missing slash, a piece under a wrong section),
        # so storing each would let anyone fill the cache. They are cheap to make.
        response.status_code in (200, 410)
        and not response.streaming
        and not response.cookies
        and "no-cache" not in response.get("Cache-Control", "")
        and "private" not in response.get("Cache-Control", "")
    )


class AnonymousPageCacheMiddleware:
    """Answer anonymous GETs from the shared cache; store what the views make for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        # A Host not in ALLOWED_HOSTS is a 400 (DisallowedHost) before any
        # page is answered, from the cache as from a view.
        request.get_host()
        page_cache.restrict_query(request)
        found = page_cache.cached_page(request)
        if found.state is page_cache.State.FRESH:
            return served(found.response, "HIT")
        claimed = page_cache.claim_render(request)
        if not claimed:
            # Another request is making this page: one render however many wait.
            if found.state is page_cache.State.STALE:
                return served(found.response, "STALE")
            waited = page_cache.wait_for_page(request)
            if waited is not None:
                return served(waited, "HIT")
        try:
            return self.render(request, found.generation)
        finally:
            if claimed:
                page_cache.release_render(request)

    def render(self, request, gen):
        started = page_cache.now_stamp()
        response = self.get_response(request)
        if is_cacheable_response(response):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PAGE_MAX_AGE,
                stale_while_revalidate=settings.PAGE_MAX_AGE,
            )
            # Hashed once here, not on every hit (ConditionalGetMiddleware keeps it).
            set_response_etag(response)
            page_cache.store_page(request, gen, started, response)
            response["X-Cache"] = "MISS"
        return response


def served(response, how):
    response["X-Cache"] = how
    return response
