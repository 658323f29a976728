"""System checks for running Newsroom on more than one machine.

The file cache is shared by every worker on one machine, so one machine needs
no Redis. Several machines each keep their own page cache: a publish on one
leaves the others serving the old pages until they expire. These warnings
appear in `manage.py check`, `migrate` and `runserver`.
"""

from django.conf import settings
from django.core.checks import Tags, Warning, register

# Caches that live on one machine (or in one process).
LOCAL_CACHES = frozenset(
    {
        "django.core.cache.backends.filebased.FileBasedCache",
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)
OBJECT_STORAGE_PREFIX = "storages.backends."


@register(Tags.caches)
def shared_cache_check(app_configs, **kwargs):
    """Warn when several app servers are configured without a cache they all share."""
    if settings.CACHES["default"]["BACKEND"] not in LOCAL_CACHES:
        return []
    servers = getattr(settings, "APP_SERVERS", None)
    if servers is not None and servers > 1:
        return [
            Warning(
                f"APP_SERVERS is {servers} but REDIS_URL is not set: each machine keeps "
                "its own page cache, so after a publish the other machines serve old "
                f"pages for up to {settings.PAGE_CACHE_SECONDS} seconds.",
                hint="Set REDIS_URL to a Redis server every app server reaches.",
                id="newsroom.W001",
            )
        ]
    media_backend = settings.STORAGES["default"]["BACKEND"]
    if servers is None and media_backend.startswith(OBJECT_STORAGE_PREFIX):
        return [
            Warning(
                "Media is in object storage, which suggests several app servers, but "
                "REDIS_URL is not set: each machine would keep its own page cache and "
                "serve old pages after a publish on another.",
                hint="Set REDIS_URL to a Redis server every app server reaches, or "
                "APP_SERVERS=1 when this is the only one.",
                id="newsroom.W002",
            )
        ]
    return []
