"""Databases, management commands and gunicorn servers for ``bench.run``."""

import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/newsroom_bench"


def secret_key():
    """The key ``make serve`` uses (``.secret_key``), made once when missing."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = ROOT / ".secret_key"
    if not path.exists() or not path.read_text().strip():
        path.write_text(secrets.token_urlsafe(50) + "\n")
    return path.read_text().strip()


def base_env(database_url, **extra):
    """Production-like settings over plain HTTP on 127.0.0.1 (as ``make serve``)."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=secret_key(),
        ALLOWED_HOSTS="127.0.0.1,testserver",
        SITE_URL="http://127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(database_url, *args, debug=False):
    """Run ``manage.py`` with the bench settings; its output goes straight to the terminal."""
    env = base_env(database_url, DEBUG="1" if debug else "0")
    command = [BIN / "python", "manage.py", *args]
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 - our own argument list


def inprocess(database_url, command):
    """Run ``bench.inprocess`` and return its JSON answer."""
    out = subprocess.run(  # noqa: S603 - our own argument list
        [BIN / "python", "-m", "bench.inprocess", command],
        cwd=ROOT,
        env=base_env(database_url),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def databases():
    """Return ``(demo_url, scale_url, note)``: PostgreSQL when reachable, else SQLite files.

    The scale database is ``DATABASE_URL`` (or ``newsroom_bench`` on 127.0.0.1);
    the demo-size one is its sibling with ``_demo`` appended. Both are created
    when missing.
    """
    scale = os.environ.get("DATABASE_URL") or LOCAL_POSTGRES
    if scale.startswith(("postgres://", "postgresql://")) and _create_postgres(scale):
        parts = urlsplit(scale)
        demo = urlunsplit(parts._replace(path=parts.path + "_demo"))
        _create_postgres(demo)
        return demo, scale, "PostgreSQL"
    folder = ROOT / ".bench"
    folder.mkdir(exist_ok=True)
    note = "SQLite (PostgreSQL not reachable: search and scale figures are not representative)"
    return f"sqlite:///{folder / 'demo.sqlite3'}", f"sqlite:///{folder / 'scale.sqlite3'}", note


def _create_postgres(url):
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    try:
        admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")), connect_timeout=3)
    except psycopg2.OperationalError:
        return False
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return True


def flush_redis(url):
    """Empty the bench's own Redis database; False when Redis is not reachable."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()
    except redis.RedisError:
        return False
    return True


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """A gunicorn serving the site on a free 127.0.0.1 port, stopped on leaving the block."""

    def __init__(self, database_url, *, page_cache_seconds, redis_url="", workers=None):
        self.port = free_port()
        self.workers = workers or (os.cpu_count() or 1) * 2 + 1
        self.env = base_env(
            database_url,
            PAGE_CACHE_SECONDS=page_cache_seconds,
            REDIS_URL=redis_url,
            SITE_URL=self.base,
        )
        self.process = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        command = [
            BIN / "gunicorn",
            "newsroom.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.workers}",
            "--log-level=warning",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)  # noqa: S603 - as above
        self._wait_until_up()
        return self

    def _wait_until_up(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn stopped while starting; see its messages above.")
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            try:
                connection.request("GET", "/_bench/floor/")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.3)
            finally:
                connection.close()
        raise RuntimeError(f"gunicorn did not answer on {self.base} within {timeout} s.")

    def worker_rss_mb(self):
        """Resident memory of each worker process, in MB (from /proc/<pid>/status)."""
        sizes = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                fields = dict(
                    line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
                )
            except OSError:
                continue
            if fields.get("PPid", "").strip() == str(self.process.pid):
                sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
        return sorted(sizes)

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Edge:
    """deploy/nginx.conf (via deploy/edge.sh) on a free port in front of a running gunicorn."""

    def __init__(self, app_port):
        self.port = free_port()
        self.env = {
            **os.environ,
            "PORT": str(app_port),
            "EDGE_PORT": str(self.port),
            "EDGE_DIR": str(ROOT / ".bench" / "edge"),
        }

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def _edge(self, action):
        subprocess.run(  # noqa: S603 - our own script, fixed arguments
            [str(ROOT / "deploy" / "edge.sh"), action], env=self.env, check=True
        )

    def __enter__(self):
        self._edge("start-nginx")
        return self

    def __exit__(self, *exc):
        self._edge("stop-nginx")
