"""Branches, employees and theme of the caller's tenant (docs/api.md#endpoints-available-now)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.tenancy import DEFAULT_THEME, THEMES
from nexus_core.services import config
from nexus_http.endpoints import Call, RouteTable
from nexus_http.reply import Created, Reply, created

routes = RouteTable("config")


@attrs.frozen
class BranchIn:
    name: str
    address: str | None = None
    phone: str | None = None


@attrs.frozen
class EmployeeIn:
    name: str
    role: str
    pin: str
    email: str | None = None
    phone: str | None = None
    branch_id: int | None = None
    max_discount_pct: Decimal | None = None


@attrs.frozen
class BranchOut:
    id: int
    name: str
    address: str | None
    phone: str | None
    is_active: bool


@attrs.frozen
class BranchList:
    data: list[BranchOut]


@attrs.frozen
class EmployeeOut:
    id: int
    name: str
    email: str | None
    phone: str | None
    role: str
    branch_id: int
    branch_name: str | None
    max_discount_pct: Decimal
    is_active: bool


@attrs.frozen
class EmployeeList:
    data: list[EmployeeOut]


@attrs.frozen
class ThemeOut:
    theme: str
    variables: dict[str, str]


@routes.get(
    "/pos/api/config/branches",
    summary="List the tenant's branches",
    response=BranchList,
    example={
        "data": [
            {"id": 1, "name": "Sucursal Centro", "address": "Av. Juarez 100", "phone": "555-0001", "is_active": True}
        ]
    },
)
def list_branches(call: Call) -> dict[str, Any]:
    branches = call.run(config.list_branches, config.ListBranches(call.actor))
    return {
        "data": [
            {"id": b.id, "name": b.name, "address": b.address, "phone": b.phone, "is_active": b.is_active}
            for b in branches
        ]
    }


@routes.post(
    "/pos/api/config/branches",
    summary="Create a branch",
    permission="config.edit",
    body=BranchIn,
    response=Created,
    status=201,
    idempotent=True,
    example={"id": 2, "message": "Branch created"},
)
def create_branch(call: Call) -> Reply:
    body: BranchIn = call.body
    cmd = config.CreateBranch(actor=call.actor, name=body.name, address=body.address, phone=body.phone)
    return call.respond(config.create_branch, cmd, created("Branch created"))


@routes.get(
    "/pos/api/config/employees",
    summary="List the tenant's employees",
    response=EmployeeList,
    permission="config.view",
    example={
        "data": [
            {
                "id": 1,
                "name": "Admin",
                "email": None,
                "phone": None,
                "role": "owner",
                "branch_id": 1,
                "branch_name": "Sucursal Centro",
                "max_discount_pct": Decimal("100.00"),
                "is_active": True,
            }
        ]
    },
)
def list_employees(call: Call) -> dict[str, Any]:
    views = call.run(config.list_employees, config.ListEmployees(call.actor))
    return {
        "data": [
            {
                "id": v.employee.id,
                "name": v.employee.name,
                "email": v.employee.email,
                "phone": v.employee.phone,
                "role": v.employee.role.value,
                "branch_id": v.employee.branch_id,
                "branch_name": v.branch_name,
                "max_discount_pct": v.employee.max_discount_pct,
                "is_active": v.employee.is_active,
            }
            for v in views
        ]
    }


@routes.post(
    "/pos/api/config/employees",
    summary="Create an employee (roles: admin, cashier, warehouse, accountant)",
    permission="config.edit",
    body=EmployeeIn,
    response=Created,
    status=201,
    idempotent=True,
    example={"id": 2, "message": "Employee created"},
)
def create_employee(call: Call) -> Reply:
    body: EmployeeIn = call.body
    cmd = config.CreateEmployee(
        actor=call.actor,
        name=body.name,
        role=body.role,
        pin=body.pin,
        branch_id=body.branch_id,
        email=body.email,
        phone=body.phone,
        max_discount_pct=body.max_discount_pct,
    )
    return call.respond(config.create_employee, cmd, created("Employee created"))


@routes.get(
    "/pos/api/config/theme",
    summary="The tenant's theme",
    response=ThemeOut,
    example={"theme": DEFAULT_THEME, "variables": dict(THEMES[DEFAULT_THEME])},
)
def theme(call: Call) -> dict[str, Any]:
    t = call.run(config.get_theme, config.GetTheme(call.actor))
    return {"theme": t.theme, "variables": dict(t.variables)}
