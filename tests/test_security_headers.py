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
