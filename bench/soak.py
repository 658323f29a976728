"""Soak test: minutes of mixed load on the production server, then a check that no save was lost.

Starts gunicorn as ``make serve`` does (DEBUG off, hashed static files) over a
fresh database with the demo content, then runs at once: readers browsing
(front page, sections, articles, search, feeds), reporters saving drafts
through the desk and submitting new pieces, and an editor publishing them with
the admin's "Publish" button. Halfway through, an attacker joins: random
query strings and made-up paths (which must not push readers' pages out of the
page cache), forged Host headers (a 400 is fine) and failed sign-ins with
made-up usernames (which must lock no real person out: each real user signs in
again during the attack). Prints the request count, server errors, p50/p99
latencies, the attacker's statuses and the readers' page-cache hit rate before
and during the attack, then checks that every save the server acknowledged is
in the piece's revision history. Exits 1 on any server error, failed request,
refused sign-in of a real user or lost save.

    python -m bench.soak --seconds 15       # or SOAK_SECONDS / SOAK_MINUTES

The database is a fresh SQLite file, or, when DATABASE_URL names PostgreSQL,
a fresh database on that server (dropped afterwards).
"""

import argparse
import collections
import contextlib
import http.cookiejar
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = "newsroom-demo"  # The demo accounts' password (articles.demo).
REPORTERS = ("reporter", "reporter2")
EDITOR = "editor"
DISALLOWED_HOST = "django.core.exceptions.DisallowedHost: "


# --- the server -------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def fresh_database():
    """Yield the URL of an empty database made for this run; remove it afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg2

        parts = urllib.parse.urlsplit(url)
        name = f"{parts.path.lstrip('/') or 'newsroom'}_soak_{os.getpid()}"
        admin = parts._replace(path="/postgres").geturl()
        with contextlib.closing(psycopg2.connect(admin)) as conn:
            conn.autocommit = True
            conn.cursor().execute(f'CREATE DATABASE "{name}"')
        try:
            yield parts._replace(path=f"/{name}").geturl()
        finally:
            with contextlib.closing(psycopg2.connect(admin)) as conn:
                conn.autocommit = True
                conn.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        with tempfile.TemporaryDirectory(prefix="newsroom-soak-db-") as tmp:
            yield f"sqlite:///{tmp}/soak.sqlite3"


def server_env(database_url, workdir):
    """``make serve``'s environment: production settings over plain HTTP on 127.0.0.1."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "CACHE_DIR": str(Path(workdir) / "cache"),
        "MEDIA_ROOT": str(Path(workdir) / "media"),
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *args, debug=False):
    subprocess.run(  # noqa: S603 - our own argument list
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env={**env, "DEBUG": "1" if debug else "0"},
        check=True,
        stdout=subprocess.DEVNULL,
    )


