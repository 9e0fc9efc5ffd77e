"""What an endpoint answers: a status, a JSON body and headers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
from starlette.responses import Response

from nexus_http.jsonio import dumps

JSON = "application/json"


@attrs.frozen
class Reply:
    body: Any
    status: int = 200
    headers: Mapping[str, str] = attrs.field(factory=dict)


def to_response(reply: Reply) -> Response:
    return Response(dumps(reply.body), status_code=reply.status, headers=dict(reply.headers), media_type=JSON)
