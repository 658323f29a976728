"""``make bench-markup``: how long ``articles.markup.render`` takes on hostile bodies.

For each shape (a normal article for reference, then runs of the characters
that make Markdown parsers backtrack) prints the render time of a 10 KB,
100 KB and 1,000 KB body, the least of ``BENCH_RUNS`` (3) runs each, and how
much the time grows per tenfold step. Linear rendering grows about ten times
a step; 30 or more is marked. Other work on the machine only ever adds time,
so figures mean most on an idle one. Needs no database and no server.
"""

import itertools
import os
import sys
import time

SIZES = (10_000, 100_000, 1_000_000)
STEP_LIMIT = 30


def _repeat(unit, size):
    return (unit * (size // len(unit) + 1))[:size]


def _lines(make_line, size):
    lines, length, n = [], 0, 0
    while length < size:
        line = make_line(n)
        lines.append(line)
        length += len(line) + 1
        n += 1
    return "\n".join(lines)[:size]


def _wide_tables(size):
    # A 180-column header over one-character rows: each row asks for 179 empty cells.
    table = "|h" * 180 + "\n" + "|-" * 180 + "\n" + "x\n" * 360 + "\n"
    return _repeat(table, size)


NORMAL = (
    "HALDEN BAY — Night ferries to Kestrel will start in March, the harbour board decided "
    "on *Tuesday* after a vote of **seven to two**. [The plan](https://example.org/plan) "
    "costs 1.2 million a year.\n\n"
    "## What changes\n\n"
    "> “We have waited for this since the bridge closed,” said one islander.\n\n"
    "- a boat at 22:00\n- a boat at 01:30\n\n"
    "| Route | Boats |\n|---|---:|\n| Kestrel | 2 |\n| Gull Island | 1 |\n\n"
)

# Name → a function of the size in characters that returns a body of that size.
SHAPES = {
    "normal article": lambda n: _repeat(NORMAL, n),
    "[ run": lambda n: "[" * n,
    "![ run": lambda n: _repeat("![", n),
    "[[[ ]]] nested": lambda n: "[" * (n // 2) + "]" * (n - n // 2),
    "[a]( run": lambda n: _repeat("[a](", n),
    "]( run": lambda n: _repeat("](", n),
    "*_ run": lambda n: _repeat("*_", n),
    "emphasis runs": lambda n: _repeat("*a **b ***c _d __e ___f ", n),
    "** opened, never closed": lambda n: _repeat("**a ", n),
    "< run": lambda n: "<" * n,
    "<a open tags": lambda n: _repeat("<a ", n),
    "<![CDATA[ opened": lambda n: _repeat("a <![CDATA[ ", n),
    "<http: autolinks": lambda n: _repeat("<http://a", n),
    "> nested quote": lambda n: ">" * n + " x",
    "> quotes, deeper each line": lambda n: _lines(lambda i: ">" * (i % 120) + " x", n),
    "- nested list, one line": lambda n: _repeat("- ", n),
    "list, deeper each line": lambda n: _lines(lambda i: "  " * (i % 60) + "- x", n),
    "` run": lambda n: "`" * n,
    "`x``x code spans": lambda n: _repeat("`x``x", n),
    "&# run": lambda n: _repeat("&#", n),
    "&#1234567; entities": lambda n: _repeat("&#1234567;", n),
    "\\ run": lambda n: "\\" * n,
    "link reference definitions": lambda n: _lines(lambda i: f"[r{i}]: /u{i}", n),
    "references in use": lambda n: (
        _lines(lambda i: f"[r{i}]: /u{i}", n // 2) + "\n\n" + _repeat("[r1] [r2][] ", n - n // 2)
    )[:n],
    "table, | run in a row": lambda n: ("a|b\n-|-\n" + "|" * n)[:n],
    "table, 50 columns": lambda n: (
        "|h" * 50 + "\n" + "|-" * 50 + "\n" + _repeat("|x" * 50 + "\n", n)
    )[:n],
    "tables, wide header, short rows": _wide_tables,
    "setext headings": lambda n: _repeat("a\n=\n", n),
}


def measure(render, text, runs):
    """The least of ``runs`` wall-clock times, in seconds, of ``render(text)``."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        render(text)
        best = min(best, time.perf_counter() - started)
    return best


def main():
    from articles.markup import render

    runs = int(os.environ.get("BENCH_RUNS", "3"))
    out = sys.stdout
    out.write(f"markup.render, least of {runs} runs, seconds\n\n")
    header = f"{'shape':34}" + "".join(f"{n // 1000:>8,} KB" for n in SIZES) + "   growth per ×10\n"
    out.write(header + "-" * (len(header) - 1) + "\n")
    slow = []
    for name, make in SHAPES.items():
        times = [measure(render, make(size), runs) for size in SIZES]
        steps = [later / max(earlier, 1e-6) for earlier, later in itertools.pairwise(times)]
        mark = "" if max(steps) < STEP_LIMIT else "  NOT LINEAR"
        if mark:
            slow.append(name)
        cells = "".join(f"{t:11.3f}" for t in times)
        out.write(f"{name:34}{cells}   {' '.join(f'{s:5.1f}' for s in steps)}{mark}\n")
        out.flush()
    out.write("\n" + (f"Not linear: {', '.join(slow)}\n" if slow else "Every shape is linear.\n"))
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
