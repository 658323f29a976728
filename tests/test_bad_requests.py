"""Absurd addresses, query strings, methods and bodies get a 4xx or a page, never a 500.

Every URL pattern of the project is walked (``get_resolver().url_patterns``,
recursively), its converters filled with hostile values, and requested as an
anonymous reader and as a signed-in editor. The test client re-raises any
exception a view lets escape, which is what a reader would meet as a 500.
"""

import re
from urllib.parse import quote

from django.test import Client, TestCase
from django.urls import URLPattern, URLResolver, get_resolver
from reversion.models import Version

from articles.models import Article, ShareLink

from . import factories

# Path segments as they would arrive on the wire (already percent-encoded).
HOSTILE_SEGMENTS = [
    "99999999999999999999",
    "%C3%28",  # invalid UTF-8
    quote("<script>alert(1)</script>", safe=""),
    quote("' OR 1=1 --", safe=""),
    "..%2F..%2Fetc%2Fpasswd",
    "a" * 300 + "%E2%80%AE%F0%9F%99%82",
]
QUERY_STRINGS = [
    "page=99999999999999999999&p=99999999999999999999&a=99999999999999999999&b=-1",
    "page=abc&p=abc&o=abc.x&e=1&section=nonexistent&tags=abc&user=abc&author=%C3%28",
    "q=" + "x" * 5000 + "&page=-1&p=-1&o=-1",
    "q=%00",
    "q=%C3%28%FF&next=//evil.example&_changelist_filters=%C3%28&_popup=1&_to_field=password",
    "q=%ZZ&page=%ZZ&section&q[]=1&page[]=1&_facets=1&state__exact=bogus"
    "&section__id__exact=abc&scheduled=nope&changed=zz&bylines__author__id__exact=abc",
]
METHODS = ["put", "patch", "delete", "options", "trace"]


