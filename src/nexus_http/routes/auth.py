"""PIN login, the login screen's employees, who am I (docs/api.md#endpoints-available-now; why a PIN needs no
employee id: docs/domain.md#pin-login)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from nexus_core.services import auth
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


@routes.post(
    "/pos/api/auth/login",
    summary="Log in with a PIN",
    public=True,
    body=auth.PinLogin,
    response=PinLoginOut,
    errors=(401, 404, 429),
    example={
        "token": "eyJhbGciOi...",
        "employee": {"id": 1, "name": "Admin", "role": "owner", "branch_id": 1, "max_discount_pct": Decimal("100.00")},
        "permissions": ["pos.sell", "pos.discount"],
    },
)
def login(call: Call) -> dict[str, Any]:
    cmd: auth.PinLogin = call.body
    result = call.run(auth.login_with_pin, cmd, tenant_id=cmd.tenant_id)
    e = result.employee
    return {
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
    m = call.run(auth.who_am_i, auth.WhoAmI(call.actor))
    return {
        "employee_id": m.employee_id,
        "name": m.name,
        "role": m.role,
        "tenant_id": m.tenant_id,
        "branch_id": m.branch_id,
        "permissions": m.permissions,
    }
