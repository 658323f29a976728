"""Cursor pagination whose links are on the site's own origin."""

from urllib.parse import urlsplit

from rest_framework.pagination import CursorPagination

from articles.origin import absolute_url


class OriginCursorPagination(CursorPagination):
    """Stable pages however fast pieces are published: a cursor, not a page number.

    Links are built on ``SITE_URL``, not the request's Host: responses are
    cached and served to every later caller (articles.origin).
    """

    page_size = 20
    ordering = "-pk"

    def get_next_link(self):
        return on_origin(super().get_next_link())

    def get_previous_link(self):
        return on_origin(super().get_previous_link())


def on_origin(link):
    if link is None:
        return None
    parts = urlsplit(link)
    return absolute_url(parts.path + (f"?{parts.query}" if parts.query else ""))


class ArticlePagination(OriginCursorPagination):
    # The pages' order: newest first.
    ordering = ("-publish_at", "-pk")


class NamePagination(OriginCursorPagination):
    page_size = 50
    ordering = ("name", "pk")


class CorrectionPagination(OriginCursorPagination):
    ordering = ("-created_at", "-pk")