@contextlib.contextmanager
def gunicorn(env, port, workers, log_path):
    """Run gunicorn until the block ends, then stop it gracefully (SIGTERM)."""
    with open(log_path, "w") as log:
        process = subprocess.Popen(  # noqa: S603 - our own argument list
            [
                *(PYTHON, "-m", "gunicorn", "newsroom.wsgi:application"),
                *("--bind", f"127.0.0.1:{port}", "--workers", str(workers)),
                *("--timeout", "30", "--graceful-timeout", "10", "--error-logfile", "-"),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(f"http://127.0.0.1:{port}/readyz", process)
            yield process
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_up(url, process, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped before answering; see its log.")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(url, timeout=2) as response,  # noqa: S310 - our own server
        ):
            if response.status == 200:
                return
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout} s.")


# --- the clients ------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Report a redirect as it is: a save is acknowledged by its 302."""

    def redirect_request(self, *args, **kwargs):
        return None


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.timings = []
        self.errors = []  # (status or exception, method, path)
        self.acknowledged = []  # (article pk, headline)
        self.published = 0
        self.refused = 0
        self.reader_cache = {"before": collections.Counter(), "during": collections.Counter()}
        self.attack = collections.Counter()  # (kind, status) -> count
        self.locked_out = []  # real users refused a sign-in during the attack

    def record(self, seconds, status, method, path):
        with self.lock:
            self.timings.append(seconds)
            if not isinstance(status, int) or status >= 500:
                self.errors.append((status, method, path))


class Browser:
    """One person's browser: cookies, CSRF token, timings recorded in ``stats``."""

    def __init__(self, base, stats):
        self.base, self.stats = base, stats
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect
        )

    def request(self, path, data=None, headers=None):
        """Return ``(status, body text, Location)``; network failures count as errors.

        The page cache's verdict (``X-Cache``: HIT, MISS or absent) is kept in ``x_cache``.
        """
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(  # noqa: S310 - http only
            self.base + path, data=body, headers=headers or {}
        )
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=30) as response:
                status, text, location = response.status, response.read(), ""
                self.x_cache = response.headers.get("X-Cache", "")
        except urllib.error.HTTPError as error:
            status, text, location = error.code, error.read(), error.headers.get("Location", "")
            self.x_cache = error.headers.get("X-Cache", "")
        except OSError as error:
            self.stats.record(time.monotonic() - started, repr(error), request.get_method(), path)
            return 0, "", ""
        self.stats.record(time.monotonic() - started, status, request.get_method(), path)
        return status, text.decode("utf-8", "replace"), location

    def csrf(self):
        return next((c.value for c in self.cookies if c.name == "csrftoken"), "")

    def sign_in(self, username, password=PASSWORD):
        """Post the sign-in form; return its status (302 when signed in)."""
        self.request("/accounts/login/")
        status, _, _ = self.request(
            "/accounts/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": self.csrf()},
        )
        if password == PASSWORD and status != 302:
            raise SystemExit(f"{username} could not sign in (HTTP {status}).")
        return status


