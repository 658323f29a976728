"""Two real app servers sharing PostgreSQL and Redis: a publish on one is fresh on the other.

Each server is gunicorn with production settings (DEBUG off, the page cache
on, REDIS_URL set), as `make serve` runs it, over the test database; the test
data is committed (TransactionTestCase) so the servers see it.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.test import TransactionTestCase
from django.urls import reverse

from . import factories

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TWO_SERVERS_REDIS_URL", "redis://127.0.0.1:6379/11")
PASSWORD = "pw-for-tests"

# Production settings except for static file names: the servers run without
# a collectstatic, and this test reads pages, not stylesheets.
SERVER_SETTINGS = """
from newsroom.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    """The URL of the test database this process uses."""
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "")
    password = urllib.parse.quote(db["PASSWORD"] or "")
    host = db["HOST"] or "localhost"
    port = db["PORT"] or "5432"
    return f"postgres://{user}:{password}@{host}:{port}/{db['NAME']}"


class Server:
    """One gunicorn process serving the app on a port of its own."""

    def __init__(self, settings_dir, media_dir):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        environment.update(
            DJANGO_SETTINGS_MODULE="two_server_settings",
            PYTHONPATH=os.pathsep.join([settings_dir, str(ROOT)]),
            DEBUG="0",
            SECRET_KEY="two-servers-test-" + "x" * 40,
            ALLOWED_HOSTS="127.0.0.1",
            SITE_URL=self.url,
            SECURE_SSL_REDIRECT="0",
            SECURE_COOKIES="0",
            SECURE_HSTS_SECONDS="0",
            DATABASE_URL=database_url(),
            CONN_MAX_AGE="0",
            REDIS_URL=REDIS_URL,
            PAGE_CACHE_SECONDS="300",
            MEDIA_ROOT=media_dir,
            LOG_LEVEL="WARNING",
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "newsroom.wsgi:application"]
            + ["--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--log-level", "warning"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    def wait_until_ready(self, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"The server on {self.url} stopped:\n{self.process.stderr.read()}"
                )
            try:
                urllib.request.urlopen(f"{self.url}/robots.txt", timeout=seconds).close()
                return
            except OSError:  # Refused until gunicorn listens.
                time.sleep(0.1)
        raise AssertionError(f"The server on {self.url} did not answer within {seconds} s.")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        self.process.stderr.close()

    def get(self, path):
        """An anonymous GET: (status, X-Cache, body)."""
        with urllib.request.urlopen(f"{self.url}{path}", timeout=10) as response:
            return response.status, response.headers.get("X-Cache"), response.read().decode()


class Browser:
    """A signed-in user's cookie jar against one server."""

    def __init__(self, server):
        self.server = server
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def open(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        with self.opener.open(f"{self.server.url}{path}", body, timeout=10) as response:
            return response.read().decode()

    def csrf_token(self, html):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def sign_in(self, username):
        page = self.open(reverse("login"))
        token = self.csrf_token(page)
        self.open(
            reverse("login"),
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        )

    def press(self, article, button):
        """Open the article's admin page and press a workflow button; return the page shown."""
        page = self.open(reverse("admin:articles_article_change", args=[article.pk]))
        return self.open(
            reverse("admin:articles_article_transition", args=[article.pk]),
            {"csrfmiddlewaretoken": self.csrf_token(page), "transition": button, "note": ""},
        )


class TwoServerFreshnessTests(TransactionTestCase):
    def setUp(self):
        if connection.vendor != "postgresql":
            self.skipTest("needs PostgreSQL shared by two servers: set DATABASE_URL=postgres://…")
        self.redis = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        try:
            self.redis.flushdb()
        except redis.RedisError as exc:
            self.skipTest(f"needs Redis at {REDIS_URL}: {exc}")
        self.addCleanup(self.redis.flushdb)
        settings_dir = self.enterContext(tempfile.TemporaryDirectory())
        Path(settings_dir, "two_server_settings.py").write_text(textwrap.dedent(SERVER_SETTINGS))
        media_dir = self.enterContext(tempfile.TemporaryDirectory())
        self.a = Server(settings_dir, media_dir)
        self.addCleanup(self.a.stop)
        self.b = Server(settings_dir, media_dir)
        self.addCleanup(self.b.stop)

    def test_a_publish_on_one_server_shows_on_the_other_within_a_second(self):
        """An editor publishes on server A; a reader of server B sees the piece within a second."""
        editor = factories.editor()
        # The servers know production's password hashers, not the tests' fast one.
        hasher = PBKDF2PasswordHasher()
        editor.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
        editor.save(update_fields=["password"])
        section = factories.SectionFactory(name="Harbour")
        factories.published(headline="Ferry strike ends", section=section)
        piece = factories.submitted(headline="Bridge to the islands reopens", section=section)
        self.a.wait_until_ready()
        self.b.wait_until_ready()

        home = reverse("articles:home")
        for server in (self.a, self.b):
            server.get(home)
            status, x_cache, body = server.get(home)
            self.assertEqual((status, x_cache), (200, "HIT"))
            self.assertIn("Ferry strike ends", body)
            self.assertNotIn("Bridge to the islands reopens", body)

        browser = Browser(self.a)
        browser.sign_in("editor")
        page = browser.press(piece, "publish")
        self.assertIn("is now published", page)
        published_at = time.monotonic()

        # Counted to when the request that shows the piece was sent, so a slow
        # machine rendering the fresh page does not count against freshness.
        while True:
            sent = time.monotonic() - published_at
            self.assertLess(sent, 1.0, "Server B still serves the old front page.")
            status, x_cache, body = self.b.get(home)
            if "Bridge to the islands reopens" in body:
                break
            time.sleep(0.05)
        self.assertEqual((status, x_cache), (200, "MISS"))
