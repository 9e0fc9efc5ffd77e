"""``/openapi.json`` (OpenAPI 3.1) built from the route tables, and ``/docs``, a self-contained page.

Nothing is written twice: paths, methods, summaries, authentication, permissions, request schemas
(from the attrs wire classes), statuses and examples all come from the :class:`Endpoint` declarations.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from nexus_http.endpoints import Endpoint
from nexus_http.envelope import Surface
from nexus_http.idempotency import HEADER as IDEMPOTENCY_HEADER
from nexus_http.schemas import json_schema

_PARAM = re.compile(r"{([A-Za-z_][A-Za-z0-9_]*)(?::[a-z]+)?}")
_REASONS = {
    200: "OK",
    201: "Created",
    400: "Invalid input or refused by a business rule",
    401: "Not authenticated (token missing, expired or invalid)",
    403: "The role lacks the permission",
    404: "Not found",
    409: "A request with this Idempotency-Key is still running",
    422: "This Idempotency-Key was used with a different request",
    429: "Too many attempts; see Retry-After",
    502: "An outside service failed",
}
_SECURITY = {Surface.POS: "posBearer", Surface.PARCELS: "parcelsBearer"}


def _error_schema(surface: Surface) -> dict[str, Any]:
    return {"$ref": "#/components/schemas/" + ("ParcelsError" if surface is Surface.PARCELS else "PosError")}


def _operation(e: Endpoint, components: dict[str, Any]) -> dict[str, Any]:
    op: dict[str, Any] = {"operationId": e.operation_id, "summary": e.summary, "tags": [e.tag]}
    description = []
    if e.public:
        op["security"] = []
        description.append("No authentication.")
    else:
        op["security"] = [{_SECURITY[e.surface]: []}]
        if e.permission:
            op["x-permission"] = e.permission
            description.append(f"Permission: `{e.permission}`.")
        else:
            description.append("Any authenticated caller.")
    params: list[dict[str, Any]] = []
    for name in _PARAM.findall(e.path):
        is_id = name == "id" or name.endswith("_id")
        params.append(
            {"name": name, "in": "path", "required": True, "schema": {"type": "integer" if is_id else "string"}}
        )
    if e.idempotent:
        params.append(
            {
                "name": IDEMPOTENCY_HEADER,
                "in": "header",
                "required": False,
                "schema": {"type": "string", "minLength": 1, "maxLength": 200},
                "description": "Repeats with the same key and body get the first answer again.",
            }
        )
        description.append("Idempotent with `Idempotency-Key`.")
    if params:
        op["parameters"] = params
    if e.body is not None:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": json_schema(e.body, components)}},
        }
    op["description"] = " ".join(description)

    ok: dict[str, Any] = {"description": _REASONS.get(e.status, "OK")}
    if e.example is not None:
        ok["content"] = {"application/json": {"example": e.example}}
    responses: dict[str, Any] = {str(e.status): ok}
    codes = set(e.errors)
    if e.body is not None:
        codes.add(400)
    if not e.public:
        codes.add(401)
    if e.permission:
        codes.add(403)
    if e.idempotent:
        codes |= {409, 422}
    for code in sorted(codes):
        responses[str(code)] = {
            "description": _REASONS.get(code, "Error"),
            "content": {"application/json": {"schema": _error_schema(e.surface)}},
        }
    op["responses"] = responses
    return op


def build_spec(endpoints: Iterable[Endpoint], *, version: str = "0.1.0") -> dict[str, Any]:
    components: dict[str, Any] = {
        "PosError": {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]},
        "ParcelsError": {
            "type": "object",
            "properties": {"success": {"const": False}, "message": {"type": "string"}},
            "required": ["success", "message"],
        },
    }
    paths: dict[str, dict[str, Any]] = {}
    for e in endpoints:
        paths.setdefault(e.path, {})[e.method.lower()] = _operation(e, components)
    bearer = {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Nexus",
            "version": version,
            "description": "Point of sale and back office (`/pos/api`) and parcels (`/api`) on one server.",
        },
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {
                "posBearer": {**bearer, "description": "Token from POST /pos/api/auth/login"},
                "parcelsBearer": {**bearer, "description": "Token from POST /api/auth/login (data.token)"},
            },
        },
    }


def docs_page(spec: dict[str, Any]) -> str:
    """A static HTML listing of the operations; no scripts, no outside assets, works offline."""
    esc = html.escape
    rows = []
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            auth = "public" if not op.get("security") else op.get("x-permission", "authenticated")
            rows.append(
                f"<tr><td class=m>{esc(method.upper())}</td><td><code>{esc(path)}</code></td>"
                f"<td>{esc(op['summary'])}</td><td>{esc(auth)}</td>"
                f"<td>{esc(', '.join(op['responses']))}</td></tr>"
            )
    title = esc(spec["info"]["title"])
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>{title} API</title><style>"
        "body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}"
        "td,th{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left}.m{font-weight:bold}"
        "</style></head><body>"
        f"<h1>{title} API</h1><p>{esc(spec['info']['description'])} "
        'Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>'
        "<table><tr><th>method</th><th>path</th><th>summary</th><th>auth</th><th>statuses</th></tr>"
        + "".join(rows)
        + "</table></body></html>"
    )