class FormParser(HTMLParser):
    """The values a browser would post from the form with ``id=form_id``."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, {}
        self.textarea = self.select = None
        self.multiple = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("file", "submit", "checkbox"):
            self.data[name] = attrs.get("value") or ""
        elif tag == "input" and name and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.data.setdefault(name, []).append(attrs.get("value") or "on")
        elif tag == "textarea" and name:
            self.textarea, self.data[name] = name, ""
        elif tag == "select" and name:
            self.select, self.multiple = name, "multiple" in attrs
            self.data[name] = [] if self.multiple else ""
        elif tag == "option" and self.select and "selected" in attrs:
            value = attrs.get("value") or ""
            if self.multiple:
                self.data[self.select].append(value)
            else:
                self.data[self.select] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.inside and self.textarea:
            self.data[self.textarea] += data


def form_values(html, form_id="article-form"):
    parser = FormParser(form_id)
    parser.feed(html)
    values = parser.data
    # A browser drops the newline that follows <textarea>.
    return {k: v[1:] if isinstance(v, str) and v.startswith("\n") else v for k, v in values.items()}


def first_section(html):
    match = re.search(r'<select[^>]*name="section"[^>]*>(.*?)</select>', html, re.S)
    values = re.findall(r'<option value="(\d+)"', match.group(1)) if match else []
    return values[0] if values else ""


# --- the people -------------------------------------------------------------


def reader(base, stats, stop, paths, attack):
    browser = Browser(base, stats)
    while not stop.is_set():
        browser.request(random.choice(paths))
        phase = "during" if attack.is_set() else "before"
        with stats.lock:
            stats.reader_cache[phase][browser.x_cache or "none"] += 1


# At most this many requests, however long the soak: bounded, to 127.0.0.1 only.
ATTACK_REQUESTS = 20_000


def attacker(base, stats, stop, attack, paths):
    """From halfway on: junk query strings and paths, forged hosts, failed sign-ins."""
    attack.wait()
    browser = Browser(base, stats)
    late_sign_ins = [*REPORTERS, EDITOR]
    kinds = ["query", "query", "path", "host", "sign-in"]
    for n in range(ATTACK_REQUESTS):
        if stop.is_set():
            return
        kind = random.choice(kinds)
        junk = secrets.token_hex(6)
        if kind == "query":
            status, _, _ = browser.request(f"{random.choice(paths).split('?')[0]}?x={junk}")
        elif kind == "path":
            status, _, _ = browser.request(random.choice([f"/{junk}/", f"/{junk}", f"/a/{junk}/"]))
        elif kind == "host":
            status, _, _ = browser.request("/", headers={"Host": f"{junk}.example:6666"})
        else:
            status = Browser(base, stats).sign_in(f"intruder-{junk}", "not-the-password")
        with stats.lock:
            stats.attack[kind, status] += 1
        if n % 200 == 100 and late_sign_ins:
            # A real person signing in mid-attack must get in.
            username = late_sign_ins.pop()
            try:
                Browser(base, stats).sign_in(username)
            except SystemExit as refused:
                with stats.lock:
                    stats.locked_out.append(str(refused))


def reporter(base, stats, stop, username):
    browser = Browser(base, stats)
    browser.sign_in(username)
    _, page, _ = browser.request("/desk/new/")
    section = first_section(page)
    draft = create(browser, stats, username, "draft", section, action="save")
    n = 0
    while not stop.is_set():
        n += 1
        if n % 8 == 0:
            create(browser, stats, username, f"submitted {n}", section, action="submit")
            continue
        status, page, _ = browser.request(f"/desk/{draft}/edit/")
        if status != 200:
            continue
        data = form_values(page)
        data.update(headline=f"Soak {username} draft, save {n}", action="save")
        data["body"] = f"{data.get('body', '')}\n\nParagraph {n}.".strip()
        status, page, _ = browser.request(f"/desk/{draft}/edit/", data)
        if status == 302:
            with stats.lock:
                stats.acknowledged.append((draft, data["headline"]))
        elif status == 200:
            with stats.lock:
                stats.refused += 1


def create(browser, stats, username, label, section, action):
    """Make a complete new piece (saved, or saved and submitted); return its id."""
    headline = f"Soak {username} {label} {secrets.token_hex(3)}"
    status, _, location = browser.request(
        "/desk/new/",
        {
            "headline": headline,
            "standfirst": "A piece written during the soak test.",
            "body": "It has a body.\n\n## And a crosshead\n\nAnd more.",
            "section": section,
            "tags": "soak",
            "action": action,
            "csrfmiddlewaretoken": browser.csrf(),
        },
    )
    if status != 302:
        raise SystemExit(f"{username} could not create a piece (HTTP {status}).")
    match = re.search(r"/desk/(\d+)/", location)
    pk = int(match.group(1)) if match else None
    if pk is not None:
        with stats.lock:
            stats.acknowledged.append((pk, headline))
    else:
        # Submitted pieces land on the desk's list; their save is checked by headline.
        with stats.lock:
            stats.acknowledged.append((None, headline))
    return pk


def editor(base, stats, stop, publish_every):
    """Publish a waiting piece every ``publish_every`` seconds, as a desk editor would."""
    browser = Browser(base, stats)
    browser.sign_in(EDITOR)
    queue = "/admin/articles/article/?state__exact=in_review"
    while not stop.is_set():
        _, page, _ = browser.request(queue)
        waiting = re.findall(r"/admin/articles/article/(\d+)/change/", page)
        if not waiting:
            stop.wait(0.5)
            continue
        pk = random.choice(waiting)
        browser.request(f"/admin/articles/article/{pk}/change/")
        status, _, _ = browser.request(
            f"/admin/articles/article/{pk}/transition/",
            {
                "transition": "publish",
                "note": "",
                "publish_at": "",
                "csrfmiddlewaretoken": browser.csrf(),
            },
        )
        if status == 302:
            with stats.lock:
                stats.published += 1
        stop.wait(publish_every)


def reading_list(base, stats):
    """Every kind of public page: front page, sections, articles, search, feeds."""
    _, home, _ = Browser(base, stats).request("/")
    links = set(re.findall(r'href="(/[a-z0-9-]+/(?:[a-z0-9-]+/)?)"', home))
    links = {p for p in links if not p.startswith(("/desk/", "/admin/", "/accounts/", "/static/"))}
    fixed = ["/", "/search/?q=ferry", "/search/?q=council+budget", "/feeds/rss/", "/feeds/atom/"]
    return sorted(links) + fixed


# --- the check --------------------------------------------------------------


def lost_saves(env, acknowledged):
    """Return the acknowledged saves missing from the revision history."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connections
    from reversion.models import Version

    from articles.models import Article

    try:
        lost = []
        for pk, headline in acknowledged:
            if pk is None:
                found = Article.objects.filter(headline=headline).first()
                pk = found.pk if found else None
            versions = Version.objects.get_for_object_reference(Article, pk) if pk else []
            if not any(v.field_dict["headline"] == headline for v in versions):
                lost.append((pk, headline))
        return lost
    finally:
        connections.close_all()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] if ordered else 0.0


