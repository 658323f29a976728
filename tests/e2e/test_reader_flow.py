import feedparser

from ..pages import build_newspaper
from .base import BrowserTestCase


class ReaderOnAPhoneTests(BrowserTestCase):
    def setUp(self):
        build_newspaper()

    def test_reader_goes_from_the_front_page_to_a_feed_on_a_phone(self):
        """On a 390 px phone, a reader follows front page → article → topic → search → author → feed."""
        page = self.new_page(width=390, height=844)
        page.goto(self.live_server_url + "/")
        lead = page.get_by_role("link", name="Night ferries to the islands approved").first
        lead.click()
        page.wait_for_load_state()
        self.assertEqual(
            page.get_by_role("heading", level=1).inner_text(),
            "Night ferries to the islands approved",
        )
        self.assertTrue(
            page.get_by_text("An earlier version gave the wrong departure time.").count()
        )

        page.get_by_role("navigation", name="Topics").get_by_role("link", name="ferries").click()
        page.wait_for_load_state()
        self.assertIn("ferries", page.get_by_role("heading", level=1).inner_text())
        self.assertTrue(page.get_by_role("link", name="Harbour story number 1").count())

        page.get_by_role("searchbox", name="Search the site").fill("ferries islands")
        page.get_by_role("searchbox", name="Search the site").press("Enter")
        page.wait_for_load_state()
        self.assertIn("/search/", page.url)
        page.get_by_role("link", name="Night ferries to the islands approved").first.click()
        page.wait_for_load_state()

        page.get_by_role("link", name="Ines Vogel").first.click()
        page.wait_for_load_state()
        self.assertEqual(page.get_by_role("heading", level=1).inner_text(), "Ines Vogel")
        self.assertTrue(page.get_by_text("Transport correspondent").count())

        feed_url = page.locator("link[rel=alternate][type='application/rss+xml']").last
        response = page.request.get(self.live_server_url + feed_url.get_attribute("href"))
        self.assertEqual(response.status, 200)
        feed = feedparser.parse(response.body())
        self.assertFalse(feed.bozo, feed.get("bozo_exception"))
        self.assertIn(
            "Night ferries to the islands approved", [entry.title for entry in feed.entries]
        )
        self.assertTrue(all("Ines Vogel" in entry.author for entry in feed.entries))
