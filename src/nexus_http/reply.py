"""What an endpoint answers: a status, a JSON body and headers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs
from starlette.responses import Response
from starlette.types import Send

from nexus_http.jsonio import dumps

JSON = "application/json"
_CONTENT_TYPE = (b"content-type", JSON.encode())


@attrs.frozen
class Reply:
    body: Any
    status: int = 200
    headers: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen
class RawBody:
    """A body that is not JSON (a PDF, an XML document): sent as is with its content type."""

    data: bytes
    content_type: str


def _encode(reply: Reply) -> tuple[bytes, Mapping[str, str]]:
    if isinstance(reply.body, RawBody):
        return reply.body.data, {**reply.headers, "content-type": reply.body.content_type}
    return dumps(reply.body), reply.headers


@attrs.frozen
class Created:
    """The answer of a create endpoint: the new id and a human message."""

    id: int
    message: str


def created(message: str) -> Callable[[int], Reply]:
    """``call.respond(handler, cmd, created("Branch created"))`` for a use case that returns the new id."""
    return lambda new_id: Reply({"id": new_id, "message": message}, 201)


def _raw_headers(body: bytes, status: int, headers: Mapping[str, str] | None) -> list[tuple[bytes, bytes]]:
    raw = [] if headers and "content-type" in headers else [_CONTENT_TYPE]
    if status >= 200 and status not in (204, 304):  # as Starlette: those carry no length
        raw.append((b"content-length", str(len(body)).encode("latin-1")))
    if headers:
        raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    return raw


class JsonResponse(Response):
    """A ``Response`` whose body is already JSON bytes; its headers are built without Starlette's
    general-purpose ``init_headers`` (no media-type or charset inference, nothing per request but the length)."""

    media_type = JSON

    def __init__(self, body: bytes, status_code: int = 200, headers: Mapping[str, str] | None = None) -> None:
        self.status_code = status_code
        self.body = body
        self.background = None
        self.raw_headers = _raw_headers(body, status_code, headers)


def to_response(reply: Reply) -> Response:
    body, headers = _encode(reply)
    return JsonResponse(body, reply.status, headers)


async def send_reply(reply: Reply, send: Send) -> None:
    """Write ``reply`` as the two ASGI messages of an answer (what ``to_response(reply)`` would send)."""
    body, extra = _encode(reply)
    headers = _raw_headers(body, reply.status, extra)
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
