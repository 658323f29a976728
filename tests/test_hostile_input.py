"""No reporter or editor input can run script anywhere it is shown.

Every field a reporter or editor controls is filled with each hostile payload
at once (cut to the field's length, as the database would keep it), then every
page, feed and sitemap that shows those fields is fetched and parsed: no
``on*`` attribute, no script but our own files and JSON data blocks that parse,
no ``javascript:``/``data:`` link, and the payload's markup never appears raw.
"""

import json
import re
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from html.parser import HTMLParser

import reversion
from django.db import transaction
from django.test import TestCase
from django.urls import reverse
from reversion.models import Version

from articles import workflow
from articles.admin.article import ArticleAdmin
from articles.models import Article, Byline, Correction, Section, ShareLink, Tag

from . import factories
from .test_admin import change_form_data
from .test_desk import desk_form_data

MARK = "xssmark"
XSS = "window.__xss=1"

# name -> (payload, fragments that must never appear raw in any response). A quote
# may appear raw in text; the parser's on* check is what catches an attribute breakout.
PAYLOADS = {
    "script tag": (f"{MARK} <script>{XSS}</script>", ["<script>window"]),
    "img onerror": (f'{MARK} <img src=x onerror="{XSS}">', ["<img src=x"]),
    "json-ld breakout": (
        f"{MARK} </script><script>{XSS}</script><!--",
        ["</script><script>"],
    ),
    "double-quote attribute breakout": (
        f'{MARK}" onmouseover="{XSS}" autofocus onfocus="{XSS}" x="',
        [],
    ),
    "single-quote attribute breakout": (
        f"{MARK}' onfocus='{XSS}' autofocus x='",
        [],
    ),
    "svg onload": (
        f"{MARK} <svg/onload={XSS}><svg><animate onbegin={XSS}>",
        ["<svg/onload", "<animate"],
    ),
    "mathml mglyph": (
        f"{MARK} <math><mtext><table><mglyph><style><img src=x onerror={XSS}>",
        ["<math", "<mglyph", "<img src=x"],
    ),
    "markdown javascript and data urls": (
        f"{MARK} [click](javascript:{XSS}) ![pic](javascript:alert(1)) "
        f"[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) "
        f'<a href="javascript:{XSS}">raw</a> <a href="JaVaScRiPt&#58;alert(1)">ent</a> '
        f"<iframe src=javascript:alert(1)></iframe>",
        ['<a href="javascript', "<iframe"],
    ),
    "crlf": (f"{MARK}\r\nSet-Cookie: hacked=1\r\n\r\n<script>{XSS}</script>", ["<script>window"]),
    "rtl override and zero-width": (
        f"{MARK} \u202egnp.exe\u200b\u200c\u200d\ufeff <style>bold{{}}</style>\u2028\u2029",
        ["<style>bold"],
    ),
    "control characters": (
        f"{MARK} Bad\x0bvertical\x1bescape\x7f <marquee>it</marquee>",
        ["<marquee>"],
    ),
    "ten thousand characters": (
        f'{MARK} <img src=x onerror="{XSS}">' + "Lorem ipsum dolor " * 560,
        ["<img src=x"],
    ),
    # Shapes that took Markdown rendering quadratic time (a worker's whole timeout).
    "markdown that was slow to render": (
        f"{MARK} " + "[" * 4000 + "*_" * 1500 + "<" * 1000 + "\n" + "> " * 300 + f"<b>{XSS}</b>",
        ["<<", "<b>window"],
    ),
}

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "xlink:href", "poster", "data"}
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


