import os
import subprocess
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from newsroom.settings import site_origin

ROOT = Path(__file__).resolve().parent.parent


def start_django(**env):
    """Import the production settings in a fresh interpreter with ``env``; return the process.

    The process prints the SITE_URL it settled on.
    """
    unset = {"SECRET_KEY", "DEBUG", "SITE_URL"}
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env, DJANGO_SETTINGS_MODULE="newsroom.settings")
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


class ProductionSettingsTests(SimpleTestCase):
    def test_refuses_to_start_without_secret_key_when_debug_is_off(self):
        """With DEBUG off and no SECRET_KEY, start-up fails with a clear message."""
        result = start_django(DEBUG="0")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ImproperlyConfigured", result.stderr)
        self.assertIn("SECRET_KEY is not set", result.stderr)

    def test_starts_with_a_secret_key(self):
        """With a SECRET_KEY set, production settings load."""
        result = start_django(
            DEBUG="0",
            SECRET_KEY="x" * 60,
            ALLOWED_HOSTS="news.example",
            SITE_URL="https://news.example",
        )
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_debug_runs_without_a_secret_key(self):
        """On a laptop with DEBUG on, no configuration is needed."""
        result = start_django(DEBUG="1")
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_debug_serves_absolute_urls_on_the_development_server(self):
        """On a laptop, absolute URLs name the address `make run` serves."""
        result = start_django(DEBUG="1")
        self.assertEqual(result.stdout.strip(), "http://127.0.0.1:8000")


class SiteUrlSettingsTests(SimpleTestCase):
    production = {"DEBUG": "0", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "news.example.org"}

    def test_refuses_to_start_without_site_url_when_debug_is_off(self):
        """With DEBUG off and no SITE_URL, start-up fails with a clear message."""
        result = start_django(**self.production)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ImproperlyConfigured", result.stderr)
        self.assertIn("SITE_URL is not set", result.stderr)

    def test_refuses_a_site_url_that_is_not_an_origin(self):
        """A SITE_URL without scheme or host, or with a path or query, stops start-up and says why."""
        for value in (
            "news.example.org",
            "//news.example.org",
            "https://",
            "ftp://news.example.org",
            "https://news.example.org/news",
            "https://news.example.org?edition=uk",
            "https://news.example.org#top",
            "https://editor@news.example.org",
            "https://news.example.org:port",
        ):
            with (
                self.subTest(value),
                self.assertRaisesMessage(ImproperlyConfigured, "SITE_URL must be"),
            ):
                site_origin(value)
        result = start_django(**self.production, SITE_URL="https://news.example.org/news")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SITE_URL must be the site's origin", result.stderr)

    def test_a_trailing_slash_is_dropped(self):
        """SITE_URL may end in a slash; links never get a double one."""
        result = start_django(**self.production, SITE_URL="https://news.example.org:8443/")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), "https://news.example.org:8443")


class HttpsRedirectHostTests(SimpleTestCase):
    def test_the_https_redirect_goes_to_the_configured_host(self):
        """A plain-HTTP request with a forged Host is redirected to SITE_URL's host, not the forged one."""
        environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SITE_URL"}}
        environment.update(
            DJANGO_SETTINGS_MODULE="newsroom.settings",
            DEBUG="0",
            SECRET_KEY="x" * 50,
            SITE_URL="https://news.example.org:8443",
            ALLOWED_HOSTS="news.example.org,127.0.0.1",
        )
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "import django; django.setup(); from django.test import Client; "
                "r = Client().get('/robots.txt', HTTP_HOST='127.0.0.1:6666'); "
                "print(r.status_code, r['Location'])",
            ],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(
            result.stdout.split()[-2:], ["301", "https://news.example.org:8443/robots.txt"]
        )
