import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.test import TestCase

from .work_pages import every_page_type, fetch

VNU = (
    Path(__file__).resolve().parent.parent
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)


class PageValidityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.pages = every_page_type()

    def test_every_page_type_is_valid_html(self):
        """Every public page and every page people work on passes the Nu HTML Checker with no errors."""
        if not VNU.exists() or not shutil.which("java"):
            self.fail(
                "The Nu HTML Checker is missing: `make install-dev` installs it (needs npm and Java)."
            )
        with tempfile.TemporaryDirectory() as folder:
            files = {}
            for page in self.pages:
                response = fetch(self.client, page)
                expected = (page.status,) if page.status else (200, 404, 410)
                self.assertIn(response.status_code, expected, page.name)
                path = Path(folder) / f"{page.name}.html"
                path.write_bytes(response.content)
                files[str(path)] = page.name
            result = subprocess.run(
                ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
                capture_output=True,
                text=True,
                timeout=180,
            )
        messages = json.loads(result.stderr or "{}").get("messages", [])
        problems = [
            f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}: {m['message']} (line {m.get('lastLine')})"
            for m in messages
        ]
        self.maxDiff = None
        self.assertEqual(problems, [])
