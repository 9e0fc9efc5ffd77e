"""``/metrics`` in the Prometheus text exposition format (version 0.0.4).

Counts requests and observes their latency (timed by :mod:`nexus_http.frontline`) by route *template*
(``/pos/api/auth/employees/{tenant_id}``, never the raw path, so ids cannot blow up the number of
series), method and status.

The registry lives in the process: with several workers each one reports its own numbers, and Prometheus
sums them per instance label. Aggregating across workers (a shared directory, as prometheus_client's
multiprocess mode does) is not implemented.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Awaitable, Callable
from itertools import accumulate

from starlette.requests import Request
from starlette.responses import Response

BUCKETS: tuple[float, ...] = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"

Key = tuple[str, str, int]  # method, route, status


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class Metrics:
    """A thread-safe registry of request counts and latency histograms.

    ``observe`` is on every request's path: it finds the one bucket a duration falls in (bisection)
    and counts it there; ``render`` turns those counts into Prometheus's cumulative buckets."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # per series: the count of each bucket (the last one is +Inf, above every bound), and the sum
        self._counts: dict[Key, list[int]] = {}
        self._sum: dict[Key, float] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        key = (method if method in _METHODS else "OTHER", route, status)
        slot = bisect_left(BUCKETS, seconds)  # the first bound >= seconds
        with self._lock:
            counts = self._counts.get(key)
            if counts is None:
                counts = self._counts[key] = [0] * (len(BUCKETS) + 1)
                self._sum[key] = 0.0
            counts[slot] += 1
            self._sum[key] += seconds

    def render(self) -> str:
        with self._lock:
            rows = [(k, list(self._counts[k]), self._sum[k]) for k in sorted(self._counts)]
        lines = [
            "# HELP nexus_http_requests_total HTTP requests answered.",
            "# TYPE nexus_http_requests_total counter",
        ]
        for (method, route, status), counts, _ in rows:
            labels = f'method="{method}",route="{_label(route)}",status="{status}"'
            lines.append(f"nexus_http_requests_total{{{labels}}} {sum(counts)}")
        lines += [
            "# HELP nexus_http_request_duration_seconds Time to answer an HTTP request.",
            "# TYPE nexus_http_request_duration_seconds histogram",
        ]
        for (method, route, status), counts, total in rows:
            labels = f'method="{method}",route="{_label(route)}",status="{status}"'
            cumulative = list(accumulate(counts))
            for bound, n in zip(BUCKETS, cumulative, strict=False):
                lines.append(f'nexus_http_request_duration_seconds_bucket{{{labels},le="{bound}"}} {n}')
            lines.append(f'nexus_http_request_duration_seconds_bucket{{{labels},le="+Inf"}} {cumulative[-1]}')
            lines.append(f"nexus_http_request_duration_seconds_sum{{{labels}}} {total:.6f}")
            lines.append(f"nexus_http_request_duration_seconds_count{{{labels}}} {cumulative[-1]}")
        return "\n".join(lines) + "\n"


def metrics_endpoint(metrics: Metrics) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        return Response(metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8")

    return endpoint