class PageParser(HTMLParser):
    """Every start tag with its attributes, and each script element with its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements, self.scripts, self._script = [], [], None

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))
        if tag == "script":
            self._script = [dict(attrs), ""]
            self.scripts.append(self._script)

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self._script is not None:
            self._script[1] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def assert_html_inert(test, text):
    """Fail if the HTML ``text`` carries anything a browser would run."""
    parser = PageParser()
    parser.feed(text)
    parser.close()
    for tag, attrs in parser.elements:
        for name, value in attrs:
            test.assertFalse(name.startswith("on"), f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and value:
                for url in value.split(",") if name == "srcset" else [value]:
                    squeezed = re.sub(r"[\x00-\x20]", "", url).lower()
                    test.assertFalse(
                        squeezed.startswith(DANGEROUS_SCHEMES), f"<{tag} {name}={url!r}>"
                    )
        if tag == "meta":
            test.assertNotEqual(dict(attrs).get("http-equiv", "").lower(), "refresh")
        test.assertNotIn(tag, {"iframe", "object", "embed", "base", "math", "mglyph"})
    for attrs, body in parser.scripts:
        src = attrs.get("src")
        if src:
            test.assertTrue(src.startswith("/") and not src.startswith("//"), src)
            test.assertEqual(body.strip(), "")
            continue
        test.assertIn(attrs.get("type"), DATA_SCRIPT_TYPES, f"inline script: {body[:200]!r}")
        test.assertNotIn("</script", body.lower())
        json.loads(body)
    return parser


def assert_xml_inert(test, content):
    """Fail unless ``content`` is well-formed XML with no markup element from a payload."""
    root = ET.fromstring(content)
    for element in root.iter():
        local = element.tag.rsplit("}", 1)[-1].lower()
        test.assertNotIn(local, {"script", "img", "svg", "math", "iframe", "b", "i", "a"})
    return root


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back():
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


class HostileInputMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor("ed")
        cls.reporter = factories.reporter("rep")

    def build_world(self, payload):
        """One of everything that shows user text, every text field set to ``payload``."""
        cut = payload.__getitem__
        author = self.reporter.author
        author.name, author.role, author.bio = cut(slice(120)), cut(slice(120)), payload
        author.url = ("https://example.org/" + payload)[:200]
        author.save()
        self.reporter.first_name = cut(slice(150))
        self.reporter.save()
        section = Section.objects.create(name=cut(slice(80)), description=payload)
        tag = Tag.objects.create(name=cut(slice(60)))
        fields = {
            "headline": cut(slice(200)),
            "standfirst": payload,
            "body": f"{payload}\n\n## {payload}\n\n> {payload}\n\nharbour",
            "hero_alt": cut(slice(250)),
            "hero_caption": cut(slice(300)),
            "hero_credit": cut(slice(120)),
            "source_name": cut(slice(120)),
            "source_url": ("https://example.org/" + payload)[:500],
            "section": section,
            "created_by": self.reporter,
        }

        def piece(path, image=False):
            with reversion.create_revision():
                article = Article.objects.create(
                    headline="Plain first version", standfirst="Plain.", body="Plain."
                )
                Byline.objects.create(article=article, author=author)
            with reversion.create_revision():
                for name, value in fields.items():
                    setattr(article, name, value)
                if image:
                    article.hero_picture = factories.picture()
                article.save()
            article.tags.add(tag)
            for step, who in path:
                workflow.transition(article, step, by=who, note=payload, public_reason=payload)
            return article

        rep, ed = self.reporter, self.editor
        live = piece(
            [(s, w) for s, w in [("submit", rep), ("request_changes", ed), ("submit", rep)]]
            + [("publish", ed)],
            image=True,
        )
        Correction.objects.create(article=live, text=payload, created_by=ed)
        gone = piece([("submit", rep), ("publish", ed), ("withdraw", ed)])
        gone_url = reverse("articles:detail", args=[section.slug, gone.slug])
        draft = piece([])
        share = ShareLink.objects.create(article=draft, created_by=ed)
        versions = Version.objects.get_for_object(live)
        admin = "admin:articles_article_"
        return [
            # (place, who, url, kind, the payload's text must show there)
            ("article page", None, live.get_absolute_url(), "html", True),
            ("front page", None, reverse("articles:home"), "html", True),
            ("section page", None, section.get_absolute_url(), "html", True),
            ("tag page", None, tag.get_absolute_url(), "html", True),
            ("author page", None, author.get_absolute_url(), "html", True),
            ("search results", None, reverse("articles:search") + f"?q={MARK}", "html", True),
            ("search query", None, reverse("articles:search"), "html", True, {"q": cut(slice(200))}),
            ("withdrawn page", None, gone_url, "html", True),
            ("rss feed", None, reverse("feed_latest_rss"), "xml", True),
            ("atom feed", None, reverse("feed_latest_atom"), "xml", True),
            ("section rss", None, reverse("feed_section_rss", args=[section.slug]), "xml", True),
            ("section atom", None, reverse("feed_section_atom", args=[section.slug]), "xml", True),
            ("author rss", None, reverse("feed_author_rss", args=[author.slug]), "xml", True),
            ("author atom", None, reverse("feed_author_atom", args=[author.slug]), "xml", True),
            ("sitemap index", None, reverse("sitemap"), "xml", False),
            ("article sitemap", None, "/sitemap-articles.xml", "xml", False),
            ("tag sitemap", None, "/sitemap-tags.xml", "xml", False),
            ("news sitemap", None, reverse("news_sitemap"), "xml", True),
            ("share-link preview", None, share.get_absolute_url(), "html", True),
            ("desk home", rep, reverse("desk:home"), "html", True),
            ("desk edit form", rep, reverse("desk:edit", args=[draft.pk]), "html", True),
            ("desk preview", rep, reverse("desk:preview", args=[draft.pk]), "html", True),
            ("desk locked page", rep, reverse("desk:edit", args=[live.pk]), "html", True),
            ("desk edit form (editor)", ed, reverse("desk:edit", args=[live.pk]), "html", True),
            ("admin changelist", ed, reverse(admin + "changelist"), "html", True),
            ("admin search", ed, reverse(admin + "changelist"), "html", True, {"q": cut(slice(200))}),
            ("admin change form", ed, reverse(admin + "change", args=[live.pk]), "html", True),
            ("admin history", ed, reverse(admin + "history", args=[live.pk]), "html", True),
            (
                "admin revision compare",
                ed,
                reverse(admin + "compare", args=[live.pk]),
                "html",
                True,
                {"a": versions.last().pk, "b": versions.first().pk},
            ),
            ("admin revision", ed, reverse(admin + "revision", args=[live.pk, versions.first().pk]), "html", True),
            ("admin delete page", ed, reverse(admin + "delete", args=[live.pk]), "html", True),
            ("admin tags", ed, reverse("admin:articles_tag_changelist"), "html", True),
            ("admin sections", ed, reverse("admin:articles_section_changelist"), "html", True),
            ("admin authors", ed, reverse("admin:authors_author_changelist"), "html", True),
            ("admin author form", ed, reverse("admin:authors_author_change", args=[author.pk]), "html", True),
        ]  # fmt: skip

    def check_place(self, place, response, kind, shows_text, needles):
        self.assertEqual(response.status_code, 410 if place == "withdrawn page" else 200)
        text = response.content.decode()
        for needle in needles:
            self.assertFalse(needle.lower() in text.lower(), f"raw {needle!r} in {place}")
        if kind == "xml":
            root = assert_xml_inert(self, response.content)
            if shows_text:
                self.assertIn(MARK, "".join(root.itertext()))
        else:
            parser = assert_html_inert(self, text)
            if shows_text:
                self.assertIn(MARK, text)
            if place in {"article page", "share-link preview", "desk preview"}:
                blocks = [b for a, b in parser.scripts if a.get("type") == "application/ld+json"]
                self.assertEqual(len(blocks), 1)
                self.assertIn(MARK, json.loads(blocks[0])["headline"])
                self.assertNotIn("<", blocks[0])

    def test_no_payload_runs_in_any_place(self):
        """Every hostile payload in every field shows as text (or not at all) on every page, feed and sitemap."""
        count = 0
        for name, (payload, needles) in PAYLOADS.items():
            with self.subTest(payload=name), rolled_back():
                places = self.build_world(payload)
                for place, who, url, kind, shows_text, *params in places:
                    count += 1
                    with self.subTest(payload=name, place=place):
                        self.client.logout()
                        if who is not None:
                            self.client.force_login(who)
                        response = self.client.get(url, *params)
                        self.check_place(place, response, kind, shows_text, needles)
        fields = 17
        print(
            f"\nhostile input: {len(PAYLOADS)} payloads x {len(places)} places = {count} pages "
            f"checked, each showing up to {fields} user-controlled fields"
        )
        self.assertGreaterEqual(count, len(PAYLOADS) * 30)


class KnownTrapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor("ed")
        cls.reporter = factories.reporter("rep")
        cls.section = factories.SectionFactory(name="City")

    def test_javascript_source_url_is_refused_by_admin_and_desk(self):
        """A javascript: or data: source URL is refused with a message in the admin and on the desk."""
        article = factories.ArticleFactory(section=self.section)
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(document.domain)//https://example.org",
            " javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "ftp://example.org/file",
        ]:
            with self.subTest(url=url, where="admin"):
                self.client.force_login(self.editor)
                response = self.client.post(
                    reverse("admin:articles_article_change", args=[article.pk]),
                    change_form_data(article, source_url=url, source_name="Agency"),
                )
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Enter a valid URL.")
                article.refresh_from_db()
                self.assertEqual(article.source_url, "")
            with self.subTest(url=url, where="desk"):
                self.client.force_login(self.reporter)
                response = self.client.post(
                    reverse("desk:new"),
                    desk_form_data(headline="Sourced", source_name="Agency", source_url=url),
                )
                self.assertContains(response, "Enter a valid URL.")
                self.assertFalse(Article.objects.filter(headline="Sourced").exists())
        with self.subTest(where="author website"):
            author = factories.AuthorFactory()
            self.client.force_login(self.editor)
            response = self.client.post(
                reverse("admin:authors_author_change", args=[author.pk]),
                {"name": author.name, "slug": "x", "url": "javascript:alert(1)"},
            )
            self.assertContains(response, "Enter a valid URL.")

    def test_a_stored_javascript_url_is_never_a_link_in_the_admin_or_on_the_page(self):
        """A javascript: URL that reached the database anyway is shown as text, never as a link."""
        article = factories.published(section=self.section, source_name="Agency")
        Article.objects.filter(pk=article.pk).update(source_url="javascript:alert(1)")
        author = article.byline_authors()[0]
        author.url = "javascript:alert(2)"
        author.save()
        self.client.force_login(self.editor)
        for url in [
            reverse("admin:articles_article_change", args=[article.pk]),
            reverse("admin:authors_author_change", args=[author.pk]),
            article.get_absolute_url(),
            author.get_absolute_url(),
        ]:
            with self.subTest(url=url):
                assert_html_inert(self, self.client.get(url).content.decode())

    def test_revision_compare_escapes_every_field_and_diff_line(self):
        """Comparing revisions shows hostile headline, body lines and tags as text."""
        payload = f"<img src=x onerror={XSS}>"
        article = factories.ArticleFactory(section=self.section, body="Line one.\n\nLine two.")
        with reversion.create_revision():
            article.save()
        with reversion.create_revision():
            article.headline = payload
            article.body = f"Line one.\n\n{payload}\n\n</li></ul><script>{XSS}</script>"
            article.hero_caption = payload
            article.save()
            article.tags.add(Tag.objects.create(name=payload))
        old, new = (
            Version.objects.get_for_object(article)[1],
            Version.objects.get_for_object(article)[0],
        )
        self.client.force_login(self.editor)
        response = self.client.get(
            reverse("admin:articles_article_compare", args=[article.pk]), {"a": old.pk, "b": new.pk}
        )
        text = response.content.decode()
        assert_html_inert(self, text)
        self.assertNotIn("<img src=x", text)
        self.assertIn("&lt;img src=x onerror=window.__xss=1&gt;", text)
        self.assertIn('<li class="added">&lt;/li&gt;&lt;/ul&gt;&lt;script&gt;', text)

    def test_admin_list_columns_and_messages_escape_what_they_show(self):
        """Changelist columns and the "now published" message show a hostile headline or byline as text."""
        payload = f"<img src=x onerror={XSS}>"
        author = factories.AuthorFactory(name=payload)
        article = factories.submitted(headline=payload, section=self.section, authors=[author])
        self.client.force_login(self.editor)
        response = self.client.post(
            reverse("admin:articles_article_transition", args=[article.pk]),
            {"transition": "publish"},
            follow=True,
        )
        text = response.content.decode()
        self.assertIn("is now published", text)
        self.assertNotIn("<img src=x", text)
        changelist = self.client.get(reverse("admin:articles_article_changelist")).content.decode()
        assert_html_inert(self, changelist)
        self.assertNotIn("<img src=x", changelist)
        self.assertIn("&lt;img src=x", changelist)
        # Columns are plain text the admin escapes: none is marked safe by hand.
        for name in ArticleAdmin.list_display:
            value = getattr(ArticleAdmin, name, None)
            if callable(value):
                article.waiting_since = article.is_live = None
                self.assertNotIn("SafeString", type(value(None, article)).__name__)

    def test_vertical_tab_in_a_headline_breaks_no_feed_or_sitemap(self):
        """A headline with an invisible control character still gives valid feeds and sitemaps."""
        article = factories.published(section=self.section)
        author = article.byline_authors()[0]
        Article.objects.filter(pk=article.pk).update(
            headline="Bad\x0bhead\x1bline\x7f", standfirst="Stand\x0bfirst"
        )
        for url in [
            reverse("feed_latest_rss"),
            reverse("feed_latest_atom"),
            reverse("feed_section_rss", args=[self.section.slug]),
            reverse("feed_author_atom", args=[author.slug]),
            reverse("news_sitemap"),
            reverse("sitemap"),
        ]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                root = ET.fromstring(response.content)
                self.assertNotIn("\x0b", "".join(root.itertext()))

    def test_forms_strip_control_characters(self):
        """Control characters typed or pasted into the desk or admin are dropped on save."""
        self.client.force_login(self.reporter)
        self.client.post(
            reverse("desk:new"),
            desk_form_data(
                headline="Head\x0bline",
                hero_caption="Cap\x0btion",
                source_name="Sou\x1brce",
                tags="ta\x0bg, other\x07",
            ),
        )
        article = Article.objects.get(headline="Headline")
        self.assertEqual(
            (article.headline, article.hero_caption, article.source_name),
            ("Headline", "Caption", "Source"),
        )
        self.assertEqual(sorted(t.name for t in article.tags.all()), ["other", "tag"])
        self.client.force_login(self.editor)
        self.client.post(
            reverse("admin:articles_article_change", args=[article.pk]),
            change_form_data(article, headline="Admin\x0b head", standfirst="Stand\x1bfirst"),
        )
        article.refresh_from_db()
        self.assertEqual((article.headline, article.standfirst), ("Admin head", "Standfirst"))

    def test_nul_character_in_a_tag_name_is_dropped_not_a_crash(self):
        """A NUL character pasted into the tags is dropped, never a server error (PostgreSQL refuses it)."""
        self.client.force_login(self.reporter)
        response = self.client.post(
            reverse("desk:new"), desk_form_data(headline="Tagged", tags="har\x00bour, ferries")
        )
        self.assertEqual(response.status_code, 302)
        article = Article.objects.get(headline="Tagged")
        self.assertEqual(sorted(t.name for t in article.tags.all()), ["ferries", "harbour"])
