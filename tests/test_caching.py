import contextlib
import datetime
import secrets
from unittest import mock

import time_machine
from django.core.cache import cache
from django.test import RequestFactory, TestCase, override_settings
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


@override_settings(PAGE_CACHE_SECONDS=300)
class InvalidationTests(TestCase):
    """Each change readers could notice refreshes the pages that show it, once it commits."""

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
    def assertInvalidates(self, count, article=None):
        """Assert the block stamps dependencies ``count`` times once it commits, the piece's among them."""
        with (
            mock.patch("articles.cache.invalidate", wraps=page_cache.invalidate) as invalidate,
            mock.patch("articles.cache.bump") as bump,
            self.captureOnCommitCallbacks(execute=True),
        ):
            yield
        self.assertEqual(invalidate.call_count, count)
        self.assertEqual(bump.call_count, 0, "a change to one piece retires every page")
        if article is not None:
            names = set().union(*(call.args[0] for call in invalidate.call_args_list))
            self.assertIn(f"article:{article.pk}", names)
            self.assertIn("front", names)
            self.assertNotIn(f"article:{self.draft.pk}", names)

    def test_a_publish_invalidates_once(self):
        """Publishing a piece stamps its pages once, not once per receiver."""
        with self.assertInvalidates(1, self.in_review):
            workflow.transition(self.in_review, "publish", by=self.editor)

    def test_each_transition_a_reader_could_notice_invalidates_once(self):
        """Withdrawing and sending back to draft each stamp once; submitting nothing."""
        for name, note in [("withdraw", "Legal."), ("back_to_draft", "")]:
            with self.subTest(transition=name), self.assertInvalidates(1, self.live):
                workflow.transition(self.live, name, by=self.editor, note=note, public_reason=note)
        with self.assertInvalidates(0):
            workflow.transition(self.draft, "submit", by=self.editor)

    def test_an_editor_saving_a_live_piece_invalidates_once(self):
        """Saving a published piece's change page with a new headline stamps its pages once."""
        self.client.force_login(self.editor)
        data = change_form_data(self.live, headline="Ferry strike ends after nine days")
        url = reverse("admin:articles_article_change", args=[self.live.pk])
        with self.assertInvalidates(1, self.live):
            self.assertEqual(self.client.post(url, data).status_code, 302)

    def test_a_correction_invalidates_once(self):
        """A correction appended to a live piece stamps its pages and the corrections list once."""
        with self.assertInvalidates(1, self.live):
            Correction.objects.create(article=self.live, text="Nine days, not ten.")

    def test_a_rolled_back_change_stamps_nothing_later(self):
        """A change that rolls back leaves nothing to be stamped when the next one commits."""
        from django.db import transaction

        with (
            mock.patch("articles.cache.invalidate") as invalidate,
            self.captureOnCommitCallbacks(execute=True),
        ):
            try:
                with transaction.atomic():
                    page_cache.invalidate_on_commit({"article:1", "front"})
                    raise RuntimeError("rolled back")
            except RuntimeError:
                pass
            page_cache.invalidate_on_commit({"article:2"})
        self.assertEqual([call.args[0] for call in invalidate.call_args_list], [["article:2"]])

    def test_saving_a_draft_never_invalidates(self):
        """A reporter saving their draft, a new tag and their byline included, leaves cached pages alone."""
        self.client.force_login(self.reporter)
        data = desk_form_data(self.draft, self.reporter, headline="Tram line", tags="Transport")
        url = reverse("desk:edit", args=[self.draft.pk])
        with self.assertInvalidates(0):
            self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(Article.objects.get(pk=self.draft.pk).headline, "Tram line")


