import contextlib
import datetime
import secrets
from unittest import mock

import time_machine
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles import cache as page_cache
from articles import workflow
from articles.models import Article, Correction
from articles.views.public import SectionDetailView

from . import factories
from .test_admin import change_form_data
from .test_desk import desk_form_data


@override_settings(PAGE_CACHE_SECONDS=300)
class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor()
        cls.section = factories.SectionFactory(name="Harbour")
        cls.article = factories.published(headline="Ferry strike ends", section=cls.section)

    def setUp(self):
        cache.clear()

    def get(self, url):
        response = self.client.get(url)
        self.assertIn(response.status_code, (200, 410))
        return response

    def test_second_anonymous_visit_is_served_from_cache(self):
        """A page a reader already loaded comes from the cache the next time."""
        home = reverse("articles:home")
        self.assertEqual(self.get(home)["X-Cache"], "MISS")
        self.assertEqual(self.get(home)["X-Cache"], "HIT")

    def test_every_visible_change_makes_the_next_page_fresh(self):
        """Publishing, correcting, withdrawing and renaming a section all show at once."""
        home = reverse("articles:home")
        article_url = self.article.get_absolute_url()

        def publish():
            factories.published(headline="Bridge reopens", section=self.section)
            return home, "Bridge reopens"

        def correct():
            Correction.objects.create(article=self.article, text="The strike lasted nine days.")
            return article_url, "The strike lasted nine days."

        def rename():
            self.section.name = "Harbour and islands"
            self.section.save()
            return home, "Harbour and islands"

        for change in (publish, correct, rename):
            with self.subTest(change=change.__name__):
                self.get(home), self.get(article_url)
                with self.captureOnCommitCallbacks(execute=True):
                    url, text = change()
                response = self.get(url)
                self.assertEqual(response["X-Cache"], "MISS")
                self.assertContains(response, text)

        self.get(article_url)
        with self.captureOnCommitCallbacks(execute=True):
            workflow.transition(
                self.article, "withdraw", by=self.editor, note="Legal.", public_reason="Legal."
            )
        self.assertEqual(self.client.get(article_url).status_code, 410)

    def test_cache_never_outlives_the_next_scheduled_piece(self):
        """A scheduled piece appears on the cached front page at its publish time."""
        when = timezone.now() + datetime.timedelta(minutes=5)
        factories.published(headline="Embargoed report", publish_at=when)
        home = reverse("articles:home")
        self.assertNotContains(self.get(home), "Embargoed report")
        self.assertEqual(self.get(home)["X-Cache"], "HIT")
        with time_machine.travel(when + datetime.timedelta(seconds=2)):
            response = self.get(home)
        self.assertContains(response, "Embargoed report")

    def test_signed_in_users_never_get_cached_pages(self):
        """Someone signed in always gets a fresh page, never the anonymous copy."""
        home = reverse("articles:home")
        self.get(home)
        self.client.force_login(self.editor)
        response = self.get(home)
        self.assertNotIn("X-Cache", response)

    def test_anonymous_pages_set_no_cookies_and_allow_shared_caching(self):
        """Public pages set no cookie and tell CDNs they may keep them briefly."""
        for url in [reverse("articles:home"), self.article.get_absolute_url()]:
            with self.subTest(url=url):
                response = self.get(url)
                self.assertEqual(response.cookies, {})
                self.assertIn("public", response["Cache-Control"])
                self.assertIn("max-age=", response["Cache-Control"])

    def test_matching_etag_answers_304(self):
        """A browser revalidating an unchanged page gets 304 Not Modified."""
        url = self.article.get_absolute_url()
        etag = self.get(url)["ETag"]
        response = self.client.get(url, headers={"if-none-match": etag})
        self.assertEqual(response.status_code, 304)

    def test_desk_and_previews_are_never_cached(self):
        """Private pages are not stored even when visited anonymously."""
        self.client.get(reverse("desk:home"))
        response = self.client.get(reverse("desk:home"))
        self.assertNotIn("X-Cache", response)


def stored_pages():
    """How many pages the (local-memory) test cache holds."""
    return sum("newsroom:page:" in key for key in cache._cache)


