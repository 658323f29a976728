"""The project's packages depend on each other in one direction only."""

import ast
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

ROOT = Path(settings.BASE_DIR)
PACKAGES = sorted(
    path.parent.name
    for path in ROOT.glob("*/__init__.py")
    if path.parent.name not in {"tests", "node_modules", "static", "templates"}
)


def imported_packages(path):
    """The first-party packages ``path`` imports, at module level or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names)
    return found & set(PACKAGES)


def package_graph():
    """``{package: {packages it imports}}`` over every first-party module but migrations."""
    graph = {package: set() for package in PACKAGES}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                graph[package] |= imported_packages(path) - {package}
    return graph


class PackageLayoutTests(SimpleTestCase):
    def test_no_import_cycles_between_packages(self):
        """No package imports one that imports it back, directly or through others."""
        graph = package_graph()

        def reaches(start, goal, seen=()):
            return any(
                nxt == goal or (nxt not in seen and reaches(nxt, goal, (*seen, nxt)))
                for nxt in graph[start]
            )

        cycles = [package for package in PACKAGES if reaches(package, package)]
        self.assertEqual(cycles, [], f"import cycles through: {cycles}; graph: {graph}")

    def test_production_code_does_not_import_the_benchmarks(self):
        """Only the benchmarks themselves import bench/."""
        users = [package for package, imports in package_graph().items() if "bench" in imports]
        self.assertEqual(users, [])

    def test_authors_is_the_lowest_layer(self):
        """The Author model stands alone: authors imports no other package of ours."""
        self.assertEqual(package_graph()["authors"], set())
