import datetime
import unittest
from unittest import mock

from django.db import connection
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles import search

from . import factories

on_postgres = unittest.skipUnless(connection.vendor == "postgresql", "PostgreSQL full-text search")


class SearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = factories.SectionFactory(name="City")
        cls.in_headline = factories.published(
            headline="Lighthouse keeper retires after forty years",
            standfirst="A life on the rocks.",
            body="She kept the lamp burning through every storm.",
            section=cls.section,
        )
        cls.in_body = factories.published(
            headline="Council budget approved",
            standfirst="Spending rises slightly.",
            body="Money was also found for the old lighthouse roof.",
        )
        cls.draft = factories.ArticleFactory(headline="Secret lighthouse draft", body="lighthouse")
        cls.scheduled = factories.published(
            headline="Scheduled lighthouse piece",
            publish_at=timezone.now() + datetime.timedelta(days=1),
        )
        cls.withdrawn = factories.in_state("withdrawn", headline="Withdrawn lighthouse piece")

    def search(self, **params):
        response = self.client.get(reverse("articles:search"), params)
        self.assertEqual(response.status_code, 200)
        return response

    def test_search_finds_only_published_pieces(self):
        """Search finds published pieces and never drafts, scheduled or withdrawn ones."""
        response = self.search(q="lighthouse")
        found = {a.headline for a in response.context["articles"]}
        self.assertEqual(found, {self.in_headline.headline, self.in_body.headline})
        self.assertNotContains(response, "Secret lighthouse draft")
        self.assertNotContains(response, "Scheduled lighthouse piece")
        self.assertNotContains(response, "Withdrawn lighthouse piece")

    def test_matches_are_highlighted_and_escaped(self):
        """Matched words are marked in the snippet, and hostile text in a body is shown, not run."""
        factories.published(
            headline="Harbour festival",
            standfirst="Fireworks and music.",
            body="<script>window.__xss=1</script> The harbour festival returns.",
        )
        response = self.search(q="festival")
        self.assertContains(response, "<mark>festival</mark>", html=False)
        self.assertNotContains(response, "<script>window.__xss")

    def test_filter_by_section(self):
        """Choosing a section narrows the results to it."""
        response = self.search(q="lighthouse", section=self.section.slug)
        self.assertEqual(
            [a.headline for a in response.context["articles"]], [self.in_headline.headline]
        )

    def test_odd_queries_get_a_friendly_page(self):
        """Empty, punctuation-only, very long or control-character queries never cause an error."""
        for q in [
            "",
            "   ",
            "!!!???",
            "\x00\x0b",
            "a" * 5000,
            "'; DROP TABLE x; --",
            '"unclosed',
            "-",
        ]:
            with self.subTest(q=q[:20]):
                response = self.search(q=q)
                self.assertEqual(h1s(response), 1)
        self.assertContains(self.search(q="a" * 5000), "at most 200 characters")

    @on_postgres
    def test_headline_match_ranks_above_body_match(self):
        """A piece with the word in its headline comes before one that mentions it in passing."""
        response = self.search(q="lighthouse")
        self.assertEqual(
            [a.headline for a in response.context["articles"]],
            [self.in_headline.headline, self.in_body.headline],
        )

    @on_postgres
    def test_websearch_syntax(self):
        """Quotes, -word and or work as readers expect from web search."""
        headlines = lambda q: {a.headline for a in self.search(q=q).context["articles"]}  # noqa: E731
        self.assertEqual(headlines('"old lighthouse"'), {self.in_body.headline})
        self.assertEqual(headlines("lighthouse -budget"), {self.in_headline.headline})
        self.assertEqual(
            headlines("storm or spending"), {self.in_headline.headline, self.in_body.headline}
        )

    @on_postgres
    def test_stemming_finds_other_forms_of_a_word(self):
        """Searching 'retiring' finds a piece about someone who 'retires'."""
        self.assertIn(
            self.in_headline.headline,
            {a.headline for a in self.search(q="retiring").context["articles"]},
        )

    @on_postgres
    def test_accents_and_case_do_not_matter(self):
        """Searching "CAFE" or "malmo" finds a piece about the Café in Malmö."""
        cafe = factories.published(
            headline="Harbour Café wins a prize", body="Its owner grew up in Malmö."
        )
        for q in ("CAFE", "malmo", "café"):
            with self.subTest(q=q):
                self.assertIn(cafe, list(self.search(q=q).context["articles"]))

    def test_a_very_common_word_ranks_the_newest_matches_and_says_so(self):
        """When more pieces match than are ranked, the page says so and shows the newest matches."""
        with mock.patch.object(search, "MAX_CANDIDATES", 1):
            response = self.search(q="lighthouse")
        self.assertContains(response, "More than 1 pieces found")
        self.assertEqual(list(response.context["articles"]), [self.in_body])


def h1s(response):
    return response.content.count(b"<h1")
