"""The API docs in a real browser, under the site's own Content-Security-Policy."""

from .. import factories
from .base import BrowserTestCase


class ApiDocsBrowserTests(BrowserTestCase):
    def test_docs_render_every_endpoint_without_a_policy_violation(self):
        """Swagger UI lists the endpoints and fetches a live answer, and the browser blocks nothing."""
        factories.published(headline="Ferry strike ends")
        page = self.new_page()
        console = []
        page.on("console", lambda message: console.append(message.text))
        page.goto(f"{self.live_server_url}/api/v1/docs/")
        page.get_by_text("/api/v1/articles/{section}/{slug}/").wait_for()
        for path in ["/api/v1/sections/", "/api/v1/tags/", "/api/v1/corrections/"]:
            self.assertTrue(page.get_by_text(path, exact=True).is_visible(), path)
        page.get_by_text("/api/v1/sections/", exact=True).click()
        page.get_by_role("button", name="Try it out").click()
        page.get_by_role("button", name="Execute").click()
        status = page.locator(".live-responses-table tbody .response-col_status").first
        status.wait_for()
        self.assertIn("200", status.inner_text())
        violations = [text for text in console if "Content Security Policy" in text]
        self.assertEqual(violations, [])
