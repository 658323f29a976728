"""Sitemaps for crawlers: every published piece, the listing pages, and a Google News sitemap."""

import datetime

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.utils import timezone

from authors.models import Author

from .forms import strip_controls
from .models import Article, Section, Tag
from .querysets import has_published


class ArticleSitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.8
    limit = 5000

    def items(self):
        return Article.objects.published().select_related("section").order_by("-publish_at")

    def lastmod(self, item):
        return item.modified_at


class SectionSitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.6

    def items(self):
        return Section.objects.filter(has_published("section"))


class TagSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.4

    def items(self):
        return Tag.objects.filter(has_published("tags"))


class AuthorSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.4

    def items(self):
        return Author.objects.filter(has_published("bylines__author"))


class NewsSitemap(ArticleSitemap):
    """Pieces first published in the last two days, with Google News tags (see the template)."""

    limit = 1000

    def items(self):
        since = timezone.now() - datetime.timedelta(days=2)
        return super().items().filter(first_published_at__gte=since)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["news"] = {
                "name": settings.SITE_NAME,
                "language": "en",
                # A control character in a headline would make the whole sitemap invalid XML.
                "title": strip_controls(url["item"].headline),
            }
        return urls


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}
