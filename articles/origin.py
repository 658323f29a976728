"""Absolute URLs on the site's own origin, ``settings.SITE_URL``.

Every absolute URL a reader, crawler or mail recipient sees is built here, never
from the request: Django accepts any port on an allowed host, so a request's
Host header can name an address that is not the site's, and the page cache
would hand that page to every later reader (SECURITY.md).
"""

from urllib.parse import urlsplit

from django.conf import settings


def scheme():
    """The origin's scheme: "http" or "https"."""
    return urlsplit(settings.SITE_URL).scheme


def domain():
    """The origin's host, with its port when it names one."""
    return urlsplit(settings.SITE_URL).netloc


def absolute_url(path_or_url):
    """``path_or_url`` as an absolute URL on the site's origin.

    An absolute URL (media in object storage) is returned unchanged; a
    network-path reference (``//cdn.example/x``) gets the origin's scheme.
    """
    parts = urlsplit(path_or_url)
    if parts.scheme and parts.netloc:
        return path_or_url
    if path_or_url.startswith("//"):
        return f"{scheme()}:{path_or_url}"
    return settings.SITE_URL + "/" + path_or_url.removeprefix("/")
