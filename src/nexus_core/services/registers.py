"""Cash register sessions (caja): open, cash in/out, X cut and Z cut (docs/domain.md "Cash register
and cuts"). Cuts read the session's running totals, which every linked event updates in its own
transaction (:mod:`nexus_core.services.sales`), so a cut costs the same for 10 sales or 10,000."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.posting_rules import CashCutDifference, cash_cut_difference
from nexus_core.domain.register import CashMovement, RegisterSession, new_movement
from nexus_core.domain.register_totals import CutSummary
from nexus_core.domain.sales import DocumentType, folio
from nexus_core.domain.staff import Employee
from nexus_core.errors import Forbidden, NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, ActorKind, authorize, current_employee
from nexus_core.services.business_day import business_today
from nexus_core.services.posting import PostEntry, actor_name, post_entry
from nexus_core.services.runner import Deps, read_only

MANAGE_OTHERS = "config.edit"  # reading or closing another employee's register


def selling_employee(uow: UnitOfWork, actor: Actor, permission: str = "pos.sell") -> Employee:
    """The employee at the counter: registers and sales belong to an employee login."""
    employee = authorize(uow, actor, permission)
    if employee is None:
        raise Forbidden("this action needs an employee login (a register belongs to an employee)")
    return employee


def require_open_register(uow: UnitOfWork, employee: Employee) -> RegisterSession:
    """The employee's open session, its row locked (events update its totals)."""
    locked = lock_open_register(uow, employee)
    if locked is None:
        raise RuleViolation("you have no open register; open one first", field="register_id")
    return locked


def lock_open_register(uow: UnitOfWork, employee: Employee) -> RegisterSession | None:
    """The employee's open session locked, or None when there is none (one statement)."""
    assert employee.id is not None
    return uow.registers.lock_open_for(employee.id)


@attrs.frozen
class OpenRegister:
    actor: Actor
    opening_amount: Any


def open_register(cmd: OpenRegister, uow: UnitOfWork, deps: Deps) -> RegisterSession:
    employee = selling_employee(uow, cmd.actor)
    assert employee.id is not None
    session = RegisterSession.open(
        tenant_id=uow.tenant_id,
        branch_id=employee.branch_id,
        employee_id=employee.id,
        opening_amount=cmd.opening_amount,
        now=deps.clock.now(),
        business_date=business_today(uow, deps),
    )
    current = uow.registers.open_for(employee.id)
    if current is not None:
        raise RuleViolation(f"you already have register {current.id} open; close it with a Z cut first")
    uow.registers.add(session)  # the unique index refuses a concurrent second one (Conflict)
    return session


@attrs.frozen
class RecordCashMovement:
    actor: Actor
    type: Any  # "in" | "out"
    amount: Any
    reason: Any
    register_id: Any = None  # optional; when given it must name the caller's open register


def record_cash_movement(cmd: RecordCashMovement, uow: UnitOfWork, deps: Deps) -> CashMovement:
    """Cash in or out of the caller's open register (a movement never goes to someone else's drawer)."""
    employee = selling_employee(uow, cmd.actor)
    session = require_open_register(uow, employee)
    assert session.id is not None
    if cmd.register_id is not None and cmd.register_id != session.id:
        raise RuleViolation(f"register {cmd.register_id} is not your open register ({session.id})", field="register_id")
    movement = new_movement(
        tenant_id=uow.tenant_id,
        register_id=session.id,
        direction=cmd.type,
        amount=cmd.amount,
        reason=cmd.reason,
        employee_id=employee.id,
        now=deps.clock.now(),
    )
    session.record_movement(movement.direction, movement.amount)
    movement = attrs.evolve(movement, id=uow.registers.add_movement(movement))
    uow.registers.save(session)
    return movement


def _target(uow: UnitOfWork, actor: Actor, register_id: int | None, *, lock: bool) -> RegisterSession:
    """The register a cut works on: the given one (own, or any with ``config.edit``) or the employee's
    open one. Another tenant's register is not found."""
    if actor.kind is ActorKind.OPERATOR and register_id is None:
        raise RuleViolation("register_id is required from the command line", field="register_id")
    if register_id is None:
        employee = current_employee(uow, actor)
        actor.require("pos.sell")
        assert employee.id is not None
        found = uow.registers.open_for(employee.id)
        if found is None or found.id is None:
            raise RuleViolation("you have no open register", field="register_id")
        register_id = found.id
    session = uow.registers.lock(register_id) if lock else uow.registers.get(register_id)
    if session is None:
        raise NotFound(f"register {register_id} not found", field="register_id")
    if actor.kind is ActorKind.EMPLOYEE and session.employee_id != actor.principal_id:
        actor.require(MANAGE_OTHERS)
    return session


@attrs.frozen
class CutX:
    actor: Actor
    register_id: int | None = None


@read_only
def cut_x(cmd: CutX, uow: UnitOfWork, deps: Deps) -> CutSummary:
    """Reads a session without closing it (a closed one answers its frozen Z summary)."""
    cmd.actor.require("pos.view")
    return _target(uow, cmd.actor, cmd.register_id, lock=False).summary()


@attrs.frozen
class CutZ:
    actor: Actor
    counted_amount: Any
    register_id: int | None = None


@attrs.frozen
class ZCut:
    folio: str
    summary: CutSummary
    entry_id: int | None  # the posted difference, if any


def cut_z(cmd: CutZ, uow: UnitOfWork, deps: Deps) -> ZCut:
    """Closes the session with the counted cash; a difference is posted (faltante or sobrante)."""
    employee = authorize(uow, cmd.actor, "pos.sell")
    session = _target(uow, cmd.actor, cmd.register_id, lock=True)
    if not session.is_open:
        raise RuleViolation(f"register {session.id} is already closed", field="register_id")
    number = uow.folios.allocate(DocumentType.REGISTER_CUT.value)
    cut_folio = folio(DocumentType.REGISTER_CUT, number)
    today = business_today(uow, deps)
    summary = session.close(cmd.counted_amount, folio=cut_folio, now=deps.clock.now(), business_date=today)
    uow.registers.save(session)
    entry_id = None
    assert session.difference is not None
    if session.difference != Decimal(0):
        fact = CashCutDifference(date=today, folio=cut_folio, difference=session.difference)
        entry = post_entry(PostEntry(cash_cut_difference(fact), actor_name(employee)), uow, deps)
        entry_id = entry.id
    return ZCut(cut_folio, summary, entry_id)


@attrs.frozen
class CurrentRegister:
    actor: Actor


@read_only
def current_register(cmd: CurrentRegister, uow: UnitOfWork, deps: Deps) -> RegisterSession:
    """The calling employee's open session (``GET /register/current``)."""
    cmd.actor.require("pos.sell")
    employee = current_employee(uow, cmd.actor)
    assert employee.id is not None
    found = uow.registers.open_for(employee.id)
    if found is None:
        raise NotFound("you have no open register", field="register_id")
    return found
