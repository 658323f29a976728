"""RSS 2.0 and Atom feeds: site-wide, per section, per author, and of corrections.

Items carry the standfirst, not the full text: readers come to the article
page, where corrections, updates and the source attribution are shown.

Every link is absolute on the site's origin before Django's ``Feed`` sees it,
so its ``add_domain`` (which would use the request's host) leaves it alone.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from authors.models import Author
from pictures import renditions

from . import text
from .models import Article, Correction, Section
from .origin import absolute_url
from .querysets import has_published
from .templatetags.articles import web_url

ITEMS = 30


def per_request(feed_class):
    """A view making a fresh feed object per request, so it may keep the request."""

    def view(request, *args, **kwargs):
        response = feed_class()(request, *args, **kwargs)
        # The feed is written in hundreds of small pieces; sent as one, it
        # leaves in full-sized packets instead of waiting on each other.
        response.content = response.content
        return response

    return view


class AttributedRssFeed(Rss201rev2Feed):
    """RSS 2.0 whose items name their source: ``<source url="…">Source name</source>``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        # RSS 2.0's <source> must carry a url, so a source named without one is left out.
        if item.get("source_url"):
            handler.addQuickElement(
                "source", item["source_name"] or item["source_url"], {"url": item["source_url"]}
            )


class AttributedAtomFeed(Atom1Feed):
    """Atom whose entries link their source as ``rel="via"`` (RFC 4287 §4.2.7.2)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("source_url"):
            handler.addQuickElement("link", "", {"rel": "via", "href": item["source_url"]})


class ArticleFeedMixin:
    """What every feed shares: published pieces only, newest first, clean XML text."""

    feed_type = AttributedRssFeed

    def get_feed(self, obj, request):
        self.request = request
        return super().get_feed(obj, request)

    def feed_url(self):
        # The feed's own address: Atom's self link and RSS's atom:link.
        return absolute_url(self.request.path)

    def articles(self):
        return Article.objects.published().for_listing().order_by("-publish_at")

    def items(self, obj=None):
        return self.articles()[:ITEMS]

    def item_title(self, item):
        return text.clean(item.headline)

    def item_description(self, item):
        return text.clean(item.standfirst)

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        return absolute_url(item.get_absolute_url())

    item_guid_is_permalink = True

    def item_author_name(self, item):
        return text.clean(item.byline_names()) or None

    def item_author_link(self, item):
        first = next(iter(item.byline_authors()), None)
        return absolute_url(first.get_absolute_url()) if first else None

    def item_categories(self, item):
        names = [item.section.name] if item.section else []
        return [text.clean(n) for n in names + [t.name for t in item.tags.all()]]

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at or item.publish_at

    def item_extra_kwargs(self, item):
        return {
            "source_name": text.clean(item.source_name),
            "source_url": text.clean(web_url(item.source_url)),
        }

    def item_enclosure_url(self, item):
        rendition = _enclosure(item)
        return absolute_url(default_storage.url(rendition["name"])) if rendition else None

    def item_enclosure_length(self, item):
        rendition = _enclosure(item)
        return str(rendition.get("bytes", 0)) if rendition else None

    def item_enclosure_mime_type(self, item):
        return "image/jpeg" if _enclosure(item) else None


def _enclosure(item):
    """The hero's JPEG an item encloses (``renditions.enclosure``), or None."""
    hero = item.hero
    return renditions.enclosure(hero.picture) if hero else None


class LatestFeed(ArticleFeedMixin, Feed):
    def title(self):
        return settings.SITE_NAME

    def description(self):
        return f"The latest pieces from {settings.SITE_NAME}."

    def link(self):
        return absolute_url("/")


class LatestAtomFeed(LatestFeed):
    feed_type = AttributedAtomFeed
    subtitle = LatestFeed.description


class SectionFeed(ArticleFeedMixin, Feed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def items(self, obj):
        return self.articles().filter(section=obj)[:ITEMS]

    def title(self, obj):
        return text.clean(f"{obj.name} · {settings.SITE_NAME}")

    def description(self, obj):
        return text.clean(obj.description or f"The latest {obj.name} pieces.")

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())


class SectionAtomFeed(SectionFeed):
    feed_type = AttributedAtomFeed
    subtitle = SectionFeed.description


class AuthorFeed(ArticleFeedMixin, Feed):
    def get_object(self, request, slug):
        return get_object_or_404(Author.objects.filter(has_published("bylines__author")), slug=slug)

    def items(self, obj):
        return self.articles().filter(bylines__author=obj)[:ITEMS]

    def title(self, obj):
        return text.clean(f"{obj.name} · {settings.SITE_NAME}")

    def description(self, obj):
        return text.clean(f"The latest pieces by {obj.name}.")

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())


class AuthorAtomFeed(AuthorFeed):
    feed_type = AttributedAtomFeed
    subtitle = AuthorFeed.description


class CorrectionsFeed(Feed):
    """Every public correction, newest first; each item links to the piece it corrects."""

    def get_feed(self, obj, request):
        self.request = request
        return super().get_feed(obj, request)

    def feed_url(self):
        return absolute_url(self.request.path)

    def title(self):
        return f"Corrections · {settings.SITE_NAME}"

    def description(self):
        return f"Corrections, clarifications and updates published by {settings.SITE_NAME}."

    def link(self):
        return absolute_url(reverse("articles:corrections"))

    def items(self):
        return Correction.objects.public().for_listing()[:ITEMS]

    def item_title(self, item):
        return text.clean(f"{item.get_kind_display()}: {item.article.headline}")

    def item_description(self, item):
        return text.clean(item.text)

    def item_link(self, item):
        return absolute_url(item.article.get_absolute_url())

    def item_guid(self, item):
        return absolute_url(item.get_absolute_url())

    # Several corrections share their piece's address; the anchor tells them apart.
    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.created_at


class CorrectionsAtomFeed(CorrectionsFeed):
    feed_type = Atom1Feed
    subtitle = CorrectionsFeed.description
