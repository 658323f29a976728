import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent


class SoakTests(SimpleTestCase):
    def test_short_soak_has_no_server_errors_and_loses_no_save(self):
        """Fifteen seconds of readers, reporters and an editor on gunicorn: no 5xx, no lost save."""
        completed = subprocess.run(
            [sys.executable, "-m", "bench.soak", "--seconds", "15", "--readers", "2"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        report = completed.stdout + completed.stderr[-3000:]
        self.assertEqual(completed.returncode, 0, report)
        self.assertIn("server errors  0", completed.stdout)
        self.assertIn(" 0 lost", completed.stdout)
