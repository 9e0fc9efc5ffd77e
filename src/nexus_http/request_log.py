"""A request id on every answer, and one log line for the requests worth reading.

Pure ASGI (no ``BaseHTTPMiddleware``: no extra task, no body buffering). Per request it reads the
clock twice, looks for an incoming ``X-Request-Id`` and appends one response header; it formats a log
line only for an error (5xx or an exception), a request slower than ``slow_ms``, or every request when
the access log is on (``NEXUS_ACCESS_LOG=1``).

The id is the client's ``X-Request-Id`` when it is sane (1-64 of ``A-Z a-z 0-9 . _ : -``), otherwise one
made here: a per-process random prefix and a counter, unique across workers and restarts without a
call to the random source per request. :data:`request_id` holds it for the duration of the request, so
:class:`RequestIdFilter` (installed on the log handler by ``nexus serve``) stamps every record logged
meanwhile, the 500's traceback included; the served format prints it as ``[request_id]``.
"""

from __future__ import annotations

import itertools
import logging
import re
import secrets
import time
from contextvars import ContextVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = b"x-request-id"
_SANE = re.compile(rb"[A-Za-z0-9._:-]{1,64}")

logger = logging.getLogger("nexus_http.requests")
request_id: ContextVar[str] = ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` (``-`` outside a request) for formats that print it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


class RequestLog:
    def __init__(self, app: ASGIApp, *, access_log: bool = False, slow_ms: float = 500.0) -> None:
        self.app = app
        self.access_log = access_log
        self.slow_s = slow_ms / 1000 if slow_ms > 0 else float("inf")
        self._prefix = secrets.token_hex(4)
        self._counter = itertools.count(1)

    def _incoming_id(self, scope: Scope) -> str | None:
        for name, value in scope["headers"]:
            if name == HEADER:
                return value.decode("ascii") if _SANE.fullmatch(value) else None
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = self._incoming_id(scope) or f"{self._prefix}-{next(self._counter):x}"
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

        failed = False  # an exception escaped; a client that went away (cancellation) is not an error
        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            failed = True
            raise
        finally:
            elapsed = time.perf_counter() - started
            if failed or status >= 500 or elapsed >= self.slow_s or self.access_log:
                self._log(scope, status, elapsed, failed)
            request_id.reset(token)

    def _log(self, scope: Scope, status: int, elapsed: float, failed: bool) -> None:
        path = scope.get("path", "")
        if scope.get("query_string"):
            path = f"{path}?{scope['query_string'].decode('latin-1')}"
        client = scope.get("client")
        who = f"{client[0]}:{client[1]}" if client else "-"
        ms = elapsed * 1000
        outcome = str(status) if status else "no answer"
        if failed or status >= 500:
            level, why = logging.ERROR, " (error)"
        elif elapsed >= self.slow_s:
            level, why = logging.WARNING, f" (slow: over {self.slow_s * 1000:.0f} ms)"
        else:
            level, why = logging.INFO, ""
        logger.log(
            level,
            '%s "%s %s" %s %.1f ms%s',
            who,
            scope["method"],
            path,
            outcome,
            ms,
            why,
            extra={"request_id": request_id.get()},
        )
