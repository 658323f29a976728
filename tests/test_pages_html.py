import json
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
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


class References(HTMLParser):
    """The ids on a page, and the ids its aria-describedby / aria-labelledby / aria-controls name."""

    ATTRIBUTES = ("aria-describedby", "aria-labelledby", "aria-controls")

    def __init__(self):
        super().__init__()
        self.ids, self.named = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in self.ATTRIBUTES:
            for ref in (attrs.get(name) or "").split():
                self.named.append((tag, name, ref))


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

    def test_every_described_by_names_an_element_on_the_page(self):
        """A screen reader reads each field's error and help: every aria id reference is on the page."""
        missing = []
        for page in self.pages:
            parser = References()
            parser.feed(fetch(self.client, page).content.decode())
            missing += [
                f"{page.name}: <{tag} {name}> names #{ref}"
                for tag, name, ref in parser.named
                # The admin's inline template row (__prefix__) is Django's, never shown as such.
                if ref not in parser.ids and "__prefix__" not in ref
            ]
        self.assertEqual(missing, [])
