"""An employee's lifecycle: change name, role, branch, discount limit or active; reset the PIN."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from nexus_core.services import employees
from nexus_http.endpoints import Call, RouteTable

routes = RouteTable("config")


@attrs.frozen
class EmployeeChangeIn:
    name: str | None = None
    role: str | None = None
    branch_id: int | None = None
    max_discount_pct: Decimal | None = None
    active: bool | None = None


@attrs.frozen
class PinIn:
    pin: str


@attrs.frozen
class EmployeeChangedOut:
    id: int
    name: str
    role: str
    branch_id: int
    max_discount_pct: Decimal
    is_active: bool
    message: str


@attrs.frozen
class PinResetOut:
    id: int
    message: str


def _forget(call: Call, employee_id: int) -> None:
    # This worker sees the change at once; the others within a second (their cache expires).
    if call.sessions is not None:
        call.sessions.forget(call.actor.tenant_id, employee_id)


@routes.put(
    "/pos/api/config/employees/{employee_id}",
    summary="Change an employee (fields left out keep their value); active=false switches them off",
    permission="config.edit",
    body=EmployeeChangeIn,
    response=EmployeeChangedOut,
    errors=(404,),
    example={
        "id": 2,
        "name": "Juan Lopez",
        "role": "cashier",
        "branch_id": 1,
        "max_discount_pct": Decimal("5.00"),
        "is_active": False,
        "message": "Employee updated",
    },
)
def update_employee(call: Call) -> dict[str, Any]:
    employee_id = call.path_int("employee_id")
    body: EmployeeChangeIn = call.body
    cmd = employees.UpdateEmployee(
        actor=call.actor,
        employee_id=employee_id,
        name=body.name,
        role=body.role,
        branch_id=body.branch_id,
        max_discount_pct=body.max_discount_pct,
        active=body.active,
    )
    e = call.run(employees.update_employee, cmd)
    _forget(call, employee_id)
    return {
        "id": e.id,
        "name": e.name,
        "role": e.role.value,
        "branch_id": e.branch_id,
        "max_discount_pct": e.max_discount_pct,
        "is_active": e.is_active,
        "message": "Employee updated",
    }


@routes.post(
    "/pos/api/config/employees/{employee_id}/pin",
    summary="Reset an employee's PIN",
    permission="config.edit",
    body=PinIn,
    response=PinResetOut,
    errors=(404, 429),
    example={"id": 2, "message": "PIN reset"},
)
def reset_pin(call: Call) -> dict[str, Any]:
    employee_id = call.path_int("employee_id")
    call.run(employees.reset_pin, employees.ResetPin(actor=call.actor, employee_id=employee_id, pin=call.body.pin))
    _forget(call, employee_id)
    return {"id": employee_id, "message": "PIN reset"}
