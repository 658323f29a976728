import os
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent


def start_django(**env):
    """Import the production settings in a fresh interpreter with ``env``; return the process."""
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(env, DJANGO_SETTINGS_MODULE="newsroom.settings")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
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
        result = start_django(DEBUG="0", SECRET_KEY="x" * 60, ALLOWED_HOSTS="news.example")
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_debug_runs_without_a_secret_key(self):
        """On a laptop with DEBUG on, no configuration is needed."""
        result = start_django(DEBUG="1")
        self.assertEqual(result.returncode, 0, result.stderr)
