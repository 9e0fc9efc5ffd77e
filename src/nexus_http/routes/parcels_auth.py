"""Parcels login: email and password; the token travels at ``data.token`` (docs/api.md#surfaces)."""

from __future__ import annotations

from typing import Any

import attrs

from nexus_core.services import auth
from nexus_http.endpoints import Call, RouteTable
from nexus_http.envelope import parcels_ok

routes = RouteTable("parcels auth")


@attrs.frozen
class ParcelsToken:
    token: str


@attrs.frozen
class ParcelsLoginOut:
    success: bool
    message: str
    data: ParcelsToken


@routes.post(
    "/api/auth/login",
    summary="Log in with email and password",
    public=True,
    body=auth.PasswordLogin,
    response=ParcelsLoginOut,
    errors=(401, 429),
    example={"success": True, "message": "Login exitoso", "data": {"token": "<JWT_TOKEN>"}},
)
def parcels_login(call: Call) -> dict[str, Any]:
    result = call.run_platform(auth.login_with_password, call.body)
    return parcels_ok("Login exitoso", {"token": result.token})
