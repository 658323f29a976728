import datetime
import json
import re

import feedparser
import time_machine
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Correction, Section
from articles.views.public import PAGE_SIZE

from . import factories
from .test_public_pages import h1_count

CORRECTIONS = reverse("articles:corrections")
FEEDS = {"rss": reverse("feed_corrections_rss"), "atom": reverse("feed_corrections_atom")}


def correct(article, text, when, kind=Correction.Kind.CORRECTION):
    """A correction appended to ``article`` at ``when``."""
    with time_machine.travel(when, tick=False):
        return Correction.objects.create(article=article, text=text, kind=kind)


class CorrectionsPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.section = factories.SectionFactory(name="Harbour")
        cls.older = factories.published(headline="Ferry fares rise", section=cls.section)
        cls.newer = factories.published(headline="Quay wall repaired", section=cls.section)
        cls.first = correct(
            cls.older, "The fare is 4 krona, not 40.", now - datetime.timedelta(days=2)
        )
        cls.second = correct(
            cls.newer,
            "The wall was built in 1903.",
            now - datetime.timedelta(hours=3),
            kind=Correction.Kind.CLARIFICATION,
        )
        hidden = {
            "draft": factories.ArticleFactory(headline="Secret draft", section=cls.section),
            "withdrawn": factories.in_state("withdrawn", headline="Gone", section=cls.section),
            "scheduled": factories.published(
                headline="Tomorrow's piece",
                section=cls.section,
                publish_at=now + datetime.timedelta(days=1),
            ),
        }
        for state, article in hidden.items():
            correct(article, f"Hidden correction on the {state} piece.", now)

    def test_lists_public_corrections_newest_first_with_piece_date_and_kind(self):
        """A reader sees each correction with its linked piece, date and kind, newest first."""
        response = self.client.get(CORRECTIONS)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(h1_count(response), 1)
        self.assertEqual(list(response.context["corrections"]), [self.second, self.first])
        html = response.content.decode()
        self.assertLess(html.index("The wall was built in 1903."), html.index("4 krona"))
        self.assertContains(
            response,
            f'<a href="{self.newer.get_absolute_url()}#correction-{self.second.pk}">'
            "Quay wall repaired</a>",
            html=True,
        )
        when = timezone.localtime(self.first.created_at).replace(microsecond=0).isoformat()
        self.assertContains(response, f'<time datetime="{when}">')
        self.assertContains(response, "<strong>Clarification</strong>", html=True)

    def test_never_lists_corrections_on_pieces_readers_cannot_see(self):
        """Corrections on a draft, a withdrawn or a scheduled piece appear nowhere public."""
        pages = [CORRECTIONS, *FEEDS.values()]
        for url in pages:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertNotContains(response, "Hidden correction")
                self.assertNotContains(response, "Secret draft")

    def test_anchor_on_the_piece_matches_the_link(self):
        """The link from the corrections page lands on the correction under the piece."""
        response = self.client.get(self.newer.get_absolute_url())
        self.assertContains(response, f'id="correction-{self.second.pk}"')

    def test_hostile_text_is_escaped(self):
        """A correction or headline with markup shows as text, never as HTML."""
        piece = factories.published(headline="<b>Bold</b> headline", section=self.section)
        correct(piece, "<script>alert(1)</script>", timezone.now())
        response = self.client.get(CORRECTIONS)
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")
        self.assertContains(response, "&lt;b&gt;Bold&lt;/b&gt; headline")
        self.assertNotContains(response, "<script>alert(1)")

    def test_paginates_twenty_a_page(self):
        """More corrections than fit on a page continue on page 2, with a link to it."""
        for n in range(PAGE_SIZE):
            correct(self.older, f"Extra correction {n}.", timezone.now())
        first = self.client.get(CORRECTIONS)
        self.assertEqual(len(first.context["corrections"]), PAGE_SIZE)
        self.assertContains(first, 'rel="next" href="?page=2"')
        second = self.client.get(CORRECTIONS + "?page=2")
        self.assertEqual(list(second.context["corrections"]), [self.second, self.first])
        self.assertEqual(h1_count(second), 1)

    def test_feeds_are_discoverable_and_the_footer_links_the_page(self):
        """The page announces its RSS and Atom feeds; every page's footer links to it."""
        response = self.client.get(CORRECTIONS)
        for kind, url in FEEDS.items():
            with self.subTest(feed=kind):
                self.assertContains(response, f'type="application/{kind}+xml"')
                self.assertContains(response, f'href="{url}"')
        home = self.client.get(reverse("articles:home"))
        self.assertContains(home, f'<a href="{CORRECTIONS}">Corrections</a>', html=True)

    def test_no_section_can_take_the_address(self):
        """A section cannot be given the slug "corrections" (or "about")."""
        for slug in ["corrections", "about"]:
            with self.subTest(slug=slug):
                section = Section(name=f"The {slug}", slug=slug)
                with self.assertRaisesMessage(Exception, "is taken by another part of the site"):
                    section.full_clean()


