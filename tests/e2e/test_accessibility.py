from pathlib import Path

from ..pages import build_newspaper
from .base import BrowserTestCase

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


class AccessibilityTests(BrowserTestCase):
    def setUp(self):
        self.urls = build_newspaper()

    def test_public_pages_have_no_serious_accessibility_problems(self):
        """axe-core finds no serious or critical violation on any public page, on a phone or a desktop."""
        self.assertTrue(AXE.exists(), "axe-core is missing: `make install-dev` installs it.")
        problems = []
        for width in (390, 1280):
            # axe is injected as a script, which our Content-Security-Policy rightly refuses.
            page = self.new_page(width=width, bypass_csp=True)
            for name, url in self.urls.items():
                page.goto(self.live_server_url + url)
                page.add_script_tag(path=str(AXE))
                result = page.evaluate("async () => await axe.run(document)")
                for violation in result["violations"]:
                    if violation["impact"] in ("serious", "critical"):
                        targets = [n["target"] for n in violation["nodes"]][:3]
                        problems.append(f"{width}px {name}: {violation['id']} {targets}")
        self.assertEqual(problems, [])

    def test_pages_fit_a_phone_screen(self):
        """No public page scrolls sideways on a 390 px wide phone."""
        page = self.new_page(width=390, height=844)
        for name, url in self.urls.items():
            with self.subTest(page=name):
                page.goto(self.live_server_url + url)
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                self.assertLessEqual(overflow, 0)
