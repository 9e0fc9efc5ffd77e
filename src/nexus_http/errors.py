"""Error categories -> HTTP status, in each surface's envelope.

One handler per category, registered by exception class, so Starlette finds it by MRO
(``KeyReused`` is a ``Conflict`` but answers 422). Anything else is a bug:
:class:`nexus_http.frontline.Frontline` logs it and answers 500 in the envelope without leaking details.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from nexus_core.errors import (
    Conflict,
    ExternalServiceError,
    Forbidden,
    InvalidInput,
    KeyReused,
    NexusError,
    NotFound,
    RateLimited,
    RuleViolation,
    Unauthorized,
)
from nexus_http.envelope import Surface, error_body
from nexus_http.reply import Reply, to_response

logger = logging.getLogger("nexus_http")

STATUS_BY_CATEGORY: dict[type[NexusError], int] = {
    NexusError: 400,
    InvalidInput: 400,
    RuleViolation: 400,
    Unauthorized: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    KeyReused: 422,
    RateLimited: 429,
    ExternalServiceError: 502,
}

_HTTP_MESSAGES = {404: "not found", 405: "method not allowed", 413: "request body too large"}


def status_of(exc: NexusError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS_BY_CATEGORY:
            return STATUS_BY_CATEGORY[cls]
    return 400  # unreachable: NexusError is in the table


def error_reply(exc: NexusError, surface: Surface) -> Reply:
    """The answer to a refusal; also what an idempotent request stores for its repeats."""
    headers: dict[str, str] = {}
    if isinstance(exc, RateLimited):
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, Unauthorized):
        headers["WWW-Authenticate"] = "Bearer"
    return Reply(error_body(surface, exc.message), status_of(exc), headers)


def _category_handler(status: int) -> Any:
    async def handle(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, NexusError)
        reply = error_reply(exc, Surface.of_path(request.url.path))
        return to_response(Reply(reply.body, status, reply.headers))

    return handle


def http_error_reply(exc: HTTPException, surface: Surface) -> Reply:
    """Starlette's own refusals (unknown route, wrong method, body too large) in the envelope."""
    default = exc.detail == HTTPStatus(exc.status_code).phrase
    message = _HTTP_MESSAGES.get(exc.status_code, str(exc.detail)) if default else str(exc.detail)
    return Reply(error_body(surface, message), exc.status_code, dict(exc.headers or {}))


async def _http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return to_response(http_error_reply(exc, Surface.of_path(request.url.path)))


def exception_handlers() -> dict[Any, Any]:
    handlers: dict[Any, Any] = {cls: _category_handler(status) for cls, status in STATUS_BY_CATEGORY.items()}
    handlers[HTTPException] = _http_exception
    return handlers
