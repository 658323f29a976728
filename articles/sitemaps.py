"""Sitemaps for crawlers: every published piece, the listing pages, and a Google News sitemap."""

import datetime

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.core.files.storage import default_storage
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from authors.models import Author
from pictures import renditions

from . import origin, text
from .models import Article, Section, Tag
from .querysets import has_published


class OriginSitemap(Sitemap):
    """Locations on the site's origin, whatever host the crawler's request named."""

    def get_protocol(self, protocol=None):
        return origin.scheme()

    def get_domain(self, site=None):
        return origin.domain()


class ArticleSitemap(OriginSitemap):
    changefreq = "hourly"
    priority = 0.8
    limit = 5000

    def items(self):
        return Article.objects.published().select_related("section").order_by("-publish_at")

    def lastmod(self, item):
        return item.modified_at


class SectionSitemap(OriginSitemap):
    changefreq = "hourly"
    priority = 0.6

    def items(self):
        return Section.objects.filter(has_published("section"))


class TagSitemap(OriginSitemap):
    changefreq = "daily"
    priority = 0.4

    def items(self):
        return Tag.objects.filter(has_published("tags"))


class AuthorSitemap(OriginSitemap):
    changefreq = "daily"
    priority = 0.4

    def items(self):
        return Author.objects.filter(has_published("bylines__author"))


class NewsSitemap(ArticleSitemap):
    """Pieces first published in the last two days, with Google News tags (see the template)."""

    limit = 1000

    def items(self):
        since = timezone.now() - datetime.timedelta(days=2)
        return super().items().filter(first_published_at__gte=since).select_related("hero_picture")

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["news"] = {
                "name": settings.SITE_NAME,
                "language": "en",
                # A control character in a headline would make the whole sitemap invalid XML.
                "title": text.clean(url["item"].headline),
                "image": _news_image(url["item"]),
            }
        return urls


def _news_image(article):
    """The absolute URL of the hero's 16:9 crop (``renditions.ratios``), or ""."""
    hero = article.hero
    found = renditions.ratios(hero.picture) if hero else []
    return origin.absolute_url(default_storage.url(found[0]["name"])) if found else ""


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}


@x_robots_tag
def index(request, sitemaps, sitemap_url_name="django.contrib.sitemaps.views.sitemap"):
    """The sitemap index, as ``django.contrib.sitemaps.views.index`` makes it, on the site's origin.

    Django's view builds each part's address from the request's host.
    """
    parts = []
    for section, sitemap_class in sitemaps.items():
        sitemap = sitemap_class()
        location = origin.absolute_url(reverse(sitemap_url_name, kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        parts.append(SitemapIndexItem(location, lastmod))
        parts.extend(
            SitemapIndexItem(f"{location}?p={page}", lastmod)
            for page in range(2, sitemap.paginator.num_pages + 1)
        )
    lastmods = [part.last_mod for part in parts]
    headers = None
    if lastmods and None not in lastmods:
        headers = {"Last-Modified": http_date(max(lastmods).timestamp())}
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": parts},
        content_type="application/xml",
        headers=headers,
    )
