"""The shared cache while Redis is unreachable or full: what django-redis leaves to us.

django-redis (``settings.CACHES``) turns every failed call into a miss
(``IGNORE_EXCEPTIONS``): readers get uncached pages and editors can still
publish. It logs each failure to the ``ops.cache`` logger
(``DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS``). Two small pieces here do what it
does not:

- ``GuardedRedis``, the redis-py client django-redis uses
  (``REDIS_CLIENT_CLASS``): after a failure it refuses every command at once
  for ``retry_after`` seconds, so while Redis is down a request does not wait
  for the connect timeout on each cache call; and when Redis answers again it
  calls ``on_reconnect`` (a dotted path) once, before the first answer is used.
- ``OutageReports``, a filter on the ``ops.cache`` logger (``settings.LOGGING``):
  one report per ``LOG_INTERVAL`` instead of one traceback per failed call,
  with the number of calls that failed in between.

A full Redis (``maxmemory`` reached with no eviction policy) refuses writes
with an OOM error but still answers reads: that is not an outage. It does not
trip the guard, and it is reported as full, with the fix, never as unreachable.
"""

import logging
import threading
import time
import weakref

import redis
from django.utils.module_loading import import_string
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError, OutOfMemoryError, ResponseError, TimeoutError

logger = logging.getLogger(__name__)

# Seconds between two reports of the same kind of failure, per process.
LOG_INTERVAL = 60


class _Health:
    """What one process knows about one Redis (one connection pool), shared by its threads."""

    def __init__(self):
        self.down_until = 0.0
        self.failing = False


_lock = threading.Lock()
_health = weakref.WeakKeyDictionary()
# Kind of failure ("unreachable", "full") -> (when last reported, calls failed since).
_reports = {}


def reset_health():
    """Forget every past failure and report, as if the process had just started."""
    with _lock:
        _health.clear()
        _reports.clear()


class GuardedRedis(redis.Redis):
    """A redis-py client that fails at once while its Redis is known to be down."""

    def __init__(self, *args, retry_after=2.0, on_reconnect=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.retry_after = retry_after
        self.on_reconnect = on_reconnect

    def execute_command(self, *args, **options):
        with _lock:
            health = _health.setdefault(self.connection_pool, _Health())
        if time.monotonic() < health.down_until:
            raise ConnectionError(f"not tried again for {self.retry_after} s after a failure")
        try:
            if health.failing:
                # Probe first, so the hook runs before this command's answer is
                # used (a page-cache generation read now must see its bump).
                super().execute_command("PING")
                self._recovered(health)
            return super().execute_command(*args, **options)
        except (ConnectionError, TimeoutError):
            with _lock:
                health.down_until = time.monotonic() + self.retry_after
                health.failing = True
            raise

    def _recovered(self, health):
        with _lock:
            if not health.failing:
                return
            health.failing = False
            _reports.clear()
        logger.warning("The cache answers again; pages are cached again.")
        if self.on_reconnect:
            try:
                import_string(self.on_reconnect)()
            except Exception:
                logger.exception("The cache's reconnect hook %s failed.", self.on_reconnect)


class OutageReports(logging.Filter):
    """Let through one report of an unreachable and one of a full cache per ``LOG_INTERVAL``.

    django-redis logs every call it ignored, with a traceback; during an outage
    that is every request. The report let through says what readers get and,
    after the first, how many calls failed since the last report.
    """

    def filter(self, record):
        failure = record.exc_info[1] if record.exc_info else None
        if not isinstance(failure, ConnectionInterrupted):
            return True
        cause = failure.__cause__
        kind = "full" if is_out_of_memory(cause) else "unreachable"
        now = time.monotonic()
        with _lock:
            last, skipped = _reports.get(kind, (None, 0))
            if last is not None and now - last < LOG_INTERVAL:
                _reports[kind] = (last, skipped + 1)
                return False
            _reports[kind] = (now, 0)
        if kind == "full":
            record.msg = (
                "The cache is full and refuses writes (%s); pages are served but not "
                "stored. Run Redis with maxmemory-policy allkeys-lru."
            )
            record.args = (cause,)
        elif skipped:
            record.msg = (
                "The cache is still unreachable (%s): %d failed calls since the last "
                "report; pages are served uncached."
            )
            record.args = (cause, skipped)
        else:
            record.msg = (
                "The cache is unreachable (%s); pages are served uncached until it answers."
            )
            record.args = (cause,)
        # The cause says what failed; a traceback a minute would say nothing more.
        record.exc_info = record.exc_text = None
        return True


def is_out_of_memory(exc):
    """A write refused because Redis reached ``maxmemory``: Redis is up, and reads work."""
    return isinstance(exc, OutOfMemoryError) or (
        isinstance(exc, ResponseError) and str(exc).startswith("OOM ")
    )