def main(argv=None):
    default_seconds = float(
        os.environ.get("SOAK_SECONDS") or float(os.environ.get("SOAK_MINUTES", "3")) * 60
    )
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=default_seconds)
    parser.add_argument("--readers", type=int, default=3)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    # Every publish starts a new page-cache generation: a busy day's pace (a
    # piece every few seconds would be hundreds an hour) keeps the readers'
    # hit rate a figure worth watching.
    parser.add_argument("--publish-every", type=float, default=5, help="seconds between publishes")
    args = parser.parse_args(argv)

    with fresh_database() as database_url, tempfile.TemporaryDirectory() as workdir:
        env = server_env(database_url, workdir)
        print(f"Preparing {database_url.split('@')[-1]} …", flush=True)
        # Static files need no database: collected while the demo content loads.
        collect = threading.Thread(
            target=manage, args=(env, "collectstatic", "--noinput", "-v", "0")
        )
        collect.start()
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo", debug=True)
        collect.join()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        stats, stop = Stats(), threading.Event()
        log_path = Path(workdir) / "gunicorn.log"
        with gunicorn({**env, "SITE_URL": base}, port, args.workers, log_path):
            paths = reading_list(base, stats)
            attack = threading.Event()
            people = [
                *(
                    threading.Thread(target=reader, args=(base, stats, stop, paths, attack))
                    for _ in range(args.readers)
                ),
                threading.Thread(target=attacker, args=(base, stats, stop, attack, paths)),
                *(
                    threading.Thread(target=reporter, args=(base, stats, stop, u))
                    for u in REPORTERS
                ),
                threading.Thread(target=editor, args=(base, stats, stop, args.publish_every)),
            ]
            print(f"Soaking {base} for {args.seconds:.0f} s …", flush=True)
            started = time.monotonic()
            for person in people:
                person.daemon = True
                person.start()
            stop.wait(args.seconds / 2)
            attack.set()
            stop.wait(args.seconds / 2)
            stop.set()
            for person in people:
                person.join(60)
            elapsed = time.monotonic() - started
        server_log = log_path.read_text()
        lost = lost_saves(env, stats.acknowledged)

    timings = stats.timings
    print(f"requests       {len(timings)} in {elapsed:.0f} s ({len(timings) / elapsed:.1f}/s)")
    print(f"server errors  {len(stats.errors)}")
    print(
        f"p50 / p99      {percentile(timings, 0.5) * 1000:.0f} ms / {percentile(timings, 0.99) * 1000:.0f} ms"
    )
    print(
        f"saves          {len(stats.acknowledged)} acknowledged, {len(lost)} lost, {stats.refused} refused"
    )
    print(f"published      {stats.published}")
    for phase, tally in stats.reader_cache.items():
        served = tally["HIT"] + tally["MISS"]
        rate = f"{tally['HIT'] / served:.0%}" if served else "n/a"
        print(f"readers' hits  {rate} {phase} the attack ({tally['HIT']} of {served} pages)")
    attack = collections.defaultdict(dict)
    for (kind, status), count in sorted(stats.attack.items(), key=str):
        attack[kind][status] = count
    print(f"attack         {sum(stats.attack.values())} requests")
    for kind, statuses in attack.items():
        print(
            f"  {kind:<8} " + ", ".join(f"{count} × {status}" for status, count in statuses.items())
        )
    for refused in stats.locked_out:
        print("  locked out:", refused)
    for error in stats.errors[:20]:
        print("  error:", *error)
    for pk, headline in lost[:20]:
        print(f"  lost save: article {pk}: {headline}")
    for line in server_log.splitlines():
        if "Database unavailable" in line:
            print("  server:", line)
    # The forged hosts: Django logs each refusal with its traceback, as it should.
    crashes = server_log.count("Traceback") - server_log.count(DISALLOWED_HOST)
    if crashes:
        print(server_log[-5000:])
    failed = bool(stats.errors or lost or not stats.acknowledged or crashes or stats.locked_out)
    print("FAILED" if failed else "OK")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
