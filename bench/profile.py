"""Where an uncached page's time goes: cProfile over the public pages, printed.

``make profile`` renders each kind of public page (front, section, article,
search, feed, tag, author; picked as ``bench.inprocess`` picks them) with the
page cache off, ``PROFILE_RENDERS`` times each (default 50), through Django's
test client against the configured database (``DATABASE_URL``, else the
SQLite file ``make run`` prepares). For each page it prints the mean time of a
render and the functions with the most time of their own, so the floor
(template engine, ORM, Markdown, our code) shows before anything is changed.
"""

import cProfile
import io
import os
import pstats
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ["PAGE_CACHE_SECONDS"] = "0"
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "profile-only-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SITE_URL", "http://testserver")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from bench.inprocess import pages  # noqa: E402

RENDERS = int(os.environ.get("PROFILE_RENDERS", "50"))
TOP = int(os.environ.get("PROFILE_TOP", "12"))


def profile(client, url):
    """Return ``(mean ms per render, printed stats)`` for ``RENDERS`` renders of ``url``."""
    response = client.get(url, secure=True)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(RENDERS):
        client.get(url, secure=True)
    profiler.disable()
    mean = (time.perf_counter() - started) / RENDERS * 1000
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs().sort_stats("tottime").print_stats(TOP)
    return mean, out.getvalue()


def main():
    client = Client()
    summary = []
    for name, url in pages().items():
        mean, printed = profile(client, url)
        summary.append((name, url, mean))
        lines = [line for line in printed.splitlines() if line.strip()]
        start = next(i for i, line in enumerate(lines) if "ncalls" in line)
        sys.stdout.write(f"\n== {name} {url}: {mean:.1f} ms per uncached render (profiled)\n")
        sys.stdout.write("\n".join(lines[start:]) + "\n")
    sys.stdout.write("\n== Summary (profiled, so slower than unprofiled)\n")
    for name, url, mean in summary:
        sys.stdout.write(f"  {name:<8} {mean:7.1f} ms  {url}\n")


if __name__ == "__main__":
    main()
