"""The site keeps working when Redis (the shared cache) is unreachable, and recovers."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import redis
from django.contrib.messages import get_messages
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse

from articles import cache as page_cache
from articles import workflow
from ops.cache import reset_health

from . import factories

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    """A local TCP port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_caches(port, credentials="", retry_after=0, **options):
    """The production cache settings (newsroom.settings) for a Redis on ``port``."""
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://{credentials}127.0.0.1:{port}/0",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.5,
                "REDIS_CLIENT_CLASS": "ops.cache.GuardedRedis",
                "REDIS_CLIENT_KWARGS": {
                    "retry_after": retry_after,
                    "on_reconnect": "articles.cache.bump",
                },
                **options,
            },
        }
    }


def start_redis(test, port, *options):
    """Start a Redis server of the test's own on ``port``; it stops when the test ends."""
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
        + ["--save", "", "--appendonly", "no", *options],
        stdout=subprocess.DEVNULL,
    )
    test.addCleanup(server.wait, 10)
    test.addCleanup(server.terminate)
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            return client
        except redis.ConnectionError:
            time.sleep(0.05)
    test.fail("The test's Redis server did not start.")


class RedisDownTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor()
        cls.section = factories.SectionFactory(name="Harbour")
        cls.live = factories.published(headline="Ferry strike ends", section=cls.section)
        cls.in_review = factories.submitted(headline="Bridge reopens", section=cls.section)

    def setUp(self):
        reset_health()
        self.enterContext(
            override_settings(CACHES=redis_caches(free_port()), PAGE_CACHE_SECONDS=300)
        )

    def test_public_pages_are_served_while_redis_is_down(self):
        """Readers still get every public page, uncached, when Redis does not answer."""
        with self.assertLogs("ops.cache", "WARNING"):
            for url in [
                reverse("articles:home"),
                self.live.get_absolute_url(),
                self.section.get_absolute_url(),
            ]:
                with self.subTest(url=url):
                    response = self.client.get(url)
                    self.assertContains(response, "Ferry strike ends")
                    self.assertEqual(response["X-Cache"], "MISS")

    def test_an_editor_can_publish_while_redis_is_down(self):
        """Publishing from the admin succeeds, and readers see the piece, with Redis down."""
        self.client.force_login(self.editor)
        url = reverse("admin:articles_article_transition", args=[self.in_review.pk])
        with (
            self.assertLogs("ops.cache", "WARNING"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            response = self.client.post(url, {"transition": "publish", "note": ""})
        self.assertEqual(response.status_code, 302)
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertEqual(messages, ["“Bridge reopens” is now published."])
        self.client.logout()
        self.assertContains(self.client.get(reverse("articles:home")), "Bridge reopens")

    def test_an_outage_is_logged_once_not_per_request(self):
        """Many requests during an outage leave one warning in the log, not one each."""
        with self.assertLogs("ops.cache", "WARNING") as logs:
            for _ in range(25):
                self.assertEqual(self.client.get(reverse("articles:home")).status_code, 200)
        self.assertEqual(len(logs.records), 1, logs.output)
        self.assertIn("is unreachable", logs.output[0])
        self.assertIn("pages are served uncached", logs.output[0])

    def test_a_long_outage_is_reported_again_without_the_password(self):
        """A lasting outage is reported once per interval with a count, never showing the password."""
        caches = redis_caches(free_port(), credentials=":s3cret@")
        clock = [1000.0]
        with (
            self.settings(CACHES=caches),
            mock.patch("ops.cache.time.monotonic", lambda: clock[0]),
            self.assertLogs("ops.cache", "WARNING") as logs,
        ):
            for _ in range(10):
                self.client.get(reverse("articles:home"))
            clock[0] += 61
            self.client.get(reverse("articles:home"))
        self.assertEqual(len(logs.records), 2, logs.output)
        self.assertRegex(logs.output[1], r"still unreachable .*: \d+ failed calls")
        self.assertNotIn("s3cret", "\n".join(logs.output))


class RedisHangsTests(TestCase):
    """Against a server that accepts connections and never answers, as a hung Redis does."""

    @classmethod
    def setUpTestData(cls):
        cls.live = factories.published(headline="Ferry strike ends")

    def setUp(self):
        reset_health()
        hung = socket.socket()
        self.addCleanup(hung.close)
        hung.bind(("127.0.0.1", 0))
        hung.listen(100)
        caches = redis_caches(hung.getsockname()[1], retry_after=30, SOCKET_TIMEOUT=0.5)
        self.enterContext(override_settings(CACHES=caches, PAGE_CACHE_SECONDS=300))

    def test_only_the_first_call_waits_for_a_hung_redis(self):
        """One cache call waits for the timeout; the pages after it are served without waiting."""
        home = reverse("articles:home")
        with self.assertLogs("ops.cache", "WARNING"):
            self.assertContains(self.client.get(home), "Ferry strike ends")
            started = time.monotonic()
            for _ in range(5):
                self.assertContains(self.client.get(home), "Ferry strike ends")
        # Waiting on each call would take 0.5 s a call, several calls a page.
        self.assertLess(time.monotonic() - started, 2.5)


class RedisRecoveryTests(TestCase):
    """Against a Redis server of the test's own, stopped and started at will."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor()
        cls.live = factories.published(headline="Ferry strike ends")
        cls.in_review = factories.submitted(headline="Bridge reopens")

    def setUp(self):
        if shutil.which("redis-server") is None:
            self.skipTest("redis-server is not installed, so Redis cannot be started here")
        reset_health()
        self.port = free_port()
        self.enterContext(
            override_settings(
                CACHES=redis_caches(self.port, retry_after=0.1, SOCKET_TIMEOUT=0.2),
                PAGE_CACHE_SECONDS=300,
            )
        )

    def start_redis(self):
        return start_redis(self, self.port)

    def home(self):
        response = self.client.get(reverse("articles:home"))
        self.assertEqual(response.status_code, 200)
        return response

    def test_caching_resumes_when_redis_comes_back(self):
        """Once Redis answers again, pages are cached again, and the recovery is logged."""
        with self.assertLogs("ops.cache", "WARNING") as logs:
            self.assertEqual(self.home()["X-Cache"], "MISS")
            self.assertEqual(self.home()["X-Cache"], "MISS")
            self.start_redis()
            time.sleep(0.15)
            self.assertEqual(self.home()["X-Cache"], "MISS")
            self.assertEqual(self.home()["X-Cache"], "HIT")
        self.assertIn("answers again", logs.output[-1])

    def test_a_piece_published_during_an_outage_shows_once_redis_is_back(self):
        """Pages cached before an outage are not served after it when a publish happened meanwhile."""
        client = self.start_redis()
        self.home()
        self.assertEqual(self.home()["X-Cache"], "HIT")
        # Redis holds every command for a second: the cache is unreachable, its data intact.
        client.execute_command("CLIENT", "PAUSE", 1000, "ALL")
        paused_at = time.monotonic()
        with self.assertLogs("ops.cache", "WARNING"):
            with self.captureOnCommitCallbacks(execute=True):
                workflow.transition(self.in_review, "publish", by=self.editor)
            time.sleep(max(0, 1.1 - (time.monotonic() - paused_at)))
            response = self.home()
        self.assertContains(response, "Bridge reopens")


class RedisFullTests(TestCase):
    """A full Redis (maxmemory reached, no eviction) refuses writes but is not down."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor()
        cls.live = factories.published(headline="Ferry strike ends")
        cls.in_review = factories.submitted(headline="Bridge reopens")

    def setUp(self):
        if shutil.which("redis-server") is None:
            self.skipTest("redis-server is not installed, so Redis cannot be started here")
        reset_health()
        self.port = free_port()
        self.redis = start_redis(self, self.port, "--maxmemory-policy", "noeviction")

    def caches(self, retry_after):
        return override_settings(
            CACHES=redis_caches(self.port, retry_after=retry_after), PAGE_CACHE_SECONDS=300
        )

    def fill_up(self):
        """From now on Redis refuses every write that needs memory, as a full Redis does."""
        self.redis.config_set("maxmemory", 1)
        with self.assertRaises(redis.exceptions.OutOfMemoryError):
            self.redis.set("newsroom:test:probe", "x")

    def home(self):
        return self.client.get(reverse("articles:home"))

    def test_a_full_redis_keeps_serving_cached_pages(self):
        """A page Redis cannot store is served anyway, and pages already stored are still hits."""
        with self.caches(retry_after=30):
            self.home()
            self.assertEqual(self.home()["X-Cache"], "HIT")
            self.fill_up()
            with self.assertLogs("ops.cache", "WARNING") as logs:
                search = self.client.get(reverse("articles:search") + "?q=ferry")
            self.assertContains(search, "Ferry strike ends")
            self.assertEqual(self.home()["X-Cache"], "HIT")
        self.assertEqual(len(logs.records), 1, logs.output)
        self.assertIn("is full", logs.output[0])
        self.assertIn("allkeys-lru", logs.output[0])
        self.assertNotIn("unreachable", logs.output[0])

    def test_a_publish_shows_while_redis_is_full(self):
        """A piece published while Redis refuses writes shows at once, and caching resumes after."""
        with self.caches(retry_after=0):
            self.home()
            self.assertEqual(self.home()["X-Cache"], "HIT")
            self.fill_up()
            with self.assertLogs("ops.cache", "WARNING"):
                with self.captureOnCommitCallbacks(execute=True):
                    workflow.transition(self.in_review, "publish", by=self.editor)
                self.assertContains(self.home(), "Bridge reopens")
            self.redis.config_set("maxmemory", 0)
            self.assertEqual(self.home()["X-Cache"], "MISS")
            self.assertEqual(self.home()["X-Cache"], "HIT")


class PrimaryAndReplicaTests(TestCase):
    def test_writes_go_to_the_primary(self):
        """With a primary and a replica configured, pages and the generation are written to the primary."""
        if shutil.which("redis-server") is None:
            self.skipTest("redis-server is not installed, so Redis cannot be started here")
        reset_health()
        primary_port, replica_port = free_port(), free_port()
        primary = start_redis(self, primary_port)
        replica = start_redis(self, replica_port)
        caches = redis_caches(primary_port)
        caches["default"]["LOCATION"] = [
            f"redis://127.0.0.1:{primary_port}/0",
            f"redis://127.0.0.1:{replica_port}/0",
        ]
        factories.published(headline="Ferry strike ends")
        with self.settings(CACHES=caches, PAGE_CACHE_SECONDS=300):
            self.client.get(reverse("articles:home"))
            page_cache.bump()
        self.assertGreaterEqual(primary.dbsize(), 2)
        self.assertEqual(replica.dbsize(), 0)


class ProductionSettingsTests(SimpleTestCase):
    def test_production_settings_survive_an_unreachable_redis(self):
        """With REDIS_URL pointing at nothing, the app reads and bumps the generation without error."""
        environment = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
        environment.update(
            DEBUG="1",
            DJANGO_SETTINGS_MODULE="newsroom.settings",
            REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",
        )
        code = (
            "import django; django.setup()\n"
            "from articles import cache\n"
            "cache.bump(); print('generation', cache.generation())"
        )
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertRegex(result.stdout, r"generation \d+")
        self.assertEqual(result.stderr.count("is unreachable"), 1, result.stderr)
