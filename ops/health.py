"""Health checks for load balancers and orchestrators.

``/healthz`` says the process answers (it touches nothing else), ``/readyz``
that the database and the cache answer too, and whether a background worker
has been seen lately. Both are never cached, set no
cookie and are kept out of search engines; a failure names the part that
failed, never its error text.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import Error as DatabaseError
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

READY_KEY = "newsroom:readyz"


def _no_index(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
@never_cache
def healthz(request):
    """200 "ok" while the process serves requests; no database or cache is asked."""
    return _no_index(HttpResponse("ok", content_type="text/plain; charset=utf-8"))


@require_safe
@never_cache
def readyz(request):
    """200 when the database and the cache both answer, else 503 naming which one did not.

    ``worker`` says whether a background worker beat lately ("ok", "not
    running", "not seen since …"). It does not make the answer 503: a load
    balancer taking web servers out of service would not send the mail.
    """
    status = {"database": database_status(), "cache": cache_status()}
    ready = all(value == "ok" for value in status.values())
    status["worker"] = worker_status() if status["database"] == "ok" else "unknown"
    return _no_index(JsonResponse(status, status=200 if ready else 503))


def worker_status():
    """What is known of the background workers (``ops.worker.worker_status``), or "unknown"."""
    from .worker import worker_status as status

    try:
        return status()
    except DatabaseError:
        logger.exception("Readiness check: the worker heartbeat could not be read.")
        return "unknown"


def database_status():
    """Return "ok" when a trivial query succeeds on the default database, else "unavailable"."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Readiness check: the database did not answer.")
        return "unavailable"
    return "ok"


def cache_status():
    """Return "ok" when a value written to the shared cache reads back, else "unavailable"."""
    # A key of its own per check: probes of several servers share one cache.
    key = f"{READY_KEY}:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=30)
        answered = cache.get(key) == "ok"
        cache.delete(key)
    except Exception:  # Each cache backend raises its own errors (Redis, files, memcached).
        logger.exception("Readiness check: the cache did not answer.")
        return "unavailable"
    if not answered:
        logger.warning("Readiness check: the cache did not return the value just written.")
        return "unavailable"
    return "ok"
