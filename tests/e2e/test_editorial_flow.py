import io

from PIL import Image
from playwright.sync_api import expect

from articles.models import Article

from .. import factories
from .base import BrowserTestCase

WIRE_COPY = """Harbour authority approves night ferries to the islands after a year of delays

HALDEN BAY, Nov 24 (NWS) — Night ferries to the outer islands will run from March, the harbour authority said on Tuesday.

The decision follows a year of complaints from island workers.

Timetable
The first boat leaves at 23:10.

Source: Northern Wire Service
"""


def photo_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (1000, 600), "steelblue").save(buffer, "JPEG")
    return buffer.getvalue()


class EditorialFlowTests(BrowserTestCase):
    def test_reporter_and_editor_take_a_piece_from_wire_copy_to_the_front_page(self):
        """A reporter imports, illustrates, previews and submits; an editor asks for changes, then publishes."""
        factories.reporter("rep")
        factories.editor("ed")
        section = factories.SectionFactory(name="Island news")

        reporter = self.new_page()
        self.sign_in(reporter, "rep")
        reporter.get_by_role("link", name="Import wire copy").first.click()
        reporter.get_by_label("Wire copy").fill(WIRE_COPY)
        reporter.get_by_role("button", name="Create draft").click()
        reporter.wait_for_url("**/wire/")
        reporter.get_by_role("link", name="Edit the draft").click()
        reporter.wait_for_url("**/edit/")
        imported = (
            reporter.get_by_label("Headline").input_value()
            + reporter.get_by_label("Standfirst").input_value()
        )
        self.assertIn("night ferries", imported.lower())
        reporter.get_by_label("Section").select_option(label=section.name)
        reporter.get_by_label("Hero image").set_input_files(
            files=[{"name": "ferry.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}]
        )
        reporter.get_by_label("Alt text").fill("A ferry at the quay at dusk")
        if not reporter.get_by_label("Standfirst").input_value():
            reporter.get_by_label("Standfirst").fill("Boats will run after dark from March.")
        reporter.get_by_role("button", name="Preview").click()
        reporter.wait_for_url("**/preview/")
        self.assertIn("Preview — not published", reporter.content())
        reporter.go_back()
        reporter.wait_for_url("**/edit/")
        reporter.get_by_role("button", name="Submit for review").click()
        reporter.wait_for_url("**/desk/")
        self.assertIn("In review", reporter.content())
        article = Article.objects.get()
        self.assertEqual(article.state, "in_review")
        self.assertTrue(article.hero_picture.renditions)

        editor = self.new_page()
        self.sign_in(editor, "ed")
        editor.wait_for_url("**/admin/")
        editor.goto(f"{self.live_server_url}/admin/articles/article/")
        editor.get_by_role("link", name=article.headline).click()
        editor.get_by_label("Note").fill("Say who pays for the night service.")
        editor.get_by_role("button", name="Request changes").click()
        expect(editor.get_by_text("is now changes requested")).to_be_visible()

        reporter.goto(f"{self.live_server_url}/desk/")
        self.assertIn("Say who pays for the night service.", reporter.content())
        reporter.get_by_role("link", name="Edit").first.click()
        body = reporter.get_by_label("Body")
        body.fill(body.input_value() + "\n\nThe council pays for the first year.")
        reporter.get_by_role("button", name="Submit for review").click()
        reporter.wait_for_url("**/desk/")

        editor.goto(f"{self.live_server_url}/admin/articles/article/{article.pk}/change/")
        editor.get_by_role("button", name="Publish").click()
        expect(editor.get_by_text("is now published")).to_be_visible()
        article.refresh_from_db()
        editor.goto(f"{self.live_server_url}{article.get_absolute_url()}")
        self.assertEqual(editor.locator("h1").inner_text(), article.headline)
        self.assertIn("The council pays for the first year.", editor.content())
        self.assertIn("Northern Wire Service", editor.content())
