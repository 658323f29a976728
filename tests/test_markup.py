from django.test import SimpleTestCase

from articles.markup import render


class MarkupRenderingTests(SimpleTestCase):
    def test_markdown_becomes_article_html(self):
        """Crossheads, emphasis, lists, quotes, tables and links render as readers expect."""
        html = render(
            "Intro with *emphasis* and **strength**.\n\n"
            "## The vote\n\n"
            "- one\n- two\n\n"
            "> A quote.\n\n"
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
            "[Council](https://example.org/council)"
        )
        self.assertInHTML("<h2>The vote</h2>", html)
        self.assertInHTML("<em>emphasis</em>", html)
        self.assertInHTML("<ul><li>one</li><li>two</li></ul>", html)
        self.assertInHTML("<blockquote><p>A quote.</p></blockquote>", html)
        self.assertIn("<table>", html)
        self.assertInHTML(
            '<a href="https://example.org/council" rel="noopener noreferrer nofollow">Council</a>',
            html,
        )

    def test_top_level_heading_is_a_crosshead_not_a_second_h1(self):
        """A '# heading' in a body renders as h2: the page keeps one h1, the headline."""
        html = render("# Big heading\n\ntext")
        self.assertNotIn("<h1", html)
        self.assertInHTML("<h2>Big heading</h2>", html)

    def test_hostile_input_never_survives(self):
        """Script, event handlers, dangerous URLs, iframes and styles are removed."""
        hostile = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "![img](javascript:alert(1))",
            '<a href="javascript:alert(1)">x</a>',
            "<iframe src=https://example.org></iframe>",
            '<p style="background:url(javascript:alert(1))">x</p>',
            "<svg><script>alert(1)</script></svg>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            '<div onmouseover="alert(1)">hover</div>',
            "<style>body{display:none}</style>",
            "<object data=x></object><embed src=x>",
            '<form action="https://evil.example"><input name=a></form>',
            "<a href=' javascript:alert(1)'>x</a>",
        ]
        for payload in hostile:
            with self.subTest(payload=payload):
                html = render(payload).lower()
                for needle in (
                    "<script",
                    "onerror",
                    "onmouseover",
                    "javascript:",
                    "data:text",
                    "<iframe",
                    "style",
                    "<svg",
                    "<math",
                    "<object",
                    "<embed",
                    "<form",
                    "<input",
                    "<img",
                ):
                    self.assertNotIn(needle, html)

    def test_empty_body_renders_nothing(self):
        """An empty body renders as an empty string, not 'None'."""
        self.assertEqual(render(""), "")
        self.assertEqual(render(None), "")
