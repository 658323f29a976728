import os
import re
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKE = shutil.which("make")


@unittest.skipIf(MAKE is None, "make is not installed")
class MakefileTests(unittest.TestCase):
    def make(self, *args, path=None):
        env = {**os.environ, "PATH": path} if path else None
        return subprocess.run(
            [MAKE, "--no-print-directory", "-s", "-C", str(ROOT), *args],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )

    def test_make_help_lists_every_target_with_one_line(self):
        """`make help` names every target `make` knows as phony, each with a line saying what it does."""
        makefile = (ROOT / "Makefile").read_text()
        phony = set(re.search(r"^\.PHONY:(.*)$", makefile, re.MULTILINE).group(1).split())
        listed = {}
        for line in self.make("help").stdout.splitlines():
            target, _, what = line.strip().partition(" ")
            listed[target] = what.strip()
        self.assertEqual(set(listed), phony)
        self.assertEqual([t for t, what in listed.items() if not what], [])

    def test_without_java_and_npm_make_test_stops_at_once_saying_what_to_install(self):
        """On a machine without Java and npm, `make test` stops first with the line to run."""
        with tempfile.TemporaryDirectory() as bare:
            # Nothing on the PATH but make itself.
            os.symlink(MAKE, Path(bare) / "make")
            result = self.make("test", path=bare)
        self.assertNotEqual(result.returncode, 0)
        self.assertEqual(
            result.stderr.splitlines()[0],
            "Missing: java npm. make test needs Java and npm: "
            "on Debian or Ubuntu, sudo apt-get install default-jre-headless nodejs npm",
        )
        self.assertEqual(result.stdout, "")
