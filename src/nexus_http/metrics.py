"""``/metrics`` in the Prometheus text exposition format (version 0.0.4).

Counts requests and observes their latency by route *template* (``/pos/api/auth/employees/{tenant_id}``,
never the raw path, so ids cannot blow up the number of series), method and status.

The registry lives in the process: with several workers each one reports its own numbers, and Prometheus
sums them per instance label. Aggregating across workers (a shared directory, as prometheus_client's
multiprocess mode does) is not implemented.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

BUCKETS: tuple[float, ...] = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"

Key = tuple[str, str, str]  # method, route, status


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class Metrics:
    """A thread-safe registry of request counts and latency histograms."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._buckets: dict[Key, list[int]] = defaultdict(lambda: [0] * len(BUCKETS))
        self._count: dict[Key, int] = defaultdict(int)
        self._sum: dict[Key, float] = defaultdict(float)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        key = (method if method in _METHODS else "OTHER", route, str(status))
        with self._lock:
            self._count[key] += 1
            self._sum[key] += seconds
            counts = self._buckets[key]
            for i, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    counts[i] += 1

    def render(self) -> str:
        with self._lock:
            keys = sorted(self._count)
            rows = [(k, self._count[k], self._sum[k], list(self._buckets[k])) for k in keys]
        lines = [
            "# HELP nexus_http_requests_total HTTP requests answered.",
            "# TYPE nexus_http_requests_total counter",
        ]
        for (method, route, status), count, _, _ in rows:
            lines.append(
                f'nexus_http_requests_total{{method="{method}",route="{_label(route)}",status="{status}"}} {count}'
            )
        lines += [
            "# HELP nexus_http_request_duration_seconds Time to answer an HTTP request.",
            "# TYPE nexus_http_request_duration_seconds histogram",
        ]
        for (method, route, status), count, total, buckets in rows:
            labels = f'method="{method}",route="{_label(route)}",status="{status}"'
            for bound, n in zip(BUCKETS, buckets, strict=True):
                lines.append(f'nexus_http_request_duration_seconds_bucket{{{labels},le="{bound}"}} {n}')
            lines.append(f'nexus_http_request_duration_seconds_bucket{{{labels},le="+Inf"}} {count}')
            lines.append(f"nexus_http_request_duration_seconds_sum{{{labels}}} {total:.6f}")
            lines.append(f"nexus_http_request_duration_seconds_count{{{labels}}} {count}")
        return "\n".join(lines) + "\n"


class MetricsMiddleware:
    """Times every HTTP request; the route template is read from the scope after routing."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500
        started = time.perf_counter()

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or UNMATCHED
            self.metrics.observe(scope["method"], template, status, time.perf_counter() - started)


def metrics_endpoint(metrics: Metrics) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        return Response(metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8")

    return endpoint
