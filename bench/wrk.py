"""Run ``wrk`` against a URL and read its figures; time single requests."""

import http.client
import re
import shutil
import statistics
import subprocess
import time
from dataclasses import dataclass

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class Load:
    """What ``wrk`` measured: requests a second and latency percentiles in milliseconds."""

    rps: float
    p50: float
    p99: float
    errors: int

    def ratio(self, other):
        return self.rps / other.rps if other and other.rps else 0.0


def available():
    return shutil.which("wrk") is not None


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def load(url, *, threads=2, connections=32, duration="10s"):
    """Run ``wrk`` with ``--latency`` against ``url`` and return a ``Load``."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}", "--timeout=30s"]
    command += ["--latency", url]
    # Our own argument list, no shell.
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+(?:us|ms|s|m))\s*$", out, re.M))
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    return Load(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p50=_ms(percentiles["50"]),
        p99=_ms(percentiles["99"]),
        errors=errors,
    )


def timed_gets(host, port, paths, repeat=5):
    """Request each path ``repeat`` times over one connection; return latencies in ms.

    Raises ``RuntimeError`` when a page does not answer 200.
    """
    connection = http.client.HTTPConnection(host, port, timeout=30)
    latencies = []
    for path in paths:
        for _ in range(repeat):
            started = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            latencies.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status}")
    connection.close()
    return latencies


def percentile(values, pct):
    """The ``pct``th percentile of ``values`` (inclusive method)."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]