@override_settings(PAGE_CACHE_SECONDS=300)
class PageCacheKeyTests(TestCase):
    """A page's cache entry depends only on what the page shows, not on what a client adds."""

    @classmethod
    def setUpTestData(cls):
        cls.section = factories.SectionFactory(name="Harbour")
        cls.older = factories.published(
            headline="Ferry strike ends",
            section=cls.section,
            publish_at=timezone.now() - datetime.timedelta(hours=2),
        )
        cls.newer = factories.published(headline="Ferry timetable changes", section=cls.section)

    def setUp(self):
        cache.clear()

    def test_random_query_strings_share_one_entry(self):
        """Made-up query parameters get the page already cached, and store nothing new."""
        home = reverse("articles:home")
        self.assertEqual(self.client.get(home)["X-Cache"], "MISS")
        for _ in range(20):
            query = f"?x={secrets.token_hex(8)}&utm_source={secrets.token_hex(4)}"
            self.assertEqual(self.client.get(home + query)["X-Cache"], "HIT")
        self.assertEqual(stored_pages(), 1)

    def test_declared_parameters_have_their_own_entry_in_any_order(self):
        """Page 2 and each search are their own entries; parameter order and extras do not matter."""
        section = self.section.get_absolute_url()
        with mock.patch.object(SectionDetailView, "paginate_by", 1):
            self.assertContains(self.client.get(section), "Ferry timetable changes")
            second = self.client.get(section + "?page=2&x=1")
            self.assertEqual(second["X-Cache"], "MISS")
            self.assertContains(second, "Ferry strike ends")
            self.assertEqual(self.client.get(section + "?x=2&page=2")["X-Cache"], "HIT")
        search = reverse("articles:search")
        self.assertEqual(self.client.get(search + "?q=ferry&section=harbour")["X-Cache"], "MISS")
        self.assertEqual(self.client.get(search + "?section=harbour&q=ferry")["X-Cache"], "HIT")
        self.assertEqual(self.client.get(search + "?q=strike")["X-Cache"], "MISS")
        self.assertEqual(stored_pages(), 4)

    def test_views_never_see_undeclared_parameters(self):
        """A made-up parameter cannot reach a cached page, such as its pagination links."""
        with mock.patch.object(SectionDetailView, "paginate_by", 1):
            response = self.client.get(self.section.get_absolute_url() + "?evil=payload")
        self.assertContains(response, 'href="?page=2"')
        self.assertNotContains(response, "payload")

    def test_unknown_paths_are_not_stored(self):
        """404s and redirects for made-up addresses add no cache entries."""
        paths = [f"/{secrets.token_hex(6)}/" for _ in range(10)]
        paths += [f"/tag/{secrets.token_hex(6)}/", f"/{secrets.token_hex(6)}"]
        paths += [f"/{secrets.token_hex(6)}/{self.older.slug}/"]
        for path in paths:
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertIn(response.status_code, (301, 404))
                self.assertNotIn("X-Cache", response)
        self.assertEqual(stored_pages(), 0)

    def test_a_withdrawn_piece_is_stored_at_its_own_address_only(self):
        """Under a made-up section a withdrawn piece redirects to its address, which alone answers 410."""
        editor = factories.editor()
        with self.captureOnCommitCallbacks(execute=True):
            workflow.transition(
                self.older, "withdraw", by=editor, note="Legal.", public_reason="Legal."
            )
        canonical = self.older.get_absolute_url()
        for _ in range(5):
            response = self.client.get(f"/{secrets.token_hex(6)}/{self.older.slug}/")
            self.assertRedirects(response, canonical, status_code=301, target_status_code=410)
        self.assertEqual(self.client.get(canonical)["X-Cache"], "HIT")
        self.assertEqual(stored_pages(), 1)

    def test_a_forged_host_is_refused_even_for_a_cached_page(self):
        """A Host the site does not serve gets 400, not the page the cache holds for real readers."""
        home = reverse("articles:home")
        self.client.get(home)
        self.assertEqual(self.client.get(home)["X-Cache"], "HIT")
        with self.assertLogs("django.security.DisallowedHost", "ERROR"):
            response = self.client.get(home, HTTP_HOST="attacker.example")
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("X-Cache", response)

    def test_a_lost_generation_never_brings_back_old_pages(self):
        """If the cache evicts the generation, pages stored before the last change stay unreachable."""
        home = reverse("articles:home")
        self.client.get(home)
        with self.captureOnCommitCallbacks(execute=True):
            factories.published(headline="Bridge reopens", section=self.section)
        cache.delete(page_cache.GENERATION_KEY)
        response = self.client.get(home)
        self.assertEqual(response["X-Cache"], "MISS")
        self.assertContains(response, "Bridge reopens")


class InvalidationTests(TestCase):
    """Each change readers could notice starts exactly one new page-cache generation."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor()
        cls.reporter = factories.reporter()
        cls.live = factories.published(headline="Ferry strike ends")
        cls.in_review = factories.submitted(headline="Bridge reopens")
        cls.draft = factories.ArticleFactory(
            headline="Tram line planned", created_by=cls.reporter, authors=[cls.reporter.author]
        )

    @contextlib.contextmanager
    def assertGenerations(self, count):
        """Assert the block starts ``count`` new generations, once its transaction commits."""
        with mock.patch("articles.cache.bump") as bump, self.captureOnCommitCallbacks(execute=True):
            yield
        self.assertEqual(bump.call_count, count)

    def test_a_publish_invalidates_once(self):
        """Publishing a piece starts one new generation, not one per receiver."""
        with self.assertGenerations(1):
            workflow.transition(self.in_review, "publish", by=self.editor)

    def test_each_transition_a_reader_could_notice_invalidates_once(self):
        """Withdrawing and sending back to draft each start one generation; submitting none."""
        for name, note in [("withdraw", "Legal."), ("back_to_draft", "")]:
            with self.subTest(transition=name), self.assertGenerations(1):
                workflow.transition(self.live, name, by=self.editor, note=note, public_reason=note)
        with self.assertGenerations(0):
            workflow.transition(self.draft, "submit", by=self.editor)

    def test_an_editor_saving_a_live_piece_invalidates_once(self):
        """Saving a published piece's change page with a new headline starts one generation."""
        self.client.force_login(self.editor)
        data = change_form_data(self.live, headline="Ferry strike ends after nine days")
        url = reverse("admin:articles_article_change", args=[self.live.pk])
        with self.assertGenerations(1):
            self.assertEqual(self.client.post(url, data).status_code, 302)

    def test_a_correction_invalidates_once(self):
        """A correction appended to a live piece starts one generation."""
        with self.assertGenerations(1):
            Correction.objects.create(article=self.live, text="Nine days, not ten.")

    def test_saving_a_draft_never_invalidates(self):
        """A reporter saving their draft, a new tag and their byline included, leaves cached pages alone."""
        self.client.force_login(self.reporter)
        data = desk_form_data(self.draft, self.reporter, headline="Tram line", tags="Transport")
        url = reverse("desk:edit", args=[self.draft.pk])
        with self.assertGenerations(0):
            self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(Article.objects.get(pk=self.draft.pk).headline, "Tram line")
