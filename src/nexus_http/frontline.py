"""The one middleware every request passes: request id, metrics, request log, the last-resort 500, and
the fast lane.

One pure ASGI layer instead of three (request log, metrics, catch-all each wrapped ``send`` in a closure
and read the clock): per request it reads the clock twice, takes the request id, wraps ``send`` once
and counts the answer in :class:`~nexus_http.metrics.Metrics` by route template.

* Every answer carries ``X-Request-Id`` (:mod:`nexus_http.request_log`); errors, slow requests and, with the
  access log on, every request are logged.
* An unexpected exception becomes a logged 500 in the surface's envelope (never for client input); if
  the answer had already started, it is re-raised.
* Fast lane: an inline endpoint with a fixed path (``GET /pos/health``, ``GET /pos/api/auth/me`` with a
  cached caller) is answered here, without Starlette's routing (:meth:`Dispatcher.fast`); every other
  endpoint with a fixed path (``POST /pos/api/sales``, ...) goes straight to its handler
  (:meth:`Dispatcher.direct`); paths with parameters, wrong methods and unknown paths take Starlette's router.
"""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from nexus_http.dispatch import Dispatcher
from nexus_http.envelope import Surface, error_body
from nexus_http.metrics import UNMATCHED, Metrics
from nexus_http.reply import Reply, send_reply
from nexus_http.request_log import HEADER, RequestIds, log_request, request_id

logger = logging.getLogger("nexus_http")


class Frontline:
    def __init__(
        self,
        app: ASGIApp,
        *,
        dispatcher: Dispatcher | None = None,
        metrics: Metrics | None = None,
        access_log: bool = False,
        slow_ms: float = 500.0,
    ) -> None:
        self.app = app
        self.dispatcher = dispatcher
        self.metrics = metrics
        self.access_log = access_log
        self.slow_s = slow_ms / 1000 if slow_ms > 0 else float("inf")
        self.ids = RequestIds()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = self.ids.of(scope)
        rid_header = (HEADER, rid.encode("ascii"))
        token = request_id.set(rid)
        status = 0  # no answer started (yet)
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), rid_header]
            await send(message)

        template: str | None = None
        failed = False  # an exception escaped after the answer started
        try:
            dispatcher = self.dispatcher
            endpoint = dispatcher.direct_endpoint(scope["method"], scope["path"]) if dispatcher else None
            if endpoint is None or dispatcher is None:
                await self.app(scope, receive, send_with_id)
            else:
                template = endpoint.path
                fast = dispatcher.is_fast(endpoint)
                if not (fast and await dispatcher.fast(endpoint, scope, send_with_id)):
                    await dispatcher.direct(endpoint, scope, receive, send_with_id)
        except Exception:
            logger.exception("unexpected error on %s %s", scope.get("method"), scope.get("path"))
            if status:
                failed = True
                raise
            body = error_body(Surface.of_path(scope.get("path", "")), "internal server error")
            await send_reply(Reply(body, 500), send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            if self.metrics is not None:
                if template is None:
                    route = scope.get("route")
                    template = getattr(route, "path", None) or UNMATCHED
                self.metrics.observe(scope["method"], template, status or 500, elapsed)
            if failed or status >= 500 or elapsed >= self.slow_s or self.access_log:
                log_request(scope, status, elapsed, failed=failed, slow_s=self.slow_s)
            request_id.reset(token)
