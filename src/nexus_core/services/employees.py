"""An employee's lifecycle after hiring: changing name, role, branch, discount limit, switching them
off and on, and resetting the PIN. Owner and admins only (``config.edit``); every change is journaled.

A change reaches the employee's tokens at once for writes (they re-read the employee in their own
transaction) and within a second for reads (the adapters' per-process cache of
:class:`nexus_core.services.sessions.EmployeeState` is never older than that).
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from nexus_core.domain.security_events import SecurityEvent, SecurityEventKind
from nexus_core.domain.staff import Employee, Role, parse_discount_pct, parse_role, validate_pin
from nexus_core.domain.text import require_text
from nexus_core.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.login_limiter import claim_pin
from nexus_core.services.runner import Deps


@attrs.frozen
class UpdateEmployee:
    """Fields left ``None`` keep their value."""

    actor: Actor
    employee_id: int
    name: str | None = None
    role: str | None = None
    branch_id: int | None = None
    max_discount_pct: Decimal | None = None
    active: bool | None = None


def _target(uow: UnitOfWork, actor: Actor, employee_id: int) -> tuple[Employee | None, Employee]:
    me = authorize(uow, actor, "config.edit")
    employee = uow.employees.get(employee_id)
    if employee is None:
        raise NotFound(f"employee {employee_id} not found", field="id")
    if employee.role is Role.OWNER and me is not None and me.role is not Role.OWNER:
        raise Forbidden("only the owner may change the owner")
    return me, employee


def _journal(uow: UnitOfWork, deps: Deps, kind: SecurityEventKind, me: Employee | None, target: int, what: str) -> None:
    event = SecurityEvent(kind, deps.clock.now(), f"employee:{target}", what, me.id if me is not None else None)
    uow.security_events.add(event)


def update_employee(cmd: UpdateEmployee, uow: UnitOfWork, deps: Deps) -> Employee:
    """Every field is judged before anything changes; bringing someone back checks their PIN last."""
    me, employee = _target(uow, cmd.actor, cmd.employee_id)
    changes: dict[str, object] = {}
    if cmd.name is not None:
        changes["name"] = require_text(cmd.name, field="name", max_len=120)
    if cmd.role is not None:
        role = parse_role(cmd.role)
        if employee.role is Role.OWNER:
            raise RuleViolation("the owner's role cannot be changed", field="role")
        changes["role"] = role
    if cmd.branch_id is not None:
        branch = uow.branches.get(cmd.branch_id)
        if branch is None:
            raise NotFound(f"branch {cmd.branch_id} not found", field="branch_id")
        if not branch.is_active:
            raise RuleViolation(f"branch {cmd.branch_id} is not active", field="branch_id")
        changes["branch_id"] = cmd.branch_id
    if cmd.max_discount_pct is not None:
        changes["max_discount_pct"] = parse_discount_pct(cmd.max_discount_pct)
    if cmd.active is not None:
        if not isinstance(cmd.active, bool):
            raise InvalidInput("active must be true or false", field="active")
        if not cmd.active and employee.role is Role.OWNER:
            raise RuleViolation("the owner cannot be deactivated", field="active")
        if not cmd.active and me is not None and me.id == employee.id:
            raise RuleViolation("you cannot deactivate yourself", field="active")
        changes["is_active"] = cmd.active
    if not changes:
        raise InvalidInput("nothing to change: give name, role, branch_id, max_discount_pct or active")
    if changes.get("is_active") is True and not employee.is_active:
        # Back among the active: its PIN must not be another active employee's (and asking must not
        # become a way to test PINs).
        claim_pin(uow, lookup=employee.pin_lookup, employee_id=me.id if me else None, now=deps.clock.now())
    for name, value in changes.items():
        setattr(employee, name, value)
    uow.employees.update(employee)
    what = ", ".join(f"{k}={getattr(v, 'value', v)}" for k, v in changes.items())
    _journal(uow, deps, SecurityEventKind.EMPLOYEE_UPDATED, me, cmd.employee_id, "changed " + what)
    return employee


@attrs.frozen
class ResetPin:
    actor: Actor
    employee_id: int
    pin: str


def reset_pin(cmd: ResetPin, uow: UnitOfWork, deps: Deps) -> None:
    """Give the employee a new PIN, chosen by the owner or an admin and told to the employee."""
    me, employee = _target(uow, cmd.actor, cmd.employee_id)
    pin = validate_pin(cmd.pin)
    lookup = deps.digests.digest(uow.tenant_id, pin)
    if employee.is_active:
        chooser = me.id if me is not None else None
        claim_pin(uow, lookup=lookup, employee_id=chooser, now=deps.clock.now(), owner_id=employee.id)
    employee.pin_lookup = lookup
    employee.pin_hash = deps.hasher.hash(pin)
    uow.employees.update(employee)
    _journal(uow, deps, SecurityEventKind.PIN_RESET, me, cmd.employee_id, "PIN reset")
