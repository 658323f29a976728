import datetime
import xml.etree.ElementTree as ET

import feedparser
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from . import factories


def hidden_pieces():
    """A draft, a piece in review, a scheduled piece and a withdrawn one: none may be public."""
    factories.ArticleFactory(headline="Hidden draft")
    factories.submitted(headline="Hidden in review")
    factories.published(
        headline="Hidden scheduled", publish_at=timezone.now() + datetime.timedelta(days=1)
    )
    factories.in_state("withdrawn", headline="Hidden withdrawn")


class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = factories.SectionFactory(name="Harbour")
        cls.author = factories.AuthorFactory(name="Ines Vogel")
        cls.tag = factories.TagFactory(name="ferries")
        cls.article = factories.ArticleFactory(
            headline="Night ferries approved",
            standfirst="Boats will run after dark.",
            section=cls.section,
            authors=[cls.author],
            hero_image=factories.image_file(size=(1200, 800)),
            hero_alt="A ferry",
        )
        cls.article.tags.add(cls.tag)
        factories.published(cls.article)
        hidden_pieces()

    def parse(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        feed = feedparser.parse(response.content)
        self.assertEqual(feed.bozo, 0, getattr(feed, "bozo_exception", None))
        return feed

    def test_every_feed_lists_published_pieces_with_author_categories_and_image(self):
        """RSS and Atom feeds, site-wide, per section and per author, parse and describe each piece."""
        urls = [
            reverse("feed_latest_rss"),
            reverse("feed_latest_atom"),
            reverse("feed_section_rss", args=[self.section.slug]),
            reverse("feed_section_atom", args=[self.section.slug]),
            reverse("feed_author_rss", args=[self.author.slug]),
            reverse("feed_author_atom", args=[self.author.slug]),
        ]
        for url in urls:
            with self.subTest(url=url):
                feed = self.parse(url)
                self.assertEqual([e.title for e in feed.entries], ["Night ferries approved"])
                entry = feed.entries[0]
                self.assertEqual(entry.link, "http://testserver" + self.article.get_absolute_url())
                self.assertIn("Boats will run after dark.", entry.summary)
                self.assertEqual(entry.author, "Ines Vogel")
                self.assertEqual({t.term for t in entry.tags}, {"Harbour", "ferries"})
                enclosures = [link for link in entry.links if link.rel == "enclosure"]
                self.assertEqual(len(enclosures), 1)
                self.assertEqual(enclosures[0].type, "image/jpeg")
                self.assertTrue(enclosures[0].href.endswith("-960.jpg"))

    def test_pages_link_to_their_feeds(self):
        """Pages announce their feeds with autodiscovery links, section pages their own too."""
        response = self.client.get(self.section.get_absolute_url())
        self.assertContains(response, f'href="{reverse("feed_latest_rss")}"')
        self.assertContains(
            response, f'href="{reverse("feed_section_rss", args=[self.section.slug])}"'
        )

    def test_control_characters_and_markup_do_not_break_feeds(self):
        """A headline with an XML-forbidden character or a script tag still gives a valid feed."""
        Article.objects.filter(pk=self.article.pk).update(
            headline="Bad\x0b <script>x</script> \x1btitle"
        )
        feed = self.parse(reverse("feed_latest_rss"))
        self.assertEqual(feed.entries[0].title, "Bad <script>x</script> title")
        response = self.client.get(reverse("feed_latest_atom"))
        self.assertNotIn(b"<script>", response.content)

    def test_unknown_section_or_author_feed_is_404(self):
        """A feed for a section or author that does not exist answers 404."""
        self.assertEqual(
            self.client.get(reverse("feed_section_rss", args=["nope"])).status_code, 404
        )
        self.assertEqual(
            self.client.get(reverse("feed_author_atom", args=["nope"])).status_code, 404
        )

    def test_feed_query_count_is_fixed(self):
        """A feed costs the same queries with 1 piece as with 30."""

        def count():
            with CaptureQueriesContext(connection) as ctx:
                self.client.get(reverse("feed_latest_rss"))
            return len(ctx.captured_queries)

        one = count()
        for _ in range(29):
            factories.published(authors=[factories.AuthorFactory()]).tags.add(self.tag)
        self.assertEqual(count(), one)
        self.assertLessEqual(one, 3)


class SitemapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.live = [factories.published() for _ in range(3)]
        hidden_pieces()

    def locations(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        root = ET.fromstring(response.content)
        return {el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}

    def test_sitemap_lists_exactly_the_published_pieces(self):
        """The articles sitemap lists every published piece and nothing else."""
        index = self.locations(reverse("sitemap"))
        self.assertIn("http://testserver/sitemap-articles.xml", index)
        pieces = self.locations("/sitemap-articles.xml")
        self.assertEqual(pieces, {"http://testserver" + a.get_absolute_url() for a in self.live})

    def test_news_sitemap_has_recent_pieces_with_news_tags(self):
        """The Google News sitemap lists recent published pieces with their title and date."""
        response = self.client.get(reverse("news_sitemap"))
        root = ET.fromstring(response.content)
        news = "{http://www.google.com/schemas/sitemap-news/0.9}"
        titles = {el.text for el in root.iter(f"{news}title")}
        self.assertEqual(titles, {a.headline for a in self.live})
        self.assertEqual(len(list(root.iter(f"{news}publication_date"))), 3)

    def test_robots_txt_points_to_sitemaps_and_keeps_crawlers_out_of_private_pages(self):
        """robots.txt names both sitemaps and disallows the desk and admin."""
        response = self.client.get("/robots.txt")
        self.assertContains(response, "Sitemap: http://testserver/sitemap.xml")
        self.assertContains(response, "Disallow: /desk/")
        self.assertContains(response, "Disallow: /admin/")
