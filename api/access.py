"""Who is calling the API, and how often: keys, rate limits, and the gate in front of the page cache.

API responses are the same for everyone (they show exactly what
``Article.objects.published()`` serves), so they go through the shared
anonymous page cache whether or not a request carries a key. What differs per
caller is checked *before* the cache may answer, by ``ApiGateMiddleware``: an
unknown or revoked key is refused (401) and every caller's rate is counted
(429), on cache hits as on renders. A cached response can therefore never
carry one caller's key or let a revoked key through.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiKey

API_PREFIX = "/api/"
SCHEME = "Bearer"
# How stale "last used" may be: one write a minute per key, not one per request.
LAST_USED_RESOLUTION_SECONDS = 60


class AnonymousRateThrottle(SimpleRateThrottle):
    """Requests without a key, counted per client address in the shared cache.

    The address is the connection's, or the one ``NUM_PROXIES`` proxies
    (``PROXY_COUNT``) in front of us report: a client cannot choose it.
    """

    scope = "api_anonymous"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class KeyRateThrottle(SimpleRateThrottle):
    """Requests with ``key``, counted per key at the key's own rate."""

    scope = "api_key"

    def __init__(self, key):
        self.key = key
        self.rate = key.rate
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.key.pk}


def presented_key(request):
    """The key in ``Authorization: Bearer <key>``; "" without one, None when the header is unusable."""
    header = request.headers.get("Authorization", "")
    if not header:
        return ""
    scheme, _space, key = header.strip().partition(" ")
    if scheme.lower() != SCHEME.lower() or not key.strip():
        return None
    return key.strip()


def refused(status, detail, **headers):
    response = JsonResponse({"detail": detail}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    # An answer for this caller only: never kept by a shared cache.
    response["Cache-Control"] = "no-store"
    return response


def note_use(key):
    """Record that ``key`` was used now, at most once a minute (one small UPDATE)."""
    now = timezone.now()
    last = key.last_used_at
    if last is None or (now - last).total_seconds() >= LAST_USED_RESOLUTION_SECONDS:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now


class ApiGateMiddleware:
    """Check the caller's key and rate for every request under /api/, before the page cache.

    Sits in front of ``articles.middleware.AnonymousPageCacheMiddleware``,
    so a cached response is answered only to a caller who may have it now.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        presented = presented_key(request)
        key = None
        if presented is None:
            return refused(
                401,
                _(
                    "Send your API key as “Authorization: Bearer <key>”, or no Authorization header."
                ),
                WWW_Authenticate=SCHEME,
            )
        if presented:
            key = ApiKey.objects.for_key(presented)
            if key is None:
                return refused(
                    401,
                    _("This API key is not valid: it is unknown or has been revoked."),
                    WWW_Authenticate=f'{SCHEME} error="invalid_token"',
                )
        throttle = KeyRateThrottle(key) if key else AnonymousRateThrottle()
        if not throttle.allow_request(request, None):
            wait = max(1, round(throttle.wait() or 1))
            return refused(
                429,
                _("Too many requests: try again in %(seconds)s seconds.") % {"seconds": wait},
                Retry_After=str(wait),
            )
        if key is not None:
            note_use(key)
        request.api_key = key
        return self.get_response(request)


class ApiKeyAuthentication(BaseAuthentication):
    """The key ``ApiGateMiddleware`` accepted, as ``request.auth`` (no user: keys read only)."""

    def authenticate(self, request):
        key = getattr(request._request, "api_key", None)
        return (AnonymousUser(), key) if key is not None else None

    def authenticate_header(self, request):
        return SCHEME


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """The key as the OpenAPI schema (and the docs' "Authorize" button) describe it."""

    target_class = ApiKeyAuthentication
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": _("Optional: a key an editor issued raises your rate limit."),
        }
