"""The API is as fresh as the pages: one page cache, the same purges, cheap 304s."""

import datetime

import time_machine
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.utils import timezone

from articles import cache as page_cache
from articles import editing, workflow
from articles.models import Correction

from . import factories

LIST = "/api/v1/articles/"


def detail(article):
    return f"/api/v1/articles/{article.pk}/"


def headlines(response):
    return [item["headline"] for item in response.json()["results"]]


class ConditionalGetTests(TestCase):
    def test_matching_etag_answers_304_and_a_change_a_new_etag(self):
        """A client that sends back the ETag gets 304 with no body until the piece changes."""
        article = factories.published(headline="Ferry strike ends")
        for url in [LIST, detail(article), "/api/v1/sections/"]:
            with self.subTest(url):
                first = self.client.get(url)
                etag = first["ETag"]
                again = self.client.get(url, HTTP_IF_NONE_MATCH=etag)
                self.assertEqual(again.status_code, 304)
                self.assertEqual(again.content, b"")
        etag = self.client.get(detail(article))["ETag"]
        article.headline = "Ferry strike over"
        editing.save(article, by=None)
        changed = self.client.get(detail(article), HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(changed.status_code, 200)
        self.assertEqual(changed.json()["headline"], "Ferry strike over")


@override_settings(PAGE_CACHE_SECONDS=300)
class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor()
        cls.section = factories.SectionFactory(name="Harbour")
        cls.article = factories.published(headline="Ferry strike ends", section=cls.section)

    def setUp(self):
        # Stamps another test left pending (its transaction rolled back, never
        # committed) go now, not in the middle of this test's first commit.
        with self.captureOnCommitCallbacks(execute=True):
            page_cache.invalidate_on_commit([])
        cache.clear()

    def test_responses_are_cached_and_answer_304_from_the_cache(self):
        """A second request is answered from the cache with the same ETag; a matching one is a 304."""
        first = self.client.get(LIST)
        self.assertEqual(first["X-Cache"], "MISS")
        self.assertIn("public", first["Cache-Control"])
        self.assertEqual(self.client.get(LIST)["ETag"], first["ETag"])
        second = self.client.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"])
        self.assertEqual(second.status_code, 304)

    def test_every_visible_change_refreshes_the_api_at_once(self):
        """Publishing, editing, correcting and withdrawing show in the next API response."""
        url = detail(self.article)

        def publish():
            factories.published(headline="Bridge reopens", section=self.section)
            return LIST, lambda r: "Bridge reopens" in headlines(r)

        def edit():
            self.article.standfirst = "Nine days, then a deal."
            editing.save(self.article, by=self.editor)
            return url, lambda r: r.json()["standfirst"] == "Nine days, then a deal."

        def correct():
            Correction.objects.create(article=self.article, text="The strike lasted nine days.")
            return "/api/v1/corrections/", lambda r: len(r.json()["results"]) == 1

        def rename_tag():
            tag = factories.TagFactory(name="Ferries")
            self.article.tags.add(tag)
            self.client.get("/api/v1/tags/")
            tag.name = "Ferry services"
            tag.save()
            return "/api/v1/tags/", lambda r: r.json()["results"][0]["name"] == "Ferry services"

        for change in (publish, edit, correct, rename_tag):
            with self.subTest(change.__name__):
                for warm in (LIST, url, "/api/v1/corrections/"):
                    self.client.get(warm)
                    self.assertEqual(self.client.get(warm)["X-Cache"], "HIT")
                with self.captureOnCommitCallbacks(execute=True):
                    changed_url, shows = change()
                response = self.client.get(changed_url)
                self.assertEqual(response["X-Cache"], "MISS")
                self.assertIs(shows(response), True)

        self.client.get(url)
        with self.captureOnCommitCallbacks(execute=True):
            workflow.transition(
                self.article, "withdraw", by=self.editor, note="Legal.", public_reason="Legal."
            )
        gone = self.client.get(url)
        self.assertEqual((gone.status_code, gone.json()["reason"]), (410, "Legal."))
        self.assertNotIn("Ferry strike ends", headlines(self.client.get(LIST)))

    def test_a_piece_edit_leaves_other_pieces_cached(self):
        """Editing one piece refreshes its own detail and the lists, not another piece's detail."""
        other = factories.published(headline="Bridge reopens", section=self.section)
        self.client.get(detail(other))
        with self.captureOnCommitCallbacks(execute=True):
            self.article.standfirst = "Changed."
            editing.save(self.article, by=self.editor)
        self.assertEqual(self.client.get(detail(other))["X-Cache"], "HIT")
        self.assertEqual(self.client.get(detail(self.article))["X-Cache"], "MISS")

    def test_cached_list_never_outlives_a_scheduled_piece(self):
        """A piece scheduled for five minutes from now is in the list at that minute."""
        when = timezone.now() + datetime.timedelta(minutes=5)
        factories.published(headline="Lighthouse keeper retires", publish_at=when)
        self.assertNotIn("Lighthouse keeper retires", headlines(self.client.get(LIST)))
        self.assertEqual(self.client.get(LIST)["X-Cache"], "HIT")
        with time_machine.travel(when + datetime.timedelta(seconds=1)):
            self.assertIn("Lighthouse keeper retires", headlines(self.client.get(LIST)))

    def test_filters_and_cursors_have_their_own_entries_and_nothing_else_does(self):
        """Declared filters are separate cached answers; a made-up parameter shares the plain list's."""
        factories.published(
            headline="Bridge reopens", section=factories.SectionFactory(name="City")
        )
        self.assertEqual(self.client.get(LIST)["X-Cache"], "MISS")
        self.assertEqual(self.client.get(LIST + "?utm_source=x")["X-Cache"], "HIT")
        filtered = self.client.get(LIST + "?section=city")
        self.assertEqual(filtered["X-Cache"], "MISS")
        self.assertEqual(headlines(filtered), ["Bridge reopens"])
