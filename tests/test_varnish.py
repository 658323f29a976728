"""The Varnish front as `make serve-varnish` runs it: pages kept until the app purges what changed.

deploy/edge.sh (FRONT=varnish) starts Varnish with deploy/varnish.vcl before
`make serve`, over a database, cache and media of the test's own, with the
demo content. Changes are made by a command run beside the app, as an editor's
request on another server would make them.
"""

import glob
import html
import http.client
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .test_edge import ROOT, FrontTestCase


def varnish_available():
    """Varnish with the xkey module is installed, or deploy/edge.sh can install it."""
    installed = shutil.which("varnishd") or Path("/usr/sbin/varnishd").exists()
    xkey = glob.glob("/usr/lib/*/varnish/vmods/libvmod_xkey.so")
    return bool(installed and xkey) or (os.geteuid() == 0 and shutil.which("apt-get"))


class VarnishFrontTests(FrontTestCase):
    FRONT = "varnish"

    @classmethod
    def available(cls):
        return varnish_available()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A command run beside the app uses its cache and tells Varnish, as the app does.
        redis_url = cls.tmp / "edge" / "redis.url"
        if redis_url.exists():
            cls.env["REDIS_URL"] = redis_url.read_text().strip()
        cls.env["EDGE_PURGE_URLS"] = f"http://127.0.0.1:{cls.port}/"

    def get(self, path):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode()
        finally:
            connection.close()

    def newsroom(self, code):
        """Run ``code`` in the app's own environment (its database and cache); return its output."""
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
            cwd=ROOT,
            env={**self.env, "DEBUG": "1"},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        self.assertEqual(done.returncode, 0, done.stderr)
        return done.stdout.strip()

    def until(self, path, predicate, seconds=1.0):
        """The page at ``path`` once ``predicate`` holds for it, fetched again for up to ``seconds``."""
        deadline = time.monotonic() + seconds
        while True:
            page = self.get(path)
            if predicate(page) or time.monotonic() > deadline:
                return page
            time.sleep(0.05)

    def test_a_publish_shows_within_a_second_and_other_pages_stay_at_the_edge(self):
        """Through Varnish, a publish reaches the front page within 1 s; an unrelated piece stays kept."""
        piece = self.newsroom(
            "from articles.models import Article;"
            "p = Article.objects.filter(state='in_review').order_by('pk').first();"
            "print(p.pk, p.headline, sep='|')"
        )
        pk, headline = piece.split("|")
        headline = html.escape(headline)
        unrelated = self.newsroom(
            "from articles.models import Article;"
            f"s = Article.objects.get(pk={pk}).section_id;"
            "print(Article.objects.published().exclude(section=s)"
            ".order_by('pk').first().get_absolute_url())"
        )
        for path in ("/", unrelated):
            self.get(path)
            status, headers, _ = self.get(path)
            self.assertEqual((status, headers.get("X-Edge")), (200, "HIT"), path)
        self.assertNotIn("xkey", {name.lower() for name in headers})

        self.newsroom(
            "from django.contrib.auth import get_user_model; from articles import workflow;"
            "from articles.models import Article;"
            f"workflow.transition(Article.objects.get(pk={pk}), 'publish',"
            " by=get_user_model().objects.get(username='editor'))"
        )
        status, _, body = self.until("/", lambda page: headline in page[2])
        self.assertTrue(headline in body, "the published piece is not on the front page after 1 s")
        self.assertEqual(self.get(unrelated)[1].get("X-Edge"), "HIT")

        url = self.newsroom(
            f"from articles.models import Article; print(Article.objects.get(pk={pk}).get_absolute_url())"
        )
        self.assertEqual(self.get(url)[0], 200)
        self.assertEqual(self.get(url)[1].get("X-Edge"), "HIT")
        self.newsroom(
            "from django.contrib.auth import get_user_model; from articles import workflow;"
            "from articles.models import Article;"
            f"workflow.transition(Article.objects.get(pk={pk}), 'withdraw', note='Legal.',"
            " public_reason='Legal advice.', by=get_user_model().objects.get(username='editor'))"
        )
        self.assertEqual(self.until(url, lambda page: page[0] == 410)[0], 410)
        front = self.until("/", lambda page: headline not in page[2])[2]
        self.assertFalse(
            headline in front, "the withdrawn piece is still on the front page after 1 s"
        )
