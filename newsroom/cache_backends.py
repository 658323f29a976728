"""A Redis cache that treats an unreachable Redis as a cache miss.

Django's ``RedisCache`` raises when Redis is down, so every page and every
publish (which bumps the page-cache generation) would fail with a 500. This
backend answers as a miss instead: ``get`` returns the default, writes are
dropped, ``incr`` raises ``ValueError`` as for a missing key. After a failure
it leaves Redis alone for ``RETRY_AFTER`` seconds, so pages stay fast while it
is down, and it logs the outage at most once per ``LOG_INTERVAL`` seconds per
process, not once per request. When Redis answers again it calls
``ON_RECONNECT`` once (a dotted path), e.g. to invalidate pages cached before
writes were lost.

A Redis that is full (``maxmemory`` reached with no eviction policy) refuses
writes with an OOM error but still answers reads: that is not an outage. The
write is dropped, reads carry on, and a warning (once per ``LOG_INTERVAL``)
asks for ``maxmemory-policy allkeys-lru``.

OPTIONS (besides redis-py's own connection options):

- ``RETRY_AFTER``: seconds to treat Redis as down after a failure (default 2).
- ``LOG_INTERVAL``: seconds between two warnings about the same Redis (default 60).
- ``ON_RECONNECT``: dotted path of a function called once Redis answers again.

Connect and socket timeouts default to a quarter and a half of a second:
Redis on the local network answers in a millisecond.
"""

import logging
import re
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.module_loading import import_string
from redis.exceptions import OutOfMemoryError, RedisError, ResponseError

logger = logging.getLogger("newsroom.cache")


class _Health:
    """What one process knows about one Redis location, shared by all its threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.failing = False
        self.last_report = None
        self.unreported = 0
        self.last_full_report = None


_health = {}
_health_lock = threading.Lock()


def _health_of(location):
    with _health_lock:
        return _health.setdefault(location, _Health())


def reset_health():
    """Forget every past failure, as if the process had just started."""
    with _health_lock:
        _health.clear()


class ReusingRedisCacheClient(RedisCacheClient):
    """One redis-py client per connection pool, made once.

    Django's client builds a new ``redis.Redis`` object for every call, and
    building one costs more than a cache hit itself (half the time of a page
    served from the cache). The client objects are safe to share between threads.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(index))
            self._clients[index] = client
        return client


class ResilientRedisCache(RedisCache):
    """``RedisCache`` that serves misses, briefly and quietly, while Redis is unreachable."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", 2))
        self.log_interval = float(options.pop("LOG_INTERVAL", 60))
        self.on_reconnect = options.pop("ON_RECONNECT", None)
        options.setdefault("socket_connect_timeout", 0.25)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusingRedisCacheClient
        self._location = server if isinstance(server, str) else ",".join(server)

    def _call(self, method, fallback, *args, **kwargs):
        health = _health_of(self._location)
        if time.monotonic() < health.down_until:
            return fallback()
        try:
            if health.failing:
                # Probe first, so the reconnect hook runs before this call's
                # answer is used (a generation read now must see its bump).
                self._cache.get_client(None, write=True).ping()
                self._recovered(health)
            return getattr(super(), method)(*args, **kwargs)
        except RedisError as exc:
            if _is_out_of_memory(exc):
                self._full(health, exc)
            else:
                self._failed(health, exc)
            return fallback()

    def _full(self, health, exc):
        now = time.monotonic()
        with health.lock:
            if health.last_full_report is not None and now - health.last_full_report < (
                self.log_interval
            ):
                return
            health.last_full_report = now
        logger.warning(
            "The cache at %s is full and refuses writes (%s); pages are served but not "
            "stored. Run Redis with maxmemory-policy allkeys-lru.",
            _redacted(self._location),
            exc,
        )

    def _failed(self, health, exc):
        now = time.monotonic()
        with health.lock:
            health.down_until = now + self.retry_after
            health.failing = True
            if health.last_report is not None and now - health.last_report < self.log_interval:
                health.unreported += 1
                return
            skipped, health.unreported, health.last_report = health.unreported, 0, now
        if skipped:
            logger.warning(
                "The cache at %s is still unreachable (%s): %d failed calls since the "
                "last report; pages are served uncached.",
                _redacted(self._location),
                exc,
                skipped,
            )
        else:
            logger.warning(
                "The cache at %s is unreachable (%s); pages are served uncached until it answers.",
                _redacted(self._location),
                exc,
            )

    def _recovered(self, health):
        with health.lock:
            if not health.failing:
                return
            health.failing = False
            health.last_report = None
            health.unreported = 0
        logger.warning("The cache at %s answers again.", _redacted(self._location))
        if self.on_reconnect:
            try:
                import_string(self.on_reconnect)()
            except Exception:
                logger.exception("The cache's reconnect hook %s failed.", self.on_reconnect)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", lambda: False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", lambda: default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", lambda: None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", lambda: False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", dict, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", lambda: False, key, version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")

        return self._call("incr", missing, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", lambda: list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", lambda: None, keys, version)

    def clear(self):
        return self._call("clear", lambda: False)


def _is_out_of_memory(exc):
    """A write refused because Redis reached ``maxmemory``: Redis is up, and reads work."""
    return isinstance(exc, OutOfMemoryError) or (
        isinstance(exc, ResponseError) and str(exc).startswith("OOM ")
    )


def _redacted(location):
    """The location without passwords, fit for a log line."""
    return ",".join(re.sub(r"//[^/@]*@", "//***@", server) for server in location.split(","))
