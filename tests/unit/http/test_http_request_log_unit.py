"""RequestLog as a bare ASGI middleware: what escapes it and what it adds."""

from __future__ import annotations

import asyncio
import logging

import pytest

from nexus_http.request_log import RequestLog

SCOPE = {"type": "http", "method": "POST", "path": "/x", "query_string": b"", "headers": [], "client": ("10.0.0.1", 9)}


def _call(app, scope=SCOPE) -> list[dict]:
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b""}

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(app(dict(scope), receive, send))
    return sent


async def _ok(scope, receive, send) -> None:
    await send({"type": "http.response.start", "status": 201, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": b"{}"})


async def _boom(scope, receive, send) -> None:
    raise RuntimeError("boom")


def test_the_id_is_added_to_the_answer_headers():
    start, _ = _call(RequestLog(_ok))
    names = [name for name, _ in start["headers"]]
    assert names == [b"content-type", b"x-request-id"]


def test_an_escaping_exception_is_logged_as_an_error_and_raised(caplog):
    with caplog.at_level(logging.INFO, logger="nexus_http.requests"), pytest.raises(RuntimeError):
        _call(RequestLog(_boom))
    (line,) = caplog.records
    assert line.levelno == logging.ERROR
    assert '10.0.0.1:9 "POST /x" no answer' in line.getMessage()


def test_other_scopes_pass_through_untouched():
    seen = []

    async def app(scope, receive, send) -> None:
        seen.append(scope["type"])

    _call(RequestLog(app), {"type": "lifespan"})
    assert seen == ["lifespan"]
