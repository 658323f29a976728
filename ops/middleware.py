"""Project-wide request and response guards that Django has no setting for."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.template import loader
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Seconds a browser or crawler is asked to wait before trying again.
DATABASE_RETRY_AFTER = 30

# Browser features no page of ours uses: turned off, so injected or embedded
# content cannot ask for them either (https://www.w3.org/TR/permissions-policy/).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope",
        "interest-cohort", "magnetometer", "microphone", "payment", "usb",
    )
)  # fmt: skip


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy`` on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class NullCharacterMiddleware:
    """Keep NUL characters out of every lookup: a 400 in the address, dropped from the query.

    No page of ours has a use for one, and PostgreSQL refuses to compare text
    with it, so it would otherwise end as a server error deep in a lookup. A
    query string loses it silently, so a search for "\x00" still gets a page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return HttpResponseBadRequest(
                _("This address contains a character that is not allowed."),
                content_type="text/plain; charset=utf-8",
            )
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query:
            request.META["QUERY_STRING"] = query.replace("%00", "")
            request.__dict__.pop("GET", None)
        return self.get_response(request)


class PrivatePageMiddleware:
    """Keep every page made for a signed-in person out of shared caches.

    ``Vary: Cookie`` alone is not enough: some CDNs and proxies ignore it, and
    would hand one person's desk, or a public page with their name on it, to the
    next reader. A response to anyone with a session or a pending message gets
    ``Cache-Control: private`` (never ``public``), unless it already says
    ``private`` or ``no-store``. Desk pages hold unsaved work (a draft being written, wire copy
    pasted in, a preview), so they also get ``no-store``: not even the browser
    keeps them on disk.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not self.is_personal(request):
            return response
        policy = response.get("Cache-Control", "")
        match = request.resolver_match
        if match is not None and "desk" in match.namespaces:
            patch_cache_control(response, private=True, no_store=True)
        elif "public" in policy or not ("private" in policy or "no-store" in policy):
            patch_cache_control(response, private=True)
        return response

    @staticmethod
    def is_personal(request):
        """A session (signed in, or signing in now), or a flash message waiting for this reader."""
        user = getattr(request, "user", None)
        return (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            or "messages" in request.COOKIES
            or bool(user and user.is_authenticated)
        )


class DatabaseUnavailableMiddleware:
    """Answer 503 with a short page, at once, when the database cannot be reached.

    A view that meets ``OperationalError`` or ``InterfaceError`` (server down,
    connection refused or lost, connect timeout) gets ``templates/503.html``
    with ``Retry-After`` instead of a server error. The page is static: no
    context, no database. Nothing else is needed to recover: the broken
    connection is dropped after the request (``conn_health_checks``) and the
    next request connects afresh.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable for %s %s: %s", request.method, request.path, exception)
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER)
        add_never_cache_headers(response)
        return response
