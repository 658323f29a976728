from pathlib import Path
from urllib.parse import urlsplit

from .. import factories
from ..pages import RICH_BODY
from .base import BrowserTestCase

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PLAYER = "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?autoplay=1"


class EmbedBrowserTests(BrowserTestCase):
    def setUp(self):
        self.url = self.live_server_url + factories.published(body=RICH_BODY).get_absolute_url()

    def watch_outside_requests(self, page):
        """Block every request that leaves the test server; return the list they are recorded in."""
        outside = []
        site = urlsplit(self.live_server_url).netloc

        def handle(route):
            if urlsplit(route.request.url).netloc == site:
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        page.context.route("**/*", handle)
        return outside

    def test_nothing_is_asked_of_the_provider_until_the_reader_clicks_load(self):
        """Opening a story with a YouTube card requests nothing outside the site; Load makes the player."""
        page = self.new_page()
        outside = self.watch_outside_requests(page)
        page.goto(self.url)
        page.wait_for_load_state("networkidle")
        self.assertEqual(outside, [])
        self.assertEqual(page.locator("iframe").count(), 0)
        card = page.locator(".embed")
        self.assertIn("YouTube", card.locator("figcaption").text_content())
        load = card.get_by_role("button", name="Load")
        self.assertIs(load.is_visible(), True)

        with page.expect_request(lambda request: request.url.startswith(PLAYER)):
            load.click()
        frame = card.locator("iframe")
        self.assertEqual(frame.get_attribute("src"), PLAYER)
        self.assertEqual(frame.get_attribute("title"), "YouTube video")
        self.assertNotIn("allow-top-navigation", frame.get_attribute("sandbox"))
        self.assertEqual(card.get_by_role("button", name="Load").count(), 0)
        self.assertTrue(outside)
        self.assertEqual(
            {urlsplit(url).netloc for url in outside}, {"www.youtube-nocookie.com"}, outside
        )

    def test_without_javascript_the_card_is_a_plain_link(self):
        """With JavaScript off the card shows the provider and the link, and no Load button."""
        context = self.browser.new_context(java_script_enabled=False)
        self.addCleanup(context.close)
        page = context.new_page()
        outside = self.watch_outside_requests(page)
        page.goto(self.url)
        card = page.locator(".embed")
        link = card.get_by_role("link", name="https://www.youtube.com/watch?v=aqz-KE-bpKQ")
        self.assertIs(link.is_visible(), True)
        self.assertIs(card.get_by_role("button", name="Load").is_visible(), False)
        self.assertEqual(outside, [])

    def test_the_players_frame_is_allowed_by_the_policy(self):
        """The page's Content-Security-Policy lets the clicked player's frame load (no violation)."""
        page = self.new_page()
        self.watch_outside_requests(page)
        violations = []
        page.on("console", lambda message: violations.append(message.text))
        page.goto(self.url)
        with page.expect_request(lambda request: request.url.startswith(PLAYER)):
            page.get_by_role("button", name="Load").click()
        self.assertEqual([text for text in violations if "Content Security Policy" in text], [])

    def test_a_loaded_player_keeps_the_page_accessible(self):
        """After Load, focus is on the titled player and axe finds no serious problem, phone or desktop."""
        for width in (390, 1280):
            with self.subTest(width=width):
                # axe is injected as a script, which our Content-Security-Policy rightly refuses.
                page = self.new_page(width=width, bypass_csp=True)
                self.watch_outside_requests(page)
                page.goto(self.url)
                with page.expect_request(lambda request: request.url.startswith(PLAYER)):
                    page.get_by_role("button", name="Load").click()
                self.assertEqual(page.evaluate("document.activeElement.title"), "YouTube video")
                page.add_script_tag(path=str(AXE))
                result = page.evaluate("async () => await axe.run(document)")
                serious = [
                    violation["id"]
                    for violation in result["violations"]
                    if violation["impact"] in ("serious", "critical")
                ]
                self.assertEqual(serious, [])