@override_settings(SITE_URL="https://news.example")
class CorrectionsFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.article = factories.published(headline="Ferry fares rise")
        cls.older = correct(cls.article, "The fare is 4 krona.", now - datetime.timedelta(days=1))
        cls.newer = correct(cls.article, "The route opens in May.", now)

    def test_items_are_corrections_linking_to_their_pieces(self):
        """Each feed item is one correction, newest first, linking to its piece on the site's origin."""
        piece_url = "https://news.example" + self.article.get_absolute_url()
        for kind, url in FEEDS.items():
            with self.subTest(feed=kind):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                parsed = feedparser.parse(response.content)
                self.assertFalse(parsed.bozo, parsed.get("bozo_exception"))
                self.assertEqual(parsed.version, {"rss": "rss20", "atom": "atom10"}[kind])
                self.assertEqual(
                    [e.summary for e in parsed.entries],
                    ["The route opens in May.", "The fare is 4 krona."],
                )
                self.assertEqual([e.link for e in parsed.entries], [piece_url, piece_url])
                self.assertEqual(parsed.entries[0].title, "Correction: Ferry fares rise")
                self.assertEqual(len({e.id for e in parsed.entries}), 2)
                self.assertEqual(parsed.feed.link, "https://news.example" + CORRECTIONS)
                self.assertNotIn(b"testserver", response.content)


class CorrectionsQueryCountTests(TestCase):
    def queries_for(self, url):
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(ctx.captured_queries)

    def test_query_count_does_not_grow_with_corrections(self):
        """The corrections page and feeds cost the same queries with 1 and 30 corrections."""
        section = factories.SectionFactory(name="Harbour")

        def add(n):
            for _ in range(n):
                piece = factories.published(section=section)
                correct(piece, "A figure was wrong.", timezone.now())

        urls = {"page": CORRECTIONS, **FEEDS}
        add(1)
        with_one = {name: self.queries_for(url) for name, url in urls.items()}
        add(29)
        with_thirty = {name: self.queries_for(url) for name, url in urls.items()}
        budgets = {"page": 4, "rss": 1, "atom": 1}
        for name in urls:
            with self.subTest(page=name):
                self.assertEqual(with_one[name], with_thirty[name])
                self.assertLessEqual(with_thirty[name], budgets[name])


def jsonld(response, kind):
    """The page's JSON-LD block of ``@type`` ``kind``."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    found = [json.loads(block) for block in blocks]
    return next(data for data in found if data.get("@type") == kind)


class CorrectionChangesTheUpdatedTimeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.published_at = timezone.now() - datetime.timedelta(days=3)
        cls.article = factories.published(headline="Ferry fares rise", publish_at=cls.published_at)

    def iso(self, value):
        return timezone.localtime(value).replace(microsecond=0).isoformat()

    def test_a_correction_moves_date_modified_and_the_updated_time(self):
        """After a correction, the piece says "Updated" at its date, in the page and in JSON-LD."""
        before = self.client.get(self.article.get_absolute_url())
        self.assertEqual(jsonld(before, "NewsArticle")["dateModified"], self.iso(self.published_at))
        self.assertNotContains(before, "Updated")
        when = timezone.now() - datetime.timedelta(hours=1)
        correct(self.article, "The fare is 4 krona.", when)
        correct(self.article, "An older note.", when - datetime.timedelta(days=1))
        after = self.client.get(self.article.get_absolute_url())
        self.assertEqual(jsonld(after, "NewsArticle")["dateModified"], self.iso(when))
        self.assertContains(after, f'Updated <time datetime="{self.iso(when)}">')
        self.assertContains(
            after, f'<meta property="article:modified_time" content="{self.iso(when)}">'
        )

    def test_the_later_of_an_update_and_a_correction_wins(self):
        """An "Updated" mark newer than the last correction stays the time shown."""
        correct(self.article, "The fare is 4 krona.", timezone.now() - datetime.timedelta(days=2))
        updated = timezone.now() - datetime.timedelta(hours=2)
        type(self.article).objects.filter(pk=self.article.pk).update(updated_at=updated)
        response = self.client.get(self.article.get_absolute_url())
        self.assertEqual(jsonld(response, "NewsArticle")["dateModified"], self.iso(updated))
        self.assertContains(response, f'Updated <time datetime="{self.iso(updated)}">')
