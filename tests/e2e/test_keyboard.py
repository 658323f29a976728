"""A reporter's main job with the keyboard alone: Tab, Shift+Tab, Enter, Space and typing."""

import re

from articles.models import Article

from .. import factories
from .base import BrowserTestCase

# What has focus, and whether a sighted keyboard user can see it: a focus ring
# (outline) or Bootstrap's glow (box-shadow) while the element is :focus-visible
# (or, for a date field's own calendar button, while focus is within it).
FOCUS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const glow = style.boxShadow !== "none";
    const name = el.getAttribute("aria-label") || el.innerText || el.name || el.id;
    return {
        element: `${el.tagName.toLowerCase()} ${(name || "").trim().slice(0, 40)}`,
        visible: el.matches(":focus-visible, :focus-within") && (outline || glow),
    };
}"""

HEADLINE = "Night ferries start in March"


def field(tab, label):
    """The form field labelled ``label`` (a required one's label ends in an asterisk)."""
    return tab.get_by_label(re.compile(rf"^\s*{re.escape(label)}\*?\s*$"))


class ReporterKeyboardTests(BrowserTestCase):
    # The reporter's job, in order; each step is one method below.
    STEPS = [
        "sign_in",
        "open_new_piece",
        "walk_the_whole_form",
        "fill_fields",
        "insert_picture",
        "fail_a_save",
        "save",
        "preview",
        "submit",
    ]

    def setUp(self):
        self.reporter = factories.reporter("ines")
        factories.SectionFactory(name="Harbour")
        factories.SectionFactory(name="Islands")
        self.picture = factories.picture(alt="Cranes over the harbour", caption="Dusk.")

    def test_a_reporter_writes_saves_previews_and_submits_with_the_keyboard_alone(self):
        """Signed in to submitted, by keyboard only: focus always visible, errors announced, no trap."""
        self.do_the_job(width=1280, height=900)

    def test_the_same_on_a_phone_with_a_keyboard(self):
        """The same job on a 390 px screen (a phone or tablet with a keyboard)."""
        self.do_the_job(width=390, height=844)

    def do_the_job(self, width, height):
        tab = self.new_page(width=width, height=height)
        # Bootstrap animates its focus glow; without motion it is there at once.
        tab.emulate_media(reduced_motion="reduce")
        for step in self.STEPS:
            self.step = f"{width}px {step}"
            getattr(self, f"step_{step}")(tab)

    def focus(self, tab):
        """What has focus; fails if it is not visibly marked."""
        focus = tab.evaluate(FOCUS)
        if focus is not None:
            self.assertTrue(
                focus["visible"], f"{self.step}: focus is not visible on {focus['element']}"
            )
        return focus

    def tab_to(self, tab, target, key="Tab", limit=80):
        """Press ``key`` until ``target`` has focus, checking at each stop that focus is visible."""
        for _ in range(limit):
            tab.keyboard.press(key)
            self.focus(tab)
            if target.evaluate("el => el === document.activeElement"):
                return
        self.fail(f"{self.step}: {key} never reached {target}")

    def press(self, tab, key, path):
        """Press ``key`` on what has focus and wait for the page whose address matches ``path``."""
        with tab.expect_navigation(url=re.compile(path)):
            tab.keyboard.press(key)

    def step_sign_in(self, tab):
        tab.goto(f"{self.live_server_url}/accounts/login/")
        self.tab_to(tab, tab.get_by_label("Username"))
        tab.keyboard.type("ines")
        self.tab_to(tab, tab.get_by_label("Password"))
        tab.keyboard.type("pw-for-tests")
        self.press(tab, "Enter", r"/desk/$")

    def step_open_new_piece(self, tab):
        self.tab_to(tab, tab.get_by_role("link", name="New piece"))
        self.press(tab, "Enter", r"/desk/new/$")

    def step_walk_the_whole_form(self, tab):
        """Tab reaches every control and then leaves the page; Shift+Tab comes back: no trap."""
        stops = []
        for _ in range(200):
            tab.keyboard.press("Tab")
            focus = self.focus(tab)
            if focus is None:
                break
            stops.append(focus["element"])
        else:
            self.fail(f"Tab never left the page; it cycled through {stops[-5:]}")
        self.assertIn("button Submit for review", stops)
        tab.keyboard.press("Shift+Tab")
        self.assertEqual(self.focus(tab)["element"], stops[-1])
        tab.keyboard.press("Shift+Tab")
        self.assertEqual(self.focus(tab)["element"], stops[-2])

    def step_fill_fields(self, tab):
        typed = {
            "Headline": HEADLINE,
            "Standfirst": "The harbour authority approved boats after dark.",
            "Body": "Islanders asked for years.\n\n## Who pays\n\nThe council pays.",
            "Tags": "ferries, islands",
            # A slip a reporter makes: the source's name in its address field.
            "Source name": "Harbour authority",
            "Source URL": "harbour authority",
        }
        for label, text in typed.items():
            self.tab_to(tab, field(tab, label))
            tab.keyboard.type(text)
            if label == "Body":
                section = field(tab, "Section")
                self.tab_to(tab, section)
                tab.keyboard.press("ArrowDown")
                self.assertNotEqual(section.input_value(), "")

    def step_insert_picture(self, tab):
        """From the body, "Insert picture" opens the library; searching and Insert write its line."""
        body = field(tab, "Body")
        self.tab_to(tab, body, key="Shift+Tab")
        tab.keyboard.press("Control+End")
        self.tab_to(tab, tab.get_by_role("button", name="Insert picture"))
        tab.keyboard.press("Enter")
        dialog = tab.get_by_role("dialog", name="Insert picture")
        search = dialog.get_by_label("Search pictures")
        self.assertTrue(search.evaluate("el => el === document.activeElement"))
        self.focus(tab)
        tab.keyboard.type("cranes")
        tab.keyboard.press("Enter")
        insert = dialog.get_by_role("button", name=f"Insert picture {self.picture.pk}")
        insert.wait_for()
        self.tab_to(tab, insert)
        tab.keyboard.press("Enter")
        self.assertFalse(dialog.is_visible())
        self.assertTrue(body.evaluate("el => el === document.activeElement"))
        self.assertTrue(
            body.input_value().endswith(
                f'![Cranes over the harbour](picture:{self.picture.pk} "Dusk.")'
            )
        )

    def step_fail_a_save(self, tab):
        self.tab_to(tab, tab.get_by_role("button", name="Save"))
        self.press(tab, "Space", r"/desk/new/$")
        # Announced where focus lands, then each field names its own error.
        summary = tab.locator("#error-summary")
        self.assertEqual(summary.get_attribute("role"), "alert")
        self.assertIn("Source URL", summary.inner_text())
        self.assertTrue(summary.evaluate("el => el === document.activeElement"))
        self.assertNotEqual(
            summary.evaluate("el => getComputedStyle(el).outlineStyle"), "none", "summary focus"
        )
        source_url = field(tab, "Source URL")
        self.assertEqual(source_url.get_attribute("aria-invalid"), "true")
        described_by = source_url.get_attribute("aria-describedby")
        self.assertIn("Enter a valid URL", tab.locator(f"#{described_by}").inner_text())
        self.tab_to(tab, summary.get_by_role("link", name="Source URL"))
        tab.keyboard.press("Enter")
        self.assertTrue(source_url.evaluate("el => el === document.activeElement"))
        self.focus(tab)
        tab.keyboard.press("Control+A")
        tab.keyboard.type("https://example.org/harbour")

    def step_save(self, tab):
        self.tab_to(tab, tab.get_by_role("button", name="Save"))
        self.press(tab, "Enter", r"/desk/\d+/edit/")
        self.assertEqual(tab.get_by_role("status").filter(has_text="Saved.").count(), 1)
        article = Article.objects.get(headline=HEADLINE)
        self.assertEqual(article.source_url, "https://example.org/harbour")
        self.assertEqual(article.state, Article.State.DRAFT)

    def step_preview(self, tab):
        self.tab_to(tab, tab.get_by_role("button", name="Preview"))
        self.press(tab, "Enter", r"/desk/\d+/preview/$")
        self.assertEqual(tab.get_by_role("heading", level=1).inner_text(), HEADLINE)
        self.tab_to(tab, tab.get_by_role("link", name="Back to editing"))
        self.press(tab, "Enter", r"/desk/\d+/edit/")

    def step_submit(self, tab):
        self.tab_to(tab, tab.get_by_role("button", name="Submit for review"))
        self.press(tab, "Enter", r"/desk/$")
        self.assertIn("Submitted for review", tab.get_by_role("status").first.inner_text())
        article = Article.objects.get(headline=HEADLINE)
        self.assertEqual(article.state, Article.State.IN_REVIEW)
