import cProfile
import pstats
import re
import time
from unittest import mock

import reversion
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from reversion.models import Version

from articles import markup
from articles.markup import ALLOWED_TAGS, render
from articles.models import Article, ShareLink
from bench.markup import SHAPES

from . import factories


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


class LinearRenderingTests(SimpleTestCase):
    """No body, however it is typed, ties up the server: rendering is linear in its length."""

    @staticmethod
    def calls(text):
        """Python function calls made rendering ``text``: the parser's work, counted exactly."""
        profile = cProfile.Profile()
        profile.runcall(render, text)
        return pstats.Stats(profile).total_calls

    def test_twenty_thousand_brackets_render_at_once_as_text(self):
        """A body of 20,000 "[" shows them as text within seconds (it took over 70 s before)."""
        started = time.perf_counter()
        html = render("[" * 20_000)
        self.assertLess(time.perf_counter() - started, 5)
        self.assertEqual(html, f"<p>{'[' * 20_000}</p>\n")

    def test_ten_times_the_text_is_ten_times_the_work(self):
        """Every hostile shape costs ten times the work for ten times the text, never a hundred."""
        for name, make in SHAPES.items():
            with self.subTest(shape=name):
                ratio = self.calls(make(10_000)) / self.calls(make(1_000))
                self.assertLess(
                    ratio, 15, f"{name}: ten times the text, {ratio:.0f} times the work"
                )

    def test_hostile_shapes_give_bounded_sane_html(self):
        """Each hostile shape at 100 KB renders to HTML of about its own size, allow-listed tags only."""
        for name, make in SHAPES.items():
            with self.subTest(shape=name):
                html = render(make(100_000))
                self.assertLess(len(html), 10 * 100_000)
                tags = {tag.lower() for tag in re.findall(r"</?([a-zA-Z0-9]+)", html)}
                self.assertLessEqual(tags, ALLOWED_TAGS)

    def test_a_wide_table_over_short_rows_is_not_padded_without_end(self):
        """Short rows under a very wide header do not turn a small body into millions of cells."""
        table = "|h" * 180 + "\n" + "|-" * 180 + "\n" + "x\n" * 360 + "\n"
        html = render(table * 20)
        self.assertLessEqual(html.count("<td"), 2 * len(table * 20))
        self.assertIn("<th>h</th>", html)

    def test_short_rows_of_an_ordinary_table_are_padded(self):
        """A row with fewer cells than the header still gets its empty cells, as before."""
        html = render("| a | b | c |\n|---|---|---|\n| 1 |\n| 2 | 3 | 4 |")
        self.assertInHTML("<tr><td>1</td><td></td><td></td></tr>", html)
        self.assertInHTML("<tr><td>2</td><td>3</td><td>4</td></tr>", html)


class StoredBodyTests(TestCase):
    """The body is rendered once, when it is saved; pages read the stored HTML."""

    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("rep")
        cls.editor = factories.editor("ed")

    def test_saving_a_body_stores_its_html(self):
        """A saved piece carries its body's HTML, crossheads and all."""
        article = factories.ArticleFactory(body="Intro.\n\n# Vote\n\nText.")
        article.refresh_from_db()
        self.assertInHTML("<h2>Vote</h2>", article.body_html)
        article.body = "Changed *now*."
        article.save(update_fields=["body"])
        article.refresh_from_db()
        self.assertHTMLEqual(article.body_html, "<p>Changed <em>now</em>.</p>")

    def test_pages_show_the_stored_html_without_rendering(self):
        """The article page, the desk preview and the share page show the stored HTML as it is."""
        live = factories.published(body="Live body.")
        draft = factories.ArticleFactory(body="Draft body.", created_by=self.reporter)
        stored = "<p>Stored <strong>once</strong>.</p>"
        Article.objects.filter(pk__in=[live.pk, draft.pk]).update(body_html=stored)
        share = ShareLink.objects.create(article=draft, created_by=self.editor)
        self.client.force_login(self.reporter)
        with mock.patch.object(markup, "render", side_effect=AssertionError("rendered on a read")):
            for url in [
                live.get_absolute_url(),
                reverse("desk:preview", args=[draft.pk]),
                share.get_absolute_url(),
            ]:
                with self.subTest(url=url):
                    response = self.client.get(url)
                    self.assertContains(response, stored, html=True)

    def test_restoring_a_revision_restores_its_html(self):
        """Bringing back an old revision brings back the HTML of its body, not today's."""
        article = factories.ArticleFactory(body="First words.")
        with reversion.create_revision():
            article.save()
        with reversion.create_revision():
            article.body = "Second words."
            article.save()
        Version.objects.get_for_object(article).last().revision.revert()
        article.refresh_from_db()
        self.assertEqual(article.body, "First words.")
        self.assertHTMLEqual(article.body_html, "<p>First words.</p>")


def nested_list(levels):
    return "".join("  " * level + f"- level {level + 1}\n" for level in range(levels))


class NestingLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("rita")

    def test_too_deep_is_exactly_where_words_would_go_missing(self):
        """Nine levels of list show every item; ten would lose words, and only ten is refused."""
        for levels, too_deep in [(9, False), (10, True)]:
            with self.subTest(levels=levels):
                text = nested_list(levels) + "\nThe last paragraph."
                self.assertIs(markup.too_deep(text), too_deep)
                shown = str(render(text))
                self.assertIs(
                    "The last paragraph." in shown and f"level {levels}" in shown, not too_deep
                )
        self.assertIs(markup.too_deep(">" * 25 + " A quotation in a quotation."), True)
        self.assertIs(markup.too_deep("> One\n>> Two\n\n- a\n  - b\n\nEnd."), False)

    def test_a_body_nested_too_deep_is_refused_with_the_text_kept(self):
        """The desk refuses a body whose lists nest too deep to show, and keeps what was typed."""
        from .test_desk import desk_form_data

        self.client.force_login(self.reporter)
        body = nested_list(12) + "\nThe last paragraph."
        response = self.client.post(
            reverse("desk:new"), desk_form_data(headline="Deep lists", body=body)
        )
        self.assertContains(response, "nested so deep that readers would not see all of it")
        self.assertContains(response, "The last paragraph.")
        self.assertFalse(Article.objects.filter(headline="Deep lists").exists())
