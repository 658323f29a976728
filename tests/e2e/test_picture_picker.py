"""The body field's "Insert picture" dialog, with the keyboard, and the library's accessibility."""

import re

from playwright.sync_api import expect

from articles.models import Article
from pictures.models import Picture

from .. import factories
from .base import BrowserTestCase
from .test_accessibility import AXE


class PicturePickerBrowserTests(BrowserTestCase):
    def setUp(self):
        self.reporter = factories.reporter("rita")
        self.harbour = factories.picture(alt="Cranes over the harbour", caption="Dusk.")
        factories.picture(alt="The island ferry")

    def test_a_reporter_inserts_a_picture_at_the_cursor_with_the_keyboard(self):
        """Insert picture opens the library; searching and pressing Insert writes the line at the cursor."""
        page = self.new_page()
        self.sign_in(page, "rita")
        page.goto(f"{self.live_server_url}/desk/new/")
        body = page.get_by_label("Body")
        body.fill("First paragraph.\n\nLast paragraph.")
        body.evaluate("el => el.setSelectionRange(16, 16)")
        page.get_by_role("button", name="Insert picture").click()
        dialog = page.get_by_role("dialog", name="Insert picture")
        search = dialog.get_by_label("Search pictures")
        self.assertTrue(search.evaluate("el => el === document.activeElement"))
        search.fill("cranes")
        search.press("Enter")
        insert = dialog.get_by_role("button", name=f"Insert picture {self.harbour.pk}")
        insert.focus()
        page.keyboard.press("Enter")
        self.assertFalse(dialog.is_visible())
        self.assertEqual(
            body.input_value(),
            f'First paragraph.\n\n![Cranes over the harbour](picture:{self.harbour.pk} "Dusk.")'
            "\n\nLast paragraph.",
        )
        self.assertTrue(body.evaluate("el => el === document.activeElement"))

    def test_a_reporter_chooses_the_hero_from_the_library_and_saves_it(self):
        """ "Use picture N as the hero" fills the Library picture field; saving makes it the hero."""
        page = self.new_page()
        self.sign_in(page, "rita")
        page.goto(f"{self.live_server_url}/desk/new/")
        page.get_by_label("Headline").fill("Cranes at dusk")
        page.get_by_role("button", name="Insert picture").click()
        dialog = page.get_by_role("dialog", name="Insert picture")
        dialog.get_by_role("button", name=f"Use picture {self.harbour.pk} as the hero").click()
        hero_field = page.locator("#id_hero_picture")
        self.assertEqual(hero_field.input_value(), str(self.harbour.pk))
        self.assertTrue(hero_field.evaluate("el => el === document.activeElement"))
        page.get_by_role("button", name="Save", exact=True).click()
        page.wait_for_url(re.compile(r"/desk/\d+/edit/"))
        self.assertEqual(Article.objects.get(headline="Cranes at dusk").hero_picture, self.harbour)

    def test_escape_closes_the_dialog_and_focus_returns_to_the_button(self):
        """The dialog never traps the keyboard: Escape closes it, back on "Insert picture"."""
        page = self.new_page()
        self.sign_in(page, "rita")
        page.goto(f"{self.live_server_url}/desk/new/")
        button = page.get_by_role("button", name="Insert picture")
        button.click()
        dialog = page.get_by_role("dialog", name="Insert picture")
        dialog.get_by_label("Search pictures").press("Escape")
        self.assertFalse(dialog.is_visible())
        self.assertTrue(button.evaluate("el => el === document.activeElement"))

    def test_uploading_from_the_dialog_inserts_the_new_picture(self):
        """A picture uploaded in the dialog goes into the library and its line into the body."""
        page = self.new_page()
        self.sign_in(page, "rita")
        page.goto(f"{self.live_server_url}/desk/new/")
        page.get_by_role("button", name="Insert picture").click()
        dialog = page.get_by_role("dialog", name="Insert picture")
        dialog.get_by_text("Upload a new picture").click()
        upload = factories.image_file(size=(900, 600))
        dialog.get_by_label("Picture", exact=True).set_input_files(
            {"name": "nets.jpg", "mimeType": "image/jpeg", "buffer": upload.read()}
        )
        dialog.get_by_label("Its alt text").fill("Nets drying on the quay")
        dialog.get_by_role("button", name="Upload and insert").click()
        # The server is done once the line is in the body; only then ask the database.
        body = page.get_by_label("Body")
        expect(body).to_have_value(re.compile(r"picture:\d+"))
        picture_line = body.input_value()
        picture = Picture.objects.get(alt="Nets drying on the quay")
        self.assertEqual(picture_line, f"![Nets drying on the quay](picture:{picture.pk})")

    def test_the_library_and_the_open_dialog_have_no_serious_accessibility_problems(self):
        """axe-core finds nothing serious in /desk/pictures/ or the edit page with the dialog open."""
        page = self.new_page(bypass_csp=True)
        # Bootstrap fades a hovered button's colours; without motion axe reads where they end.
        page.emulate_media(reduced_motion="reduce")
        self.sign_in(page, "rita")
        problems = []
        for url, open_dialog in (("/desk/pictures/", False), ("/desk/new/", True)):
            page.goto(self.live_server_url + url)
            if open_dialog:
                page.get_by_role("button", name="Insert picture").click()
                page.get_by_role("button", name=f"Insert picture {self.harbour.pk}").wait_for()
                page.mouse.move(0, 0)
            page.add_script_tag(path=str(AXE))
            # The page's own content and the dialog; the desk's header has its own checks.
            result = page.evaluate("async () => await axe.run('main')")
            problems += [
                f"{url}: {v['id']} {[n['target'] for n in v['nodes']][:3]}"
                for v in result["violations"]
                if v["impact"] in ("serious", "critical")
            ]
        self.assertEqual(problems, [])


class FocalPointBrowserTests(BrowserTestCase):
    def test_an_editor_sets_the_focal_point_by_clicking_on_the_picture(self):
        """A click near the right edge fills the focal point fields; saving moves the crops there."""
        factories.editor("ed")
        picture = factories.picture(size=(1600, 900), alt="The quay")
        page = self.new_page()
        self.sign_in(page, "ed")
        page.goto(f"{self.live_server_url}/admin/pictures/picture/{picture.pk}/change/")
        image = page.locator(".focal-picker img")
        box = image.bounding_box()
        image.click(position={"x": box["width"] * 0.9, "y": box["height"] * 0.5})
        self.assertAlmostEqual(float(page.locator("#id_focal_x").input_value()), 0.9, delta=0.02)
        self.assertTrue(page.locator(".focal-marker").is_visible())
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
        picture.refresh_from_db()
        self.assertEqual(picture.crops["1x1"]["box"], [700, 0, 1600, 900])
