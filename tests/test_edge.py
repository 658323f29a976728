"""The production front as `make serve-edge` runs it: nginx (deploy/nginx.conf) before gunicorn.

deploy/edge.sh starts both over a database, cache and media of the test's own,
with the demo accounts. Readers connect from different loopback addresses
(127.0.0.2, 127.0.0.3, …), so nginx sees each as a different client.
"""

import http.client
import os
import shutil
import socket
import subprocess
import tempfile
import unittest
from pathlib import Path
from urllib.parse import urlencode

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "newsroom-demo"  # The demo accounts' password (articles.demo).


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nginx_available():
    """nginx is installed, or deploy/edge.sh can install it (as root, with apt-get)."""
    installed = shutil.which("nginx") or Path("/usr/sbin/nginx").exists()
    return bool(installed or (os.geteuid() == 0 and shutil.which("apt-get")))


class Reader:
    """One browser at one source address: cookies kept, redirects reported as they are."""

    def __init__(self, port, address):
        self.port, self.address, self.cookies = port, address, {}

    def request(self, method, path, data=None, headers=None):
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=10, source_address=(self.address, 0)
        )
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        body = None
        if data is not None:
            body = urlencode(data)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body, sent)
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response

    def sign_in(self, username, password, headers=None):
        """Return the status of posting the sign-in form, as a browser would."""
        self.request("GET", "/accounts/login/")
        form = {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
        }
        return self.request("POST", "/accounts/login/", form, headers).status


class FrontTestCase(SimpleTestCase):
    """`deploy/edge.sh start` with ``FRONT`` before `make serve`, over a database of the test's own."""

    FRONT = "nginx"

    @classmethod
    def available(cls):
        return nginx_available()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.available():
            raise unittest.SkipTest(f"{cls.FRONT} is not installed and cannot be installed here")
        cls.tmp = Path(tempfile.mkdtemp(prefix=f"newsroom-{cls.FRONT}-test-"))
        cls.addClassCleanup(shutil.rmtree, cls.tmp, ignore_errors=True)
        cls.port = free_port()
        cls.env = {
            **os.environ,
            "FRONT": cls.FRONT,
            "HOST": "127.0.0.1",
            "PORT": str(free_port()),
            "EDGE_PORT": str(cls.port),
            "EDGE_DIR": str(cls.tmp / "edge"),
            "DATABASE_URL": f"sqlite:///{cls.tmp / 'db.sqlite3'}",
            "CACHE_DIR": str(cls.tmp / "cache"),
            "MEDIA_ROOT": str(cls.tmp / "media"),
            "WORKERS": "2",
        }
        cls.env.pop("DJANGO_SETTINGS_MODULE", None)
        cls.env.pop("REDIS_URL", None)
        cls.addClassCleanup(cls.edge, "stop")
        started = cls.edge("start")
        if started.returncode != 0:
            log = cls.tmp / "edge" / "logs" / "app.log"
            raise RuntimeError(
                f"deploy/edge.sh start failed:\n{started.stdout}\n"
                f"{log.read_text()[-3000:] if log.exists() else ''}"
            )

    @classmethod
    def edge(cls, action):
        return subprocess.run(
            [str(ROOT / "deploy" / "edge.sh"), action],
            cwd=ROOT,
            env=cls.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=300,
            check=False,
        )


class EdgeSignInTests(FrontTestCase):
    def reader(self, address):
        return Reader(self.port, address)

    def test_failed_sign_ins_from_one_reader_lock_out_no_one_else(self):
        """Through nginx, one reader's failed sign-ins lock out only that reader's guesses."""
        # The attacker names the victim's address in its own header; nginx replaces it.
        forged = {"X-Forwarded-For": "127.0.0.3"}
        for n in range(5):
            self.reader("127.0.0.2").sign_in(f"guess-{n}", "wrong", forged)
        for _ in range(5):
            self.reader("127.0.0.2").sign_in("editor", "wrong", forged)
        self.assertEqual(self.reader("127.0.0.2").sign_in("editor", PASSWORD, forged), 429)
        for username in ["editor", "reporter2"]:
            with self.subTest(username=username):
                self.assertEqual(self.reader("127.0.0.3").sign_in(username, PASSWORD), 302)
