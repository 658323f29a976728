"""``make bench``: how fast the public pages are, against a static file and a bare view.

One run: prepares a demo-size database and a big one (``BENCH_ARTICLES``
pieces from ``seed_bench``), starts gunicorn with the page cache on and off,
measures every page with ``wrk`` (and again through deploy/nginx.conf's
micro-cache, against a static file nginx serves), times search at scale, counts SQL queries
per page in-process, reads the workers' memory, and prints the figures with
the targets, each marked PASS or MISS.

Environment: ``BENCH_ARTICLES`` (100000), ``BENCH_DURATION`` (10s),
``BENCH_CONNECTIONS`` (32), ``BENCH_THREADS`` (2), ``WORKERS`` (2 × CPUs + 1),
``DATABASE_URL`` (the big database; default ``newsroom_bench`` on
127.0.0.1), ``BENCH_REDIS_URL`` (redis://127.0.0.1:6379/14; the big database
uses the next Redis database number).
"""

import json
import os
import statistics
import sys
import time
from urllib.parse import quote_plus

from . import servers, wrk

PAGES = ["home", "section", "article", "search", "feed"]
SEARCHES = [
    "harbour", "ferry", "budget", "wind farm", '"night ferry plan"', "housing -rents",
    "trams or cycling", "flood defences Eastmoor", "schools", "hospital ward nurses", "solar",
    "museum extension", "fishing quotas", "Kirkwall council", "election date", "heat pumps",
    "parking charges Northport", "broadband", "jazz orchestra", "zeppelin",
]  # fmt: skip
TARGETS = {
    "cached": 0.90,  # of the static file's req/s
    "edge": 0.50,  # of nginx's own static file req/s
    "article_floor": 0.60,  # of the framework floor's req/s
    "article_queries": 5,
    "search_p95_ms": 50.0,
    "article_p99_ms": 50.0,
}


