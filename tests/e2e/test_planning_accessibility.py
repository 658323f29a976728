"""axe-core on planning's pages, signed in: the story budget and the desk with assignments."""

from ..test_planning_html import planned_week
from .base import BrowserTestCase
from .test_accessibility import AXE


class PlanningAccessibilityTests(BrowserTestCase):
    def setUp(self):
        self.reporter, self.editor, self.started = planned_week()

    def axe_problems(self, page, name, within="html"):
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async (within) => await axe.run(within)", within)
        return [
            f"{name}: {v['id']} {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    def test_budget_and_desk_have_no_serious_accessibility_problems(self):
        """axe-core finds nothing serious on the budget, the desk home and the brief, phone and desktop."""
        self.assertTrue(AXE.exists(), "axe-core is missing: `make install-dev` installs it.")
        problems = []
        for width in (390, 1280):
            # axe is injected as a script, which our Content-Security-Policy rightly refuses.
            page = self.new_page(width=width, bypass_csp=True)
            self.sign_in(page, "sam")
            # On the desk, what planning adds: the desk's own header and form are checked elsewhere.
            for name, path, within in [
                ("desk home", "/desk/", "section[aria-labelledby=assigned-heading]"),
                ("brief", f"/desk/{self.started.article_id}/edit/", "aside"),
                ("calendar", "/desk/calendar/", "main"),
            ]:
                page.goto(self.live_server_url + path)
                problems += self.axe_problems(page, f"{width}px {name}", within)
            page.context.clear_cookies()
            self.sign_in(page, "ruth")
            page.goto(self.live_server_url + "/admin/articles/budget/")
            problems += self.axe_problems(page, f"{width}px budget")
        self.maxDiff = None
        self.assertEqual(problems, [])

    def test_start_writing_opens_the_draft_beside_its_brief(self):
        """A reporter clicks "Start writing" and lands in the new draft, the brief beside the body."""
        page = self.new_page()
        self.sign_in(page, "sam")
        page.goto(self.live_server_url + "/desk/")
        item = page.locator("li", has_text="Crane inspection")
        item.get_by_role("button", name="Start writing").click()
        page.wait_for_load_state()
        self.assertIn("/edit/", page.url)
        self.assertEqual(page.get_by_label("Headline").input_value(), "Crane inspection")
        brief = page.get_by_role("region", name="Brief")
        self.assertIn("Talk to the union.", brief.inner_text())
