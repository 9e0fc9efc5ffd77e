"""Frontline (request id, log, last-resort 500) as a bare ASGI middleware: what escapes it and what it adds."""

from __future__ import annotations

import asyncio
import logging

import pytest

from nexus_http.frontline import Frontline

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


async def _boom_after_start(scope, receive, send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    raise RuntimeError("boom")


def test_the_id_is_added_to_the_answer_headers():
    start, _ = _call(Frontline(_ok))
    names = [name for name, _ in start["headers"]]
    assert names == [b"content-type", b"x-request-id"]


def test_an_exception_before_the_answer_becomes_a_logged_500_in_the_envelope(caplog):
    with caplog.at_level(logging.INFO, logger="nexus_http"):
        start, body = _call(Frontline(_boom))
    assert start["status"] == 500
    assert body["body"] == b'{"error":"internal server error"}'
    lines = [r for r in caplog.records if r.name == "nexus_http.requests"]
    assert [r.levelno for r in lines] == [logging.ERROR]
    assert '10.0.0.1:9 "POST /x" 500' in lines[0].getMessage()


def test_an_exception_after_the_answer_started_is_logged_as_an_error_and_raised(caplog):
    with caplog.at_level(logging.INFO, logger="nexus_http.requests"), pytest.raises(RuntimeError):
        _call(Frontline(_boom_after_start))
    (line,) = [r for r in caplog.records if r.name == "nexus_http.requests"]
    assert line.levelno == logging.ERROR
    assert '10.0.0.1:9 "POST /x" 200' in line.getMessage()


def test_other_scopes_pass_through_untouched():
    seen = []

    async def app(scope, receive, send) -> None:
        seen.append(scope["type"])

    _call(Frontline(app), {"type": "lifespan"})
    assert seen == ["lifespan"]
