from playwright.sync_api import expect

from articles.models import Article

from .. import factories
from .base import BrowserTestCase
from .test_accessibility import AXE

COPY = """In Halden Bay, the last cannery closed in spring. What came next surprised everyone.
The cannery's whistle sounded for the last time in April.
Half the workers signed up for a boat-building course.
"We build, we don't wait": Halden Bay
The course now has a waiting list of sixty.
Source: Coastlines Magazine (https://example.com/coastlines/halden-bay)

I have worked in news for twenty years, first as a court reporter and then abroad.
"""


class WireReviewBrowserTests(BrowserTestCase):
    def test_reporter_sees_what_went_where_and_puts_a_line_back(self):
        """After Create draft the reporter sees each line's place, and one click puts a line back."""
        factories.reporter("rep")
        page = self.new_page(bypass_csp=True)
        self.sign_in(page, "rep")
        page.goto(f"{self.live_server_url}/desk/import/")
        page.get_by_label("Wire copy").fill(COPY)
        page.get_by_role("button", name="Create draft").click()
        page.wait_for_url("**/wire/")
        expect(page.get_by_role("heading", name="What went where")).to_be_visible()
        crosshead = page.get_by_role("row").filter(has_text="We build, we don't wait")
        expect(crosshead).to_contain_text("Crosshead")
        page.add_script_tag(path=str(AXE))
        # The review itself; the desk's shared header is checked with the other desk pages.
        result = page.evaluate("async () => await axe.run('main')")
        serious = [
            (v["id"], [n["target"] for n in v["nodes"]][:4])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        self.assertEqual(serious, [])

        page.get_by_role("button", name="Put back into the body").click()
        expect(page.get_by_text("Put back at the end of the body.")).to_be_visible()
        self.assertTrue(Article.objects.get().body.endswith("then abroad."))
        page.get_by_role("link", name="Edit the draft").click()
        page.wait_for_url("**/edit/")
        self.assertTrue(page.get_by_label("Body").input_value().endswith("then abroad."))
