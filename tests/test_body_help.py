from django.test import TestCase
from django.urls import reverse
from django.utils.html import escape

from articles.markup import render

from . import factories

# Each example the desk's "Body syntax" help shows, and what it must render as.
EXAMPLES = {
    "## The vote": "<h2>The vote</h2>",
    "**bold**": "<strong>bold</strong>",
    "[link text](https://example.org/report)": 'href="https://example.org/report"',
    "- first item": "<li>first item</li>",
    "> Words someone said or wrote.": "<blockquote>",
    "> We kept two seconds of the echo.\n> — Ola Brandt, festival director": (
        "<figcaption>Ola Brandt, festival director</figcaption>"
    ),
    "::: facts Key facts\n- Opened: 1887\n- Length: 240 m\n:::": (
        '<aside class="fact-box">\n<h2>Key facts</h2>'
    ),
    "https://www.youtube.com/watch?v=aqz-KE-bpKQ": 'data-embed-src="https://www.youtube-nocookie.com/',
    "| Year | Visitors |\n|------|----------|\n| 2025 | 41,000   |": "<td>41,000</td>",
}


class BodyHelpTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("rep")

    def test_the_desk_lists_every_body_element_with_an_example(self):
        """The body field's help names each element and shows an example to copy."""
        self.client.force_login(self.reporter)
        response = self.client.get(reverse("desk:new"))
        self.assertContains(response, "Body syntax")
        for element in [
            "Crosshead", "Link", "List", "Quotation", "Pull quote", "Fact box", "Embed",
            "Picture", "Table",
        ]:  # fmt: skip
            self.assertContains(response, f'<th scope="row">{element}</th>', html=True)
        page = response.content.decode()
        for example in [*EXAMPLES, '![Alt text](picture:42 "Caption")']:
            with self.subTest(example=example):
                self.assertIn(escape(example), page)

    def test_each_example_renders_as_the_help_says(self):
        """Typed as shown, each example becomes the element the help names."""
        for example, expected in EXAMPLES.items():
            with self.subTest(example=example):
                self.assertIn(expected, str(render(example)))
