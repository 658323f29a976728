from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import feeds, sitemaps
from .sitemaps import SITEMAPS, NewsSitemap

urlpatterns = [
    path("feeds/rss/", feeds.per_request(feeds.LatestFeed), name="feed_latest_rss"),
    path("feeds/atom/", feeds.per_request(feeds.LatestAtomFeed), name="feed_latest_atom"),
    path(
        "feeds/section/<str:slug>/rss/",
        feeds.per_request(feeds.SectionFeed),
        name="feed_section_rss",
    ),
    path(
        "feeds/section/<str:slug>/atom/",
        feeds.per_request(feeds.SectionAtomFeed),
        name="feed_section_atom",
    ),
    path(
        "feeds/author/<str:slug>/rss/", feeds.per_request(feeds.AuthorFeed), name="feed_author_rss"
    ),
    path(
        "feeds/author/<str:slug>/atom/",
        feeds.per_request(feeds.AuthorAtomFeed),
        name="feed_author_atom",
    ),
    path(
        "feeds/corrections/rss/",
        feeds.per_request(feeds.CorrectionsFeed),
        name="feed_corrections_rss",
    ),
    path(
        "feeds/corrections/atom/",
        feeds.per_request(feeds.CorrectionsAtomFeed),
        name="feed_corrections_atom",
    ),
    path(
        "sitemap-news.xml",
        sitemap_views.sitemap,
        {"sitemaps": {"news": NewsSitemap}, "template_name": "sitemaps/news.xml"},
        name="news_sitemap",
    ),
    # An index, so each part stays small and crawlers refetch only what changed.
    path("sitemap.xml", sitemaps.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]