class Bench:
    def __init__(self):
        self.articles = int(os.environ.get("BENCH_ARTICLES", "100000"))
        self.duration = os.environ.get("BENCH_DURATION", "10s")
        self.connections = int(os.environ.get("BENCH_CONNECTIONS", "32"))
        self.threads = int(os.environ.get("BENCH_THREADS", "2"))
        self.workers = int(os.environ.get("WORKERS", "0")) or None
        redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
        base, _, number = redis_url.rpartition("/")
        self.redis = {"demo": redis_url, "scale": f"{base}/{int(number) + 1}"}
        self.figures = {}

    def say(self, message):
        sys.stdout.write(message + "\n")
        sys.stdout.flush()

    def load(self, url):
        # A second of warm-up first, so that every worker has compiled its
        # templates and opened its database connection before measuring.
        wrk.load(url, threads=1, connections=self.connections, duration="1s")
        return wrk.load(
            url, threads=self.threads, connections=self.connections, duration=self.duration
        )

    def servers(self, size, database_url):
        redis_url = self.redis[size] if servers.flush_redis(self.redis[size]) else ""
        if not redis_url:
            self.say("  Redis not reachable: each server caches in files on this machine.")
        options = {"redis_url": redis_url, "workers": self.workers}
        return (
            servers.Gunicorn(database_url, page_cache_seconds=300, **options),
            servers.Gunicorn(database_url, page_cache_seconds=0, **options),
        )

    # Steps, in the order ``main`` runs them.

    def prepare(self):
        demo_url, scale_url, self.database = servers.databases()
        self.say(f"Databases ({self.database}): demo-size and {self.articles:,}-piece.")
        for url in (demo_url, scale_url):
            servers.manage(url, "migrate", "--noinput", "-v", "0", debug=True)
            servers.manage(url, "load_demo", debug=True)
        servers.manage(demo_url, "collectstatic", "--noinput", "-v", "0")
        manifest = json.loads((servers.ROOT / "staticfiles" / "staticfiles.json").read_text())
        self.static_path = "/static/" + manifest["paths"]["css/site.css"]
        return demo_url, scale_url

    def seed(self, scale_url):
        have = servers.inprocess(scale_url, "count")["bench_pieces"]
        if have >= self.articles:
            self.say(f"Reusing the {have:,} benchmark pieces already in the big database.")
            return
        self.say(f"Seeding {self.articles - have:,} pieces ({have:,} there already)…")
        started = time.monotonic()
        servers.manage(scale_url, "seed_bench", "--articles", str(self.articles - have), debug=True)
        self.say(f"Seeded in {time.monotonic() - started:.0f} s.")

    def ratios(self, demo_url):
        info = servers.inprocess(demo_url, "pages")
        self.figures["demo"] = info
        self.say(f"Ratio runs at demo size ({info['published']} published pieces)…")
        cached, uncached = self.servers("demo", demo_url)
        rows = {}
        with cached, uncached:
            rows["static file"] = self.load(uncached.base + self.static_path)
            rows["framework floor"] = self.load(uncached.base + "/_bench/floor/")
            for page in PAGES:
                url = info["urls"][page]
                wrk.timed_gets("127.0.0.1", cached.port, [url], repeat=1)  # Fill the cache.
                rows[f"{page} cached"] = self.load(cached.base + url)
                rows[f"{page} uncached"] = self.load(uncached.base + url)
                self.say(f"  {page}: done")
            self.figures["memory demo"] = {
                "cached": cached.worker_rss_mb(),
                "uncached": uncached.worker_rss_mb(),
            }
            self.edge(cached, info)
        self.figures["ratios"] = rows

    def edge(self, cached, info):
        """The same pages through deploy/nginx.conf's micro-cache, against nginx's static file."""
        self.say("Edge runs: nginx (deploy/nginx.conf) in front of the cached server…")
        rows = {}
        with servers.Edge(cached.port) as edge:
            rows["static file"] = self.load(edge.base + self.static_path)
            for page in PAGES:
                rows[f"{page} hot"] = self.load(edge.base + info["urls"][page])
        self.figures["edge rows"] = rows

    def scale(self, scale_url):
        info = servers.inprocess(scale_url, "pages")
        self.figures["scale"] = info
        self.say(f"Scale runs ({info['published']:,} published pieces)…")
        cached, uncached = self.servers("scale", scale_url)
        rows = {}
        with cached, uncached:
            searches = [f"/search/?q={quote_plus(q)}" for q in SEARCHES]
            wrk.timed_gets("127.0.0.1", uncached.port, searches, repeat=1)  # Warm.
            self.figures["search ms"] = wrk.timed_gets("127.0.0.1", uncached.port, searches)
            for page in ("article", "section"):
                url = info["urls"][page]
                self.figures[f"{page} ms"] = wrk.timed_gets(
                    "127.0.0.1", uncached.port, [url], repeat=20
                )
                wrk.timed_gets("127.0.0.1", cached.port, [url], repeat=1)
                rows[f"{page} cached"] = self.load(cached.base + url)
                rows[f"{page} uncached"] = self.load(uncached.base + url)
            self.figures["memory scale"] = {
                "cached": cached.worker_rss_mb(),
                "uncached": uncached.worker_rss_mb(),
            }
        self.figures["scale rows"] = rows

    def report(self):
        rows = self.figures["ratios"]
        static, floor = rows["static file"], rows["framework floor"]
        demo, scale = self.figures["demo"], self.figures["scale"]
        load = f"wrk -t{self.threads} -c{self.connections} -d{self.duration} --latency"
        self.say("")
        self.say(f"== Demo size: {demo['published']} pieces, {self.database}, {load} ==")
        self.say(_table(rows, static, floor))
        self.say("")
        self.say(f"== Through nginx (deploy/nginx.conf), demo size, {load} ==")
        edge = self.figures["edge rows"]
        self.say(_table(edge, edge["static file"], None))
        self.say("")
        self.say(f"== {scale['published']:,} pieces, {self.database}, {load} ==")
        self.say(_table(self.figures["scale rows"], None, None))
        self.say("")
        self.say("Single requests, one connection, uncached server (HTTP, ms):")
        search = self.figures["search ms"]
        self.say(
            f"  search, {len(SEARCHES)} queries × 5: p50 {_pct(search, 50):.1f}  "
            f"p95 {_pct(search, 95):.1f}  max {max(search):.1f}"
        )
        for page in ("article", "section"):
            times = self.figures[f"{page} ms"]
            self.say(f"  {page:<8} × 20: p50 {_pct(times, 50):.1f}  p95 {_pct(times, 95):.1f}")
        self.say("")
        self.say("SQL queries per page (in-process test client, page cache off):")
        self.say(f"  {'page':<9}{'demo':>6}{'at scale':>10}")
        for page, count in demo["queries"].items():
            self.say(f"  {page:<9}{count:>6}{scale['queries'][page]:>10}")
        self.say("")
        self.say("Memory per gunicorn worker after the runs (RSS, MB):")
        for size in ("demo", "scale"):
            for kind, sizes in self.figures[f"memory {size}"].items():
                listed = ", ".join(f"{mb:.0f}" for mb in sizes)
                self.say(f"  {size:<5} {kind:<8} {listed}  (mean {statistics.mean(sizes):.0f})")
        self.say("")
        self.say("Targets:")
        for ok, text in self.targets(rows, static, floor):
            self.say(f"  {'PASS' if ok else 'MISS'}  {text}")

    def targets(self, rows, static, floor):
        demo, scale = self.figures["demo"], self.figures["scale"]
        worst = min(PAGES, key=lambda page: rows[f"{page} cached"].ratio(static))
        worst_ratio = rows[f"{worst} cached"].ratio(static)
        article_floor = rows["article uncached"].ratio(floor)
        queries = max(demo["queries"]["article"], scale["queries"]["article"])
        search_p95 = _pct(self.figures["search ms"], 95)
        article_p99 = self.figures["scale rows"]["article uncached"].p99
        cached_p99 = self.figures["scale rows"]["article cached"].p99
        changed = [p for p in demo["queries"] if demo["queries"][p] != scale["queries"][p]]
        edge = self.figures["edge rows"]
        edge_worst = min(PAGES, key=lambda page: edge[f"{page} hot"].ratio(edge["static file"]))
        edge_ratio = edge[f"{edge_worst} hot"].ratio(edge["static file"])
        return [
            (
                edge_ratio >= TARGETS["edge"],
                f"hot pages through nginx ≥ 50 % of its static file: lowest is {edge_worst} "
                f"at {edge_ratio:.0%}",
            ),
            (
                worst_ratio >= TARGETS["cached"],
                f"cached pages ≥ 90 % of static: lowest is {worst} at {worst_ratio:.0%}",
            ),
            (
                article_floor >= TARGETS["article_floor"],
                f"uncached article ≥ 60 % of floor: {article_floor:.0%}",
            ),
            (
                queries <= TARGETS["article_queries"],
                f"uncached article ≤ 5 queries: {queries}",
            ),
            (
                search_p95 <= TARGETS["search_p95_ms"],
                f"search p95 ≤ 50 ms at {scale['published']:,}: {search_p95:.1f} ms",
            ),
            (
                # As served in production: gunicorn with the page cache on.
                0 < cached_p99 <= TARGETS["article_p99_ms"]
                and not self.figures["scale rows"]["article cached"].errors,
                f"article p99 ≤ 50 ms under wrk -c{self.connections} at scale, as served "
                f"(page cache on): {cached_p99:.1f} ms (with the cache off: {article_p99:.1f} ms)",
            ),
            (
                not changed,
                "query counts same at scale as at demo size"
                + (f": differ for {', '.join(changed)}" if changed else ""),
            ),
        ]


def _pct(values, pct):
    return wrk.percentile(values, pct)


def _table(rows, static, floor):
    head = f"  {'page':<18}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
    if static:
        head += f"{'×static':>9}{'×floor':>8}"
    lines = [head]
    for name, result in rows.items():
        line = f"  {name:<18}{result.rps:>9.0f}{result.p50:>9.2f}{result.p99:>9.2f}"
        if static:
            line += f"{result.ratio(static):>9.2f}"
            line += f"{result.ratio(floor):>8.2f}" if floor else f"{'':>8}"
        if result.errors:
            line += f"  ({result.errors} errors)"
        lines.append(line)
    return "\n".join(lines)


def main():
    if not wrk.available():
        raise SystemExit("wrk is not installed: apt-get install wrk (make bench does it).")
    bench = Bench()
    demo_url, scale_url = bench.prepare()
    bench.ratios(demo_url)
    bench.seed(scale_url)
    bench.scale(scale_url)
    bench.report()


if __name__ == "__main__":
    main()
