"""What an endpoint answers: a status, a JSON body and headers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
from starlette.responses import Response

from nexus_http.jsonio import dumps

JSON = "application/json"
_CONTENT_TYPE = (b"content-type", JSON.encode())


@attrs.frozen
class Reply:
    body: Any
    status: int = 200
    headers: Mapping[str, str] = attrs.field(factory=dict)


class JsonResponse(Response):
    """A ``Response`` whose body is already JSON bytes; its headers are built without Starlette's
    general-purpose ``init_headers`` (no media-type or charset inference, nothing per request but the length)."""

    media_type = JSON

    def __init__(self, body: bytes, status_code: int = 200, headers: Mapping[str, str] | None = None) -> None:
        self.status_code = status_code
        self.body = body
        self.background = None
        raw = [_CONTENT_TYPE]
        if status_code >= 200 and status_code not in (204, 304):  # as Starlette: those carry no length
            raw.append((b"content-length", str(len(body)).encode("latin-1")))
        if headers:
            raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
        self.raw_headers = raw


def to_response(reply: Reply) -> Response:
    return JsonResponse(dumps(reply.body), reply.status, reply.headers)
