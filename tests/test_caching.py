import datetime

import time_machine
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Correction

from . import factories


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
            workflow.transition(self.article, "withdraw", by=self.editor, note="Legal.")
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
