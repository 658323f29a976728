"""Telling the edge (Varnish, a CDN) which pages changed: one purge per change.

``articles.cache`` calls ``purge(names, hard=…)`` with the dependency names a
change touched; the pages an edge keeps carry the same names in their
``xkey`` (Varnish), ``Surrogate-Key`` (Fastly) and ``Cache-Tag`` (Cloudflare)
headers. ``EDGE_PURGER`` names the function that sends them:
``ops.edge.purge_varnish`` (the default) sends one ``PURGE`` request to each
address in ``EDGE_PURGE_URLS``; a CDN's purge API plugs in as a function of
the same shape. With no ``EDGE_PURGE_URLS`` no edge keeps pages, and nothing
is sent.
"""

import http.client
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# A purge waits this long for each edge, at most: it runs after the change has
# committed, and an edge that does not answer must not hold up the newsroom.
PURGE_TIMEOUT = 0.5


def enabled():
    """True when an edge keeps pages and must be told when they change."""
    return bool(settings.EDGE_PURGE_URLS)


def purge(names, *, hard):
    """Tell every edge that the pages showing ``names`` changed (``hard``: drop them at once)."""
    if enabled() and names:
        import_string(settings.EDGE_PURGER)(sorted(names), hard=hard)


def purge_varnish(names, *, hard):
    """Send one PURGE per Varnish in ``EDGE_PURGE_URLS``; an edge that fails is logged, not raised."""
    header = "xkey-purge" if hard else "xkey-softpurge"
    for url in settings.EDGE_PURGE_URLS:
        parts = urlsplit(url)
        connection_class = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        connection = connection_class(parts.hostname, parts.port, timeout=PURGE_TIMEOUT)
        try:
            connection.request("PURGE", parts.path or "/", headers={header: " ".join(names)})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                logger.warning("The edge at %s refused a purge: %s", url, response.status)
        except OSError as error:
            logger.warning(
                "The edge at %s could not be purged (%s); its pages expire on their own.",
                url,
                error,
            )
        finally:
            connection.close()


def tag(response, names, seconds, stale_seconds):
    """Let an edge keep ``response`` for ``seconds`` (stale a little longer), tagged with ``names``."""
    keys = " ".join(names)
    response["xkey"] = keys
    response["Surrogate-Key"] = keys
    response["Cache-Tag"] = ",".join(names)
    control = f"max-age={seconds}"
    if stale_seconds:
        control += f", stale-while-revalidate={stale_seconds}"
    response["Surrogate-Control"] = control