@override_settings(PAGE_CACHE_SECONDS=300)
class PreciseInvalidationTests(TestCase):
    """A change refreshes exactly the pages that show it and leaves the rest cached."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor()
        cls.harbour = factories.SectionFactory(name="Harbour")
        cls.arts = factories.SectionFactory(name="Arts")
        cls.tag = factories.TagFactory(name="Ferries")
        cls.writer = factories.AuthorFactory(name="Ines Vogel")
        cls.unrelated = [
            factories.published(headline=f"Gallery show {n}", section=cls.arts) for n in range(3)
        ]
        cls.neighbour = factories.published(headline="Ferry timetable", section=cls.harbour)
        cls.piece = factories.submitted(
            headline="Ferry strike ends", section=cls.harbour, authors=[cls.writer]
        )
        cls.piece.tags.add(cls.tag)

    def setUp(self):
        cache.clear()

    def visit(self, *urls):
        return {url: self.client.get(url)["X-Cache"] for url in urls}

    def test_a_publish_refreshes_the_pages_showing_the_piece_and_no_other(self):
        """After a publish, its lists, feeds, sitemap and search are fresh; other pieces' pages stay cached."""
        showing = [
            reverse("articles:home"),
            self.harbour.get_absolute_url(),
            reverse("articles:search") + "?q=ferry",
            reverse("feed_latest_rss"),
            reverse("feed_section_rss", args=[self.harbour.slug]),
            "/sitemap-articles.xml",
        ]
        unrelated = [piece.get_absolute_url() for piece in self.unrelated]
        unrelated.append(self.arts.get_absolute_url())
        self.visit(*showing, *unrelated)
        self.assertEqual(set(self.visit(*showing, *unrelated).values()), {"HIT"})
        with self.captureOnCommitCallbacks(execute=True):
            workflow.transition(self.piece, "publish", by=self.editor)
        for url in showing:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response["X-Cache"], "MISS")
                self.assertContains(response, self.piece.slug)
        for url in unrelated:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url)["X-Cache"], "HIT")
        tag_page = self.tag.get_absolute_url()
        author_page = self.writer.get_absolute_url()
        self.assertContains(self.client.get(tag_page), "Ferry strike ends")
        self.assertContains(self.client.get(author_page), "Ferry strike ends")

    def test_an_edit_refreshes_the_pages_that_show_the_piece_as_related(self):
        """A new headline shows on the piece, its lists and the pieces listing it as related."""
        workflow.transition(self.piece, "publish", by=self.editor)
        pages = [self.piece.get_absolute_url(), self.neighbour.get_absolute_url()]
        self.visit(*pages, self.unrelated[0].get_absolute_url())
        self.client.force_login(self.editor)
        data = change_form_data(self.piece, headline="Ferry strike ends after nine days")
        url = reverse("admin:articles_article_change", args=[self.piece.pk])
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(self.client.post(url, data).status_code, 302)
        self.client.logout()
        for page in pages:
            with self.subTest(page=page):
                self.assertContains(self.client.get(page), "Ferry strike ends after nine days")
        self.assertEqual(self.client.get(self.unrelated[0].get_absolute_url())["X-Cache"], "HIT")

    def test_a_piece_moved_to_another_section_leaves_the_old_sections_list(self):
        """Moving a live piece refreshes both its old and its new section's pages."""
        workflow.transition(self.piece, "publish", by=self.editor)
        old, new = self.harbour.get_absolute_url(), self.arts.get_absolute_url()
        self.assertContains(self.client.get(old), "Ferry strike ends")
        self.assertNotContains(self.client.get(new), "Ferry strike ends")
        self.client.force_login(self.editor)
        data = change_form_data(self.piece, section=self.arts.pk)
        url = reverse("admin:articles_article_change", args=[self.piece.pk])
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(self.client.post(url, data).status_code, 302)
        self.client.logout()
        self.assertNotContains(self.client.get(old), "Ferry strike ends")
        self.assertContains(self.client.get(new), "Ferry strike ends")

    def test_a_changed_picture_refreshes_the_pieces_showing_it_and_no_other(self):
        """A new caption shows on the piece whose hero it is; other pieces' pages stay cached."""
        picture = factories.picture(alt="Cranes over the harbour", caption="Dusk.")
        shown = factories.published(headline="Cranes at dusk", hero_picture=picture)
        pages = [shown.get_absolute_url(), self.unrelated[0].get_absolute_url()]
        self.visit(*pages)
        with self.captureOnCommitCallbacks(execute=True):
            picture.caption = "Dawn, not dusk."
            picture.save()
        response = self.client.get(pages[0])
        self.assertEqual(response["X-Cache"], "MISS")
        self.assertContains(response, "Dawn, not dusk.")
        self.assertEqual(self.client.get(pages[1])["X-Cache"], "HIT")