def walk(patterns, prefix=""):
    """Yield ``(route, is_regex)`` for every URL pattern, resolvers expanded."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield (
                prefix + str(pattern.pattern),
                hasattr(pattern.pattern, "regex")
                and (type(pattern.pattern).__name__ == "RegexPattern"),
            )


def fill(route, value_for):
    """A concrete path for ``route``: each converter or regex group replaced by ``value_for(name)``."""
    path = re.sub(r"\(\?P<(\w+)>([^)]*)\)", lambda m: value_for(m.group(1)), route)
    path = re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: value_for(m.group(2)), path)
    path = re.sub(r"\([^)]*\)", lambda m: value_for("id"), path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


class BadRequestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor("ed")
        cls.reporter = factories.reporter("rep")
        cls.article = factories.published(created_by=cls.reporter)
        cls.article.save()
        cls.share = ShareLink.objects.create(article=cls.article)
        cls.routes = sorted(set(walk(get_resolver().url_patterns)))

    def real_value(self, name):
        """A value that finds a real object, so the view goes past its lookup."""
        article = self.article
        version = Version.objects.get_for_object(article).first()
        values = {
            "slug": article.slug,
            "section": article.section.slug,
            "pk": str(article.pk),
            "object_id": str(article.pk),
            "id": str(version.pk if version else article.pk),
            "token": self.share.token,
            "app_label": "articles",
            "url": "articles/",
            "path": "nothing.jpg",
            "content_type_id": "1",
            "uidb64": "MQ",
        }
        return values.get(name, "1")

    def clients(self):
        anonymous, editor, reporter = Client(), Client(), Client()
        editor.force_login(self.editor)
        reporter.force_login(self.reporter)
        return {"anonymous": anonymous, "editor": editor, "reporter": reporter}

    def assert_handled(self, client, method, path, **extra):
        try:
            response = getattr(client, method)(path, **extra)
        except Exception as exc:  # What a reader would get as a 500.
            self.fail(f"{method.upper()} {path[:200]} raised {exc!r}")
        self.assertLess(response.status_code, 500, f"{method.upper()} {path[:200]}")
        return response

    def test_every_url_pattern_with_hostile_path_values(self):
        """Hostile values in every part of every address answer 4xx or a page, never a 500."""
        clients, count = self.clients(), 0
        for route, _ in self.routes:
            if not re.search(r"[<(]", route):
                continue
            for segment in HOSTILE_SEGMENTS:
                path = fill(route, lambda name, s=segment: s)
                for who, method in [("anonymous", "get"), ("editor", "get"), ("editor", "post")]:
                    count += 1
                    with self.subTest(path=path[:120], who=who, method=method):
                        self.assert_handled(clients[who], method, path)
        print(f"\nhostile path values: {count} requests")

    def test_every_url_pattern_with_absurd_query_strings(self):
        """Absurd page numbers, huge or broken queries and filters never give a 500."""
        clients, count = self.clients(), 0
        for route, _ in self.routes:
            path = fill(route, self.real_value)
            for query in QUERY_STRINGS:
                for who in ("anonymous", "editor"):
                    count += 1
                    with self.subTest(path=path, query=query[:60], who=who):
                        self.assert_handled(clients[who], "get", path, QUERY_STRING=query)

        print(f"\nabsurd query strings: {count} requests")

    def test_every_url_pattern_with_unexpected_methods(self):
        """PUT, PATCH, DELETE, OPTIONS and TRACE are refused (405) or handled, never a 500."""
        clients, count = self.clients(), 0
        for route, _ in self.routes:
            path = fill(route, self.real_value)
            for method in METHODS:
                for who in ("anonymous", "editor"):
                    count += 1
                    with self.subTest(path=path, method=method, who=who):
                        self.assert_handled(clients[who], method, path)
        self.assertTrue(Article.objects.filter(pk=self.article.pk).exists())
        print(f"\nunexpected methods: {count} requests")

    def test_public_pages_refuse_writes_with_405(self):
        """Public pages and previews answer 405 to PUT, PATCH and DELETE, and nothing is deleted."""
        editor = self.clients()["editor"]
        for path in [
            "/",
            self.article.get_absolute_url(),
            "/search/",
            f"/desk/{self.article.pk}/preview/",
            self.share.get_absolute_url(),
        ]:
            for method in ["put", "patch", "delete"]:
                with self.subTest(path=path, method=method):
                    self.assertEqual(getattr(editor, method)(path).status_code, 405)
        self.assertTrue(Article.objects.filter(pk=self.article.pk).exists())

    def test_a_put_to_the_desk_form_changes_nothing(self):
        """Django's form views treat PUT like an empty POST: the form errs and nothing is saved."""
        editor = self.clients()["editor"]
        before = Article.objects.values().get(pk=self.article.pk)
        response = editor.put(
            f"/desk/{self.article.pk}/edit/", "headline=Changed", content_type="text/plain"
        )
        self.assertLess(response.status_code, 500)
        self.assertEqual(Article.objects.values().get(pk=self.article.pk), before)

    def test_malformed_slugs_and_ids_answer_404(self):
        """Made-up or malformed article, section, tag, author, desk and admin addresses answer 404."""
        editor = self.clients()["editor"]
        for path in [
            "/no-such-section/",
            f"/{self.article.section.slug}/no-such-piece/",
            "/tag/%C3%28/",
            "/author/..%2F/",
            "/desk/99999999999999999999/edit/",
            "/feeds/section/%3Cscript%3E/rss/",
            "/sitemap-nonexistent.xml",
            "/admin/articles/article/abc/history/compare/?a=1&b=2",
            "/admin/articles/article/99999999999999999999/history/compare/",
        ]:
            with self.subTest(path=path):
                self.assertEqual(editor.get(path).status_code, 404)
        for path in [
            "/admin/articles/article/abc/transition/",
            "/admin/articles/article/99999999999999999999/transition/",
        ]:
            with self.subTest(path=path):
                self.assertEqual(editor.post(path, {"transition": "publish"}).status_code, 404)

    def test_nul_characters_are_refused_in_addresses_and_dropped_from_queries(self):
        """A NUL in an address is a 400; in a search or admin query it is dropped and the page shows."""
        editor = self.clients()["editor"]
        self.assertEqual(editor.get("/tag/a%00b/").status_code, 400)
        self.assertEqual(editor.get(f"/share/{self.share.token}%00/").status_code, 400)
        search = editor.get("/search/", QUERY_STRING="q=harb%00our")
        self.assertEqual(search.status_code, 200)
        self.assertEqual(search.context["query"], "harbour")
        changelist = editor.get("/admin/articles/article/", QUERY_STRING="q=%00")
        self.assertEqual(changelist.status_code, 200)

    def test_compare_with_absurd_revision_numbers_explains(self):
        """Comparing revisions that do not exist sends the editor back to the history with a message."""
        editor = self.clients()["editor"]
        url = f"/admin/articles/article/{self.article.pk}/history/compare/"
        for query in ["a=99999999999999999999&b=-1", "a=abc&b=", "a=1.5&b=1e3", ""]:
            with self.subTest(query=query):
                response = editor.get(url, QUERY_STRING=query, follow=True)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Choose two revisions to compare.")


class OversizedRequestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("rep")

    def setUp(self):
        self.client.force_login(self.reporter)

    def test_a_body_over_the_limit_is_refused_with_400(self):
        """A form post larger than the limit is refused with a 400, and nothing is saved."""
        from django.conf import settings

        huge = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
        response = self.client.post("/desk/new/", {"headline": "Huge", "body": huge})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Article.objects.filter(headline="Huge").exists())

    def test_too_many_fields_is_refused_with_400(self):
        """A post with more fields than any of our forms has is refused with a 400."""
        from django.conf import settings

        data = {f"f{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
        response = self.client.post("/desk/new/", {**data, "headline": "Many"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Article.objects.filter(headline="Many").exists())

    def test_too_many_files_is_refused_with_400(self):
        """A post carrying more files than the limit is refused with a 400."""
        from django.conf import settings

        files = {
            f"file{n}": factories.image_file(f"p{n}.jpg")
            for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
        }
        response = self.client.post("/desk/new/", {**files, "headline": "Files"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Article.objects.filter(headline="Files").exists())

    def test_a_huge_search_query_gets_a_friendly_message(self):
        """A 5000-character search gets a page saying how long a search may be."""
        response = self.client.get("/search/", {"q": "harbour " * 625})
        self.assertContains(response, "Search for at most 200 characters.")

    def test_a_huge_wire_copy_gets_a_form_error(self):
        """Wire copy over the importer's limit gets a form error, not a crash."""
        response = self.client.post("/desk/import/", {"wire_copy": "Lorem ipsum. " * 16_000})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Ensure this value has at most 200000 characters")
