from pathlib import Path

from ..work_pages import every_page_type, fetch
from .base import BrowserTestCase

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


class AccessibilityTests(BrowserTestCase):
    def setUp(self):
        self.pages = every_page_type()

    def show(self, tab, page):
        """Open in the browser exactly the response ``fetch()`` gives, with the live server's CSS and JS."""
        response = fetch(self.client, page)
        url = self.live_server_url + response.wsgi_request.get_full_path()
        # Signed in as the page's user, for what the page loads itself (the admin's jsi18n).
        tab.context.clear_cookies()
        tab.context.add_cookies(
            [
                {"name": name, "value": morsel.value, "url": self.live_server_url}
                for name, morsel in self.client.cookies.items()
            ]
        )
        tab.route(
            lambda address: address == url,
            lambda route: route.fulfill(
                status=response.status_code,
                content_type=response["Content-Type"],
                body=response.content,
            ),
        )
        tab.goto(url)
        tab.unroute_all()

    def test_no_page_has_serious_accessibility_problems(self):
        """axe-core finds no serious or critical violation on any page, on a phone or a desktop."""
        self.assertTrue(AXE.exists(), "axe-core is missing: `make install-dev` installs it.")
        problems = []
        for width in (390, 1280):
            # axe is injected as a script, which our Content-Security-Policy rightly refuses.
            tab = self.new_page(width=width, bypass_csp=True)
            for page in self.pages:
                self.show(tab, page)
                tab.add_script_tag(path=str(AXE))
                result = tab.evaluate(
                    "async (ours) => await axe.run(ours.length ? {include: ours} : document)",
                    list(page.ours),
                )
                for violation in result["violations"]:
                    if violation["impact"] in ("serious", "critical"):
                        targets = [n["target"] for n in violation["nodes"]][:3]
                        problems.append(f"{width}px {page.name}: {violation['id']} {targets}")
        self.maxDiff = None
        self.assertEqual(problems, [])

    def test_pages_fit_a_phone_screen(self):
        """No page scrolls sideways on a 390 px wide phone."""
        tab = self.new_page(width=390, height=844)
        wide = []
        for page in self.pages:
            self.show(tab, page)
            overflow = tab.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                wide.append(f"{page.name}: {overflow}px")
        self.assertEqual(wide, [])
