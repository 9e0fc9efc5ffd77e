"""PIN login, the login screen's employees, who am I (docs/api.md#endpoints-available-now; why a PIN needs no
employee id: docs/domain.md#pin-login)."""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

import attrs

from nexus_core.services import auth
from nexus_core.services.sessions import me_from_state
from nexus_http.endpoints import Call, RouteTable

routes = RouteTable("auth")


@attrs.frozen
class LoggedInEmployee:
    id: int
    name: str
    role: str
    branch_id: int
    max_discount_pct: Decimal


@attrs.frozen
class PinLoginOut:
    token: str
    employee: LoggedInEmployee
    permissions: list[str]
    device_secret: str | None = None  # only in the answer that makes this device known


@attrs.frozen
class LoginScreenEmployee:
    id: int
    name: str
    initials: str
    role: str
    role_label: str


@attrs.frozen
class LoginScreenOut:
    data: list[LoginScreenEmployee]


@attrs.frozen
class MeOut:
    employee_id: int
    name: str
    role: str
    tenant_id: int
    branch_id: int
    permissions: list[str]


@attrs.frozen
class PinLoginIn:
    """``device_secret``: what this device was given by an earlier login (or by enrolment)."""

    tenant_id: int
    pin: str
    device_id: str | None = None
    branch_id: int | None = None
    device_secret: str | None = None


def new_device_secret() -> str:
    return secrets.token_urlsafe(32)


@routes.post(
    "/pos/api/auth/login",
    summary="Log in with a PIN",
    public=True,
    body=PinLoginIn,
    response=PinLoginOut,
    errors=(401, 404, 429),
    example={
        "token": "eyJhbGciOi...",
        "employee": {"id": 1, "name": "Admin", "role": "owner", "branch_id": 1, "max_discount_pct": Decimal("100.00")},
        "permissions": ["pos.sell", "pos.discount"],
        "device_secret": "only when this device was just learned: keep it and send it with every login",
    },
)
def login(call: Call) -> dict[str, Any]:
    body: PinLoginIn = call.body
    cmd = auth.PinLogin(
        tenant_id=body.tenant_id,
        pin=body.pin,
        device_id=body.device_id,
        branch_id=body.branch_id,
        device_secret=body.device_secret,
        new_device_secret=new_device_secret(),
    )
    result = call.run(auth.login_with_pin, cmd, tenant_id=cmd.tenant_id)
    e = result.employee
    answer: dict[str, Any] = {
        "token": result.token,
        "employee": {
            "id": e.id,
            "name": e.name,
            "role": e.role,
            "branch_id": e.branch_id,
            "max_discount_pct": e.max_discount_pct,
        },
        "permissions": result.permissions,
    }
    if result.device_secret is not None:
        answer["device_secret"] = result.device_secret
    return answer


@routes.get(
    "/pos/api/auth/employees/{tenant_id}",
    summary="Employees for the login screen",
    response=LoginScreenOut,
    public=True,
    errors=(404,),
    example={"data": [{"id": 1, "name": "Admin", "initials": "AD", "role": "owner", "role_label": "Dueno"}]},
)
def login_employees(call: Call) -> dict[str, Any]:
    tenant_id = call.path_int("tenant_id")
    found = call.run(auth.list_login_employees, auth.ListLoginEmployees(tenant_id), tenant_id=tenant_id)
    return {
        "data": [
            {"id": e.id, "name": e.name, "initials": e.initials, "role": e.role, "role_label": e.role_label}
            for e in found
        ]
    }


@routes.get(
    "/pos/api/auth/me",
    summary="The current employee",
    response=MeOut,
    inline=True,
    example={
        "employee_id": 1,
        "name": "Admin",
        "role": "owner",
        "tenant_id": 1,
        "branch_id": 1,
        "permissions": ["pos.sell"],
    },
)
def me(call: Call) -> dict[str, Any]:
    # The employee's state was just checked (cached for at most a second): no transaction needed.
    m = me_from_state(call.actor, call.employee) if call.employee else call.run(auth.who_am_i, auth.WhoAmI(call.actor))
    return {
        "employee_id": m.employee_id,
        "name": m.name,
        "role": m.role,
        "tenant_id": m.tenant_id,
        "branch_id": m.branch_id,
        "permissions": m.permissions,
    }
