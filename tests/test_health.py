from unittest import mock

from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import TestCase, override_settings

from articles import cache as page_cache


def broken_cursor(*args, **kwargs):
    raise OperationalError("could not connect to server: Connection refused")


class HealthzTests(TestCase):
    def test_healthz_says_ok_without_touching_the_database(self):
        """A load balancer asking /healthz gets 200 "ok" and the database is not asked."""
        with self.assertNumQueries(0):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"ok")

    def test_healthz_answers_while_the_database_is_down(self):
        """/healthz still says ok when the database is unreachable: the process is up."""
        with mock.patch.object(connection, "cursor", side_effect=broken_cursor):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)

    def test_health_checks_are_never_cached_and_set_no_cookie(self):
        """Neither check is cached by the page cache or a proxy, and neither sets a cookie."""
        for url in ["/healthz", "/readyz"]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertIn("no-store", response["Cache-Control"])
                self.assertNotIn("X-Cache", response)
                self.assertEqual(response.cookies, {})
                self.assertIn("noindex", response["X-Robots-Tag"])

    @override_settings(PAGE_CACHE_SECONDS=300)
    def test_page_cache_never_answers_for_the_checks(self):
        """With the page cache on, a second /readyz is still checked live, not served cached."""
        cache.clear()
        self.client.get("/readyz")
        with mock.patch.object(connection, "cursor", side_effect=broken_cursor):
            response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        self.assertNotIn("X-Cache", response)

    def test_checks_are_not_listed_for_crawlers(self):
        """robots.txt and the sitemap do not mention the health checks."""
        for url in ["/robots.txt", "/sitemap.xml"]:
            with self.subTest(url=url):
                self.assertNotContains(self.client.get(url), "healthz")
                self.assertNotContains(self.client.get(url), "readyz")

    @override_settings(SECURE_SSL_REDIRECT=True)
    def test_checks_answer_over_plain_http_when_https_is_enforced(self):
        """A probe over plain HTTP gets its answer, not a redirect that would count as healthy."""
        self.assertEqual(self.client.get("/healthz").status_code, 200)
        self.assertEqual(self.client.get("/readyz").status_code, 200)
        self.assertEqual(self.client.get("/").status_code, 301)

    def test_posting_to_a_check_is_refused(self):
        """Only GET and HEAD are answered: a POST gets 405."""
        self.assertEqual(self.client.post("/healthz").status_code, 405)
        self.assertEqual(self.client.head("/readyz").status_code, 200)


class ReadyzTests(TestCase):
    def test_ready_when_database_and_cache_answer(self):
        """/readyz answers 200 with the status of the database and the cache."""
        response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.json(), {"database": "ok", "cache": "ok", "worker": "not running"}
        )

    def test_database_down_is_503_naming_the_database(self):
        """With the database unreachable, /readyz answers 503 and says the database failed."""
        with (
            mock.patch.object(connection, "cursor", side_effect=broken_cursor),
            self.assertLogs("ops.health", "ERROR"),
        ):
            response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(
            response.json(), {"database": "unavailable", "cache": "ok", "worker": "unknown"}
        )
        self.assertNotContains(response, "Connection refused", status_code=503)

    def test_cache_down_is_503_naming_the_cache(self):
        """With the cache unreachable, /readyz answers 503 and says the cache failed."""
        with (
            mock.patch.object(cache, "set", side_effect=ConnectionError("Redis refused")),
            self.assertLogs("ops.health", "ERROR"),
        ):
            response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(
            response.json(), {"database": "ok", "cache": "unavailable", "worker": "not running"}
        )

    def test_cache_that_loses_values_is_not_ready(self):
        """A cache that accepts values but returns nothing counts as unavailable."""
        with (
            mock.patch.object(cache, "get", return_value=None),
            self.assertLogs("ops.health", "WARNING"),
        ):
            response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["cache"], "unavailable")

    @override_settings(PAGE_CACHE_SECONDS=300)
    def test_cache_down_with_page_cache_on_still_answers_503(self):
        """Even with the page cache on, a dead cache gives /readyz's 503, not a server error."""
        with (
            mock.patch.object(cache, "get", side_effect=ConnectionError("Redis refused")),
            mock.patch.object(cache, "set", side_effect=ConnectionError("Redis refused")),
            mock.patch.object(page_cache, "generation", side_effect=ConnectionError("no")),
            self.assertLogs("ops.health", "ERROR"),
        ):
            response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["cache"], "unavailable")
