"""``/openapi.json`` (OpenAPI 3.1) built from the route tables; ``/docs`` renders it (:mod:`.docs_page`).

Nothing is written twice: paths, methods, summaries, authentication, permissions, path and query
parameters, request and response schemas (from the attrs wire classes the routes use: ``body=``,
``query=``, ``response=``), statuses and examples all come from the :class:`Endpoint` declarations.
An endpoint that declares no ``response=`` class yet shows its ``example`` only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import attrs

from nexus_http.endpoints import Endpoint
from nexus_http.envelope import Surface
from nexus_http.idempotency import HEADER as IDEMPOTENCY_HEADER
from nexus_http.query import scalar_type
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
    params: list[dict[str, Any]] = [_path_parameter(name, e.public) for name in _PARAM.findall(e.path)]
    if e.query is not None:
        params += _query_parameters(e.query, components)
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
    media: dict[str, Any] = {}
    if e.response is not None:
        media["schema"] = json_schema(e.response, components)
    elif e.media_type != "application/json":  # a document (PDF, XML), not JSON
        media["schema"] = {"type": "string", "format": "binary"}
    if e.example is not None:
        media["example"] = e.example
    if media:
        ok["content"] = {e.media_type: media}
    responses: dict[str, Any] = {str(e.status): ok}
    codes = set(e.errors)
    if e.body is not None or e.query is not None:
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


def _path_parameter(name: str, public: bool) -> dict[str, Any]:
    is_id = name == "id" or name.endswith("_id")
    what = f"The {name[:-3].replace('_', ' ')}'s id" if name.endswith("_id") else name.replace("_", " ").capitalize()
    if not public:
        what += "; another tenant's id answers 404, exactly like an id that does not exist"
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "integer"} if is_id else {"type": "string"},
        "description": what + ".",
    }


def _query_parameters(cl: type, components: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for f in attrs.fields(cl):
        param: dict[str, Any] = {
            "name": f.name,
            "in": "query",
            "required": f.default is attrs.NOTHING,
            "schema": json_schema(scalar_type(f.type), components),
        }
        if f.default is not attrs.NOTHING and f.default is not None:
            param["schema"] = {**param["schema"], "default": f.default}
        if f.metadata.get("description"):
            param["description"] = f.metadata["description"]
        out.append(param)
    return out


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
