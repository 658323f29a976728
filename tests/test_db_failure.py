import json
import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from unittest import mock

from django.db import InterfaceError, OperationalError, ProgrammingError, connection
from django.test import TestCase, override_settings
from django.urls import reverse

from . import factories

ROOT = Path(__file__).resolve().parent.parent

DOWN = OperationalError("could not connect to server: Connection refused")


def free_port():
    """A local TCP port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DatabaseUnavailablePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("rita")
        cls.article = factories.ArticleFactory(created_by=cls.reporter)

    def test_reader_gets_a_short_friendly_503_at_once(self):
        """A reader arriving while the database is down sees a short "back in a moment" page."""
        started = time.monotonic()
        with (
            mock.patch("articles.views.public.HomeView.get_queryset", side_effect=DOWN),
            self.assertLogs("ops.middleware", "ERROR"),
        ):
            response = self.client.get(reverse("articles:home"))
        self.assertLess(time.monotonic() - started, 2)
        self.assertContains(response, "We will be back in a moment", status_code=503)
        self.assertNotContains(response, "Traceback", status_code=503)
        self.assertNotContains(response, "Connection refused", status_code=503)
        self.assertEqual(response["Retry-After"], "30")
        self.assertIn("no-store", response["Cache-Control"])

    @override_settings(PAGE_CACHE_SECONDS=300)
    def test_site_recovers_by_itself_and_never_caches_the_503(self):
        """Once the database is back the next request gets the real page, not a cached 503."""
        with (
            mock.patch("articles.views.public.HomeView.get_queryset", side_effect=DOWN),
            self.assertLogs("ops.middleware", "ERROR"),
        ):
            self.assertEqual(self.client.get(reverse("articles:home")).status_code, 503)
        response = self.client.get(reverse("articles:home"))
        self.assertEqual(response.status_code, 200)

    def test_lost_connection_during_a_desk_save_is_a_503(self):
        """A reporter whose save meets a dropped connection gets the 503 page, not a crash."""
        self.client.force_login(self.reporter)
        with (
            mock.patch(
                "articles.editing.save",
                side_effect=InterfaceError("connection already closed"),
            ),
            self.assertLogs("ops.middleware", "ERROR"),
        ):
            response = self.client.post(
                reverse("desk:edit", args=[self.article.pk]),
                {"headline": "Ferry fares frozen", "action": "save"},
            )
        self.assertContains(response, "We will be back in a moment", status_code=503)

    def test_programming_errors_are_not_hidden_as_503(self):
        """A bug (not an outage) still reaches the error page and the logs as a 500."""
        with (
            mock.patch(
                "articles.views.public.HomeView.get_queryset",
                side_effect=ProgrammingError("no such column"),
            ),
            self.assertRaises(ProgrammingError),
        ):
            self.client.get(reverse("articles:home"))


SCRIPT = textwrap.dedent(
    """
    import json, os, socket, sys, threading, time
    import django
    django.setup()
    from django.test import Client

    def timed(path):
        started = time.monotonic()
        response = Client().get(path)
        return {
            "status": response.status_code,
            "seconds": round(time.monotonic() - started, 2),
            "text": response.content.decode()[:2000],
        }

    result = {"down": timed("/"), "readyz_down": timed("/readyz")}

    upstream = sys.argv[1] if len(sys.argv) > 1 else ""
    if upstream:
        # The database comes back: listen on the port the site uses and relay to the server.
        host, port = upstream.rsplit(":", 1)
        listener = socket.create_server(("127.0.0.1", int(os.environ["SITE_DB_PORT"])))

        def pipe(source, target):
            try:
                while data := source.recv(65536):
                    target.sendall(data)
            except OSError:
                pass
            finally:
                target.close()

        def serve():
            while True:
                client, _ = listener.accept()
                server = socket.create_connection((host, int(port)))
                threading.Thread(target=pipe, args=(client, server), daemon=True).start()
                threading.Thread(target=pipe, args=(server, client), daemon=True).start()

        threading.Thread(target=serve, daemon=True).start()
        result["back"] = timed("/")
        result["readyz_back"] = timed("/readyz")
    print(json.dumps(result))
    """
)


def run_site_with_database_on(port, database, upstream=""):
    """Run the site in a fresh process against a PostgreSQL address; return what it answered."""
    user = connection.settings_dict.get("USER") or "postgres"
    password = connection.settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{password}" if password else user
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"postgres://{credentials}@127.0.0.1:{port}/{database}",
        "SITE_DB_PORT": str(port),
        "DEBUG": "0",
    }
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT, upstream],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if completed.returncode != 0:
        raise AssertionError(completed.stderr[-3000:])
    return json.loads(completed.stdout.strip().splitlines()[-1])


class UnreachableDatabaseServerTests(TestCase):
    """A real process, a real PostgreSQL driver, and a server address nobody answers on."""

    def test_closed_port_gives_503_within_seconds(self):
        """With the database server not listening, pages answer 503 within seconds."""
        result = run_site_with_database_on(free_port(), "newsroom")
        self.assertEqual(result["down"]["status"], 503, result["down"]["text"])
        self.assertIn("We will be back in a moment", result["down"]["text"])
        self.assertLess(result["down"]["seconds"], 5)
        self.assertEqual(result["readyz_down"]["status"], 503)
        self.assertEqual(json.loads(result["readyz_down"]["text"])["database"], "unavailable")

    def test_site_recovers_when_the_database_comes_back(self):
        """The same running process serves real pages again as soon as the database answers."""
        if connection.vendor != "postgresql":
            print("Skipped: recovery needs PostgreSQL (set DATABASE_URL=postgres://...).")
            self.skipTest("recovery needs PostgreSQL (set DATABASE_URL=postgres://...)")
        upstream = "{}:{}".format(
            connection.settings_dict.get("HOST") or "127.0.0.1",
            connection.settings_dict.get("PORT") or 5432,
        )
        result = run_site_with_database_on(free_port(), connection.settings_dict["NAME"], upstream)
        self.assertEqual(result["down"]["status"], 503)
        self.assertEqual(result["back"]["status"], 200, result["back"]["text"])
        self.assertEqual(result["readyz_back"]["status"], 200)
        self.assertEqual(json.loads(result["readyz_back"]["text"])["database"], "ok")
