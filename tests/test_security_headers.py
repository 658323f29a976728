from django.conf import settings
from django.test import TestCase
from django.urls import reverse

from . import factories

POLICY_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb", "interest-cohort"]


class SecurityHeaderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("rep")
        cls.editor = factories.editor("ed")
        cls.article = factories.published()

    def urls(self):
        """Every kind of page: public HTML, XML, text, errors, desk and admin."""
        return [
            ("anonymous", reverse("articles:home")),
            ("anonymous", self.article.get_absolute_url()),
            ("anonymous", reverse("articles:search") + "?q=harbour"),
            ("anonymous", reverse("feed_latest_rss")),
            ("anonymous", reverse("sitemap")),
            ("anonymous", reverse("news_sitemap")),
            ("anonymous", reverse("robots_txt")),
            ("anonymous", "/no-such-section/"),
            ("anonymous", reverse("login")),
            ("anonymous", reverse("desk:home")),
            ("anonymous", reverse("admin:index")),
            ("reporter", reverse("desk:home")),
            ("reporter", reverse("desk:new")),
            ("editor", reverse("admin:index")),
            ("editor", reverse("admin:articles_article_change", args=[self.article.pk])),
        ]

    def get_as(self, who, url):
        self.client.logout()
        if who != "anonymous":
            self.client.force_login(getattr(self, who))
        return self.client.get(url)

    def test_every_response_turns_off_browser_features_we_never_use(self):
        """Every page tells the browser no camera, microphone, location, payment, USB or FLoC."""
        for who, url in self.urls():
            with self.subTest(who=who, url=url):
                policy = self.get_as(who, url)["Permissions-Policy"]
                for feature in POLICY_FEATURES:
                    self.assertIn(f"{feature}=()", policy)

    def test_every_page_refuses_framing_and_keeps_referrers_on_site(self):
        """No page can be framed by another site, and full addresses are not leaked to other sites."""
        self.assertEqual(settings.SECURE_REFERRER_POLICY, "same-origin")
        for who, url in self.urls():
            with self.subTest(who=who, url=url):
                response = self.get_as(who, url)
                self.assertEqual(response["Referrer-Policy"], "same-origin")
                self.assertEqual(response["X-Frame-Options"], "DENY")
                self.assertIn("frame-ancestors 'none'", response["Content-Security-Policy"])
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_static_files_and_refused_requests_carry_the_policy_too(self):
        """Static files and a refused (400) request carry the same browser policies."""
        for url in ["/static/css/site.css", "/tag/a%00b/"]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertIn("camera=()", response["Permissions-Policy"])
                self.assertEqual(response["Referrer-Policy"], "same-origin")
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_cached_pages_keep_the_headers(self):
        """A page answered from the shared cache carries the same security headers."""
        with self.settings(PAGE_CACHE_SECONDS=60):
            first = self.client.get(reverse("articles:home"))
            second = self.client.get(reverse("articles:home"))
        self.assertEqual(second.get("X-Cache"), "HIT", first.headers)
        for header in ["Permissions-Policy", "Referrer-Policy", "X-Frame-Options"]:
            self.assertEqual(second[header], first[header])


class SignedInCachePolicyTests(TestCase):
    """Pages made for a signed-in person say so to every cache: private, no-store on work in progress."""

    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("rep")
        cls.editor = factories.editor("ed")
        cls.article = factories.published()
        cls.article.tags.add(factories.TagFactory(name="Ferries"))
        cls.draft = factories.ArticleFactory(created_by=cls.reporter, authors=[cls.reporter.author])

    def pages(self):
        """(who, url, also no-store): every kind of page a signed-in person opens."""
        article, section = self.article, self.article.section
        author = article.authors.first()
        draft = self.draft.pk
        return [
            ("reporter", reverse("desk:home"), True),
            ("reporter", reverse("desk:new"), True),
            ("reporter", reverse("desk:edit", args=[draft]), True),
            ("reporter", reverse("desk:import"), True),
            ("reporter", reverse("desk:preview", args=[draft]), True),
            ("reporter", reverse("articles:home"), False),
            ("reporter", article.get_absolute_url(), False),
            ("reporter", section.get_absolute_url(), False),
            ("reporter", reverse("articles:tag", args=["ferries"]), False),
            ("reporter", author.get_absolute_url(), False),
            ("reporter", reverse("articles:search") + "?q=ferry", False),
            ("reporter", reverse("feed_latest_rss"), False),
            ("reporter", reverse("feed_latest_atom"), False),
            ("reporter", reverse("feed_section_rss", args=[section.slug]), False),
            ("reporter", reverse("feed_author_atom", args=[author.slug]), False),
            ("reporter", reverse("sitemap"), False),
            ("reporter", reverse("robots_txt"), False),
            ("reporter", "/no-such-section/", False),
            ("reporter", reverse("password_change"), False),
            ("reporter", reverse("password_change_done"), False),
            ("reporter", reverse("login"), False),  # Sends a signed-in person on: a 302.
            ("editor", reverse("admin:index"), True),
            ("editor", reverse("admin:articles_article_change", args=[article.pk]), True),
        ]

    def test_every_signed_in_page_is_private(self):
        """No page seen by a signed-in person may be kept by a shared cache, even one ignoring Vary."""
        for who, url, no_store in self.pages():
            with self.subTest(who=who, url=url):
                self.client.force_login(getattr(self, who))
                response = self.client.get(url)
                expected = {"/no-such-section/": 404, reverse("login"): 302}.get(url, 200)
                self.assertEqual(response.status_code, expected)
                policy = response.get("Cache-Control", "")
                self.assertIn("private", policy)
                self.assertNotIn("public", policy)
                if no_store:
                    self.assertIn("no-store", policy)

    def test_signing_in_is_private(self):
        """The response that signs someone in, and the page after it, are private."""
        signed_in = self.client.post(
            reverse("login"), {"username": "rep", "password": "pw-for-tests"}
        )
        self.assertEqual(signed_in.status_code, 302)
        self.assertIn("private", signed_in["Cache-Control"])
        self.assertIn("private", self.client.get(signed_in["Location"])["Cache-Control"])

    def test_anonymous_pages_stay_public(self):
        """Readers without a session still get pages shared caches may keep."""
        with self.settings(PAGE_CACHE_SECONDS=60):
            response = self.client.get(reverse("articles:home"))
        self.assertIn("public", response["Cache-Control"])
        self.assertNotIn("private", response["Cache-Control"])