@override_settings(PAGE_CACHE_SECONDS=300)
class OneRenderTests(TestCase):
    """While one request renders a page again, the others get the previous copy, never N renders."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor()
        cls.section = factories.SectionFactory(name="Harbour")
        cls.live = factories.published(headline="Ferry strike ends", section=cls.section)
        cls.in_review = factories.submitted(headline="Bridge reopens", section=cls.section)

    def setUp(self):
        cache.clear()

    def someone_else_renders(self, url):
        """Hold the render of ``url``'s page, as another server's request would."""
        request = RequestFactory().get(url)
        self.assertIs(page_cache.claim_render(request), True)
        return request

    def test_others_get_the_previous_copy_while_one_request_renders(self):
        """A page out of date is served stale to others while its render is claimed, fresh after."""
        home = reverse("articles:home")
        self.client.get(home)
        with self.captureOnCommitCallbacks(execute=True):
            workflow.transition(self.in_review, "publish", by=self.editor)
        claim = self.someone_else_renders(home)
        stale = self.client.get(home)
        self.assertEqual(stale["X-Cache"], "STALE")
        self.assertNotContains(stale, "Bridge reopens")
        page_cache.release_render(claim)
        fresh = self.client.get(home)
        self.assertEqual(fresh["X-Cache"], "MISS")
        self.assertContains(fresh, "Bridge reopens")

    def test_a_withdrawn_piece_is_never_served_stale(self):
        """After a withdrawal, neither its page nor a list showing it is served from before it."""
        pages = [self.live.get_absolute_url(), reverse("articles:home")]
        for page in pages:
            self.client.get(page)
        with self.captureOnCommitCallbacks(execute=True):
            workflow.transition(
                self.live, "withdraw", by=self.editor, note="Legal.", public_reason="Legal."
            )
        for page in pages:
            self.someone_else_renders(page)
        with mock.patch.object(page_cache, "RENDER_WAIT_SECONDS", 0.05):
            gone = self.client.get(pages[0])
            home = self.client.get(pages[1])
        self.assertEqual(gone.status_code, 410)
        self.assertNotContains(home, "Ferry strike ends")

    def test_a_page_nobody_holds_waits_for_the_one_render_then_renders_itself(self):
        """With no copy to serve and a render claimed, a request waits briefly, then is still answered."""
        home = reverse("articles:home")
        self.someone_else_renders(home)
        with mock.patch.object(page_cache, "RENDER_WAIT_SECONDS", 0.1):
            response = self.client.get(home)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Ferry strike ends")

    def test_a_page_past_its_time_is_served_stale_while_rendered_again(self):
        """A page past its cache time, with no time control due, is served stale to others meanwhile."""
        home = reverse("articles:home")
        self.client.get(home)
        later = timezone.now() + datetime.timedelta(seconds=310)
        with time_machine.travel(later):
            self.someone_else_renders(home)
            self.assertEqual(self.client.get(home)["X-Cache"], "STALE")


@override_settings(PAGE_CACHE_SECONDS=300)
class EdgeTagTests(TestCase):
    """Pages tell an edge what they show, and how long it may keep them, only when it hears purges."""

    @classmethod
    def setUpTestData(cls):
        cls.article = factories.published(headline="Ferry strike ends")

    def setUp(self):
        cache.clear()

    def test_without_an_edge_to_purge_no_page_is_kept_longer_than_max_age(self):
        """With no EDGE_PURGE_URLS, pages carry no surrogate headers a CDN could keep them by."""
        response = self.client.get(self.article.get_absolute_url())
        self.assertNotIn("Surrogate-Control", response)
        self.assertNotIn("xkey", response)

    @override_settings(EDGE_PURGE_URLS=["http://127.0.0.1:9/"], EDGE_SECONDS=4 * 3600)
    def test_pages_carry_their_keys_and_the_edges_time_capped_at_the_next_schedule(self):
        """An article page names the piece; its edge time stops at the next scheduled publish."""
        response = self.client.get(self.article.get_absolute_url())
        keys = response["xkey"].split()
        self.assertIn(f"article:{self.article.pk}", keys)
        self.assertIn("site", keys)
        self.assertEqual(response["Surrogate-Key"], response["xkey"])
        self.assertEqual(response["Cache-Tag"], ",".join(keys))
        self.assertEqual(response["Surrogate-Control"], "max-age=14400, stale-while-revalidate=60")
        factories.published(
            headline="Budget day", publish_at=timezone.now() + datetime.timedelta(minutes=10)
        )
        cache.clear()
        capped = self.client.get(reverse("articles:home"))["Surrogate-Control"]
        self.assertRegex(capped, r"^max-age=(59\d|600)$")
