import cProfile
import pstats

from django.test import SimpleTestCase

from articles.markup import render


class PullQuoteTests(SimpleTestCase):
    def test_a_quotation_ending_with_a_dash_line_is_a_pull_quote(self):
        """ "> words" then "> — name" shows a figure: the quotation, and the speaker as its caption."""
        html = render(
            "> The harbour was never the problem.\n> The roads were.\n> — Mira *Jensen*, harbour master"
        )
        self.assertHTMLEqual(
            html,
            '<figure class="pull-quote"><blockquote><p>The harbour was never the problem.\n'
            "The roads were.</p></blockquote>"
            "<figcaption>Mira <em>Jensen</em>, harbour master</figcaption></figure>",
        )

    def test_two_hyphens_and_a_separate_paragraph_work_too(self):
        """ "-- name", also after a blank quoted line, names the speaker the same way."""
        html = render("> First paragraph.\n>\n> Second.\n>\n> -- Ola Berg")
        self.assertHTMLEqual(
            html,
            '<figure class="pull-quote"><blockquote><p>First paragraph.</p><p>Second.</p>'
            "</blockquote><figcaption>Ola Berg</figcaption></figure>",
        )

    def test_malformed_attributions_leave_an_ordinary_quotation(self):
        """A quotation with no dash line, only a dash line, or a dash with no name stays a blockquote."""
        for body, expected in [
            ("> Just a quote.", "<blockquote><p>Just a quote.</p></blockquote>"),
            ("> — Only a name", "<blockquote><p>— Only a name</p></blockquote>"),
            ("> Words.\n> —", "<blockquote><p>Words.\n—</p></blockquote>"),
            ("> Words.\n> —Name", "<blockquote><p>Words.\n—Name</p></blockquote>"),
            ("> Words.\n> - Name", "<blockquote><p>Words.</p><ul><li>Name</li></ul></blockquote>"),
            ("— Not quoted", "<p>— Not quoted</p>"),
        ]:
            with self.subTest(body=body):
                self.assertHTMLEqual(render(body), expected)

    def test_hostile_attribution_is_sanitised(self):
        """Script or handlers in the speaker's name are removed like anywhere else in the body."""
        html = render("> Words.\n> — <img src=x onerror=alert(1)><script>alert(1)</script>Ann")
        self.assertNotIn("<script", html)
        self.assertNotIn("onerror", html)
        self.assertNotIn("<img", html)
        self.assertInHTML("<figcaption>Ann</figcaption>", html)


class FactBoxTests(SimpleTestCase):
    def test_a_facts_block_is_an_aside_with_its_heading(self):
        """ "::: facts Key facts" … ":::" shows a boxed aside headed "Key facts", its Markdown rendered."""
        html = render("::: facts Key facts\n- Opened: **1887**\n- Length: 240 m\n:::\n\nAfter.")
        self.assertHTMLEqual(
            html,
            '<aside class="fact-box"><h2>Key facts</h2><ul><li>Opened: <strong>1887</strong></li>'
            "<li>Length: 240 m</li></ul></aside><p>After.</p>",
        )

    def test_a_box_without_a_heading_is_called_key_facts(self):
        """ "::: facts" with no words after it gets the heading "Key facts"."""
        self.assertInHTML("<h2>Key facts</h2>", render("::: facts\nOne fact.\n:::"))

    def test_an_unclosed_box_ends_with_the_body(self):
        """A box without its closing ":::" holds the rest of the body; no words are lost."""
        html = render("Before.\n\n::: facts The bridge\nA fact.\n\nAnother.")
        self.assertHTMLEqual(
            html,
            '<p>Before.</p><aside class="fact-box"><h2>The bridge</h2><p>A fact.</p>'
            "<p>Another.</p></aside>",
        )

    def test_other_fences_are_plain_text(self):
        """ "::: something else" and a lone ":::" are ordinary paragraphs."""
        self.assertHTMLEqual(render("::: warning\nx\n:::"), "<p>::: warning\nx\n:::</p>")
        self.assertHTMLEqual(render(":::"), "<p>:::</p>")

    def test_the_heading_is_text_not_html(self):
        """Markup in the box's heading is shown as text, never run."""
        html = render("::: facts <script>alert(1)</script> & more\nx\n:::")
        self.assertNotIn("<script", html)
        self.assertInHTML("<h2>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</h2>", html)

    def test_hostile_raw_html_cannot_use_our_classes_for_anything_else(self):
        """Raw figures and asides keep only our own class names, and no other attribute."""
        html = render(
            '<aside class="fact-box evil" style="x" onclick="alert(1)" id="a">x</aside>\n\n'
            '<figure class="pull-quote embed" data-embed-src="https://evil.example/">y</figure>'
        )
        self.assertHTMLEqual(
            html, '<aside class="fact-box">x</aside><figure class="pull-quote">y</figure>'
        )

    def test_unclosed_boxes_cost_linear_work(self):
        """Ten times as many unclosed or nested boxes cost about ten times the work."""

        def calls(text):
            profile = cProfile.Profile()
            profile.runcall(render, text)
            return pstats.Stats(profile).total_calls

        for shape in ("::: facts\n", "::: facts x\n> a\n> — b\n", ":::: facts\n:::\n"):
            with self.subTest(shape=shape):
                self.assertLess(calls(shape * 2000) / calls(shape * 200), 15)
