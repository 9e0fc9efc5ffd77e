"""Request ids, and the one log line for the requests worth reading (written by :mod:`nexus_http.frontline`).

A line is formatted only for an error (5xx or an exception), a request slower than ``slow_ms``, or every
request when the access log is on (``NEXUS_ACCESS_LOG=1``).

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
from contextvars import ContextVar

from starlette.types import Scope

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


class RequestIds:
    """Request ids of one process: the client's own when sane, else ``<random prefix>-<counter>``."""

    def __init__(self) -> None:
        self._prefix = secrets.token_hex(4)
        self._counter = itertools.count(1)

    def of(self, scope: Scope) -> str:
        for name, value in scope["headers"]:
            if name == HEADER:
                if _SANE.fullmatch(value):
                    return str(value.decode("ascii"))
                break
        return f"{self._prefix}-{next(self._counter):x}"


def log_request(scope: Scope, status: int, elapsed: float, *, failed: bool, slow_s: float) -> None:
    """One line for a request: an error (5xx, or ``failed``: an exception escaped), slow, or plain access."""
    path = scope.get("path", "")
    if scope.get("query_string"):
        path = f"{path}?{scope['query_string'].decode('latin-1')}"
    client = scope.get("client")
    who = f"{client[0]}:{client[1]}" if client else "-"
    ms = elapsed * 1000
    outcome = str(status) if status else "no answer"
    if failed or status >= 500:
        level, why = logging.ERROR, " (error)"
    elif elapsed >= slow_s:
        level, why = logging.WARNING, f" (slow: over {slow_s * 1000:.0f} ms)"
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
