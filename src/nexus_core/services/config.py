"""Branches, employees and theme of a tenant (docs/api.md#configuration)."""

from __future__ import annotations

from decimal import Decimal
from typing import Mapping

import attrs

from nexus_core.domain.staff import Employee, Role, parse_discount_pct, parse_role, validate_pin
from nexus_core.domain.tenancy import Branch
from nexus_core.errors import NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.login_limiter import claim_pin
from nexus_core.services.runner import Deps, read_only


@attrs.frozen
class ListBranches:
    actor: Actor


@read_only
def list_branches(cmd: ListBranches, uow: UnitOfWork, deps: Deps) -> list[Branch]:
    return uow.branches.list()


@attrs.frozen
class CreateBranch:
    actor: Actor
    name: str
    address: str | None = None
    phone: str | None = None


def create_branch(cmd: CreateBranch, uow: UnitOfWork, deps: Deps) -> int:
    authorize(uow, cmd.actor, "config.edit")
    branch = Branch.create(tenant_id=uow.tenant_id, name=cmd.name, address=cmd.address, phone=cmd.phone)
    if any(b.name.casefold() == branch.name.casefold() for b in uow.branches.list()):
        raise RuleViolation(f"a branch named {branch.name!r} already exists", field="name")
    return uow.branches.add(branch)


@attrs.frozen
class ListEmployees:
    actor: Actor


@attrs.frozen
class EmployeeView:
    employee: Employee
    branch_name: str | None


@read_only
def list_employees(cmd: ListEmployees, uow: UnitOfWork, deps: Deps) -> list[EmployeeView]:
    cmd.actor.require("config.view")
    names = {b.id: b.name for b in uow.branches.list()}
    return [EmployeeView(e, names.get(e.branch_id)) for e in uow.employees.list()]


@attrs.frozen
class CreateEmployee:
    actor: Actor
    name: str
    role: str
    pin: str
    branch_id: int | None = None
    email: str | None = None
    phone: str | None = None
    max_discount_pct: Decimal | None = None


DEFAULT_MAX_DISCOUNT: Mapping[Role, Decimal] = {
    Role.OWNER: Decimal("100"),
    Role.ADMIN: Decimal("100"),
    Role.CASHIER: Decimal("0"),
    Role.WAREHOUSE: Decimal("0"),
    Role.ACCOUNTANT: Decimal("0"),
}


def add_employee(
    uow: UnitOfWork,
    deps: Deps,
    *,
    name: str,
    role: Role,
    pin: str,
    branch_id: int,
    email: str | None,
    phone: str | None,
    max_discount_pct: Decimal | None,
    chosen_by: int | None = None,
) -> int:
    """Shared by the endpoint and tenant creation: validates every other field first, then the PIN.

    ``chosen_by`` is the employee choosing the PIN (``None``: the operator); a PIN already in use
    counts against that employee's login limiter (see :func:`login_limiter.claim_pin`).
    """
    branch = uow.branches.get(branch_id)
    if branch is None:
        raise NotFound(f"branch {branch_id} not found", field="branch_id")
    if not branch.is_active:
        raise RuleViolation(f"branch {branch_id} is not active", field="branch_id")
    discount = parse_discount_pct(DEFAULT_MAX_DISCOUNT[role] if max_discount_pct is None else max_discount_pct)
    now = deps.clock.now()
    employee = Employee.create(
        tenant_id=uow.tenant_id,
        branch_id=branch_id,
        name=name,
        role=role,
        email=email,
        phone=phone,
        max_discount_pct=discount,
        pin_lookup="",
        pin_hash="",
        now=now,
    )
    pin = validate_pin(pin)
    employee.pin_lookup = deps.digests.digest(uow.tenant_id, pin)
    claim_pin(uow, lookup=employee.pin_lookup, employee_id=chosen_by, now=now)
    employee.pin_hash = deps.hasher.hash(pin)
    return uow.employees.add(employee)


def create_employee(cmd: CreateEmployee, uow: UnitOfWork, deps: Deps) -> int:
    me = authorize(uow, cmd.actor, "config.edit")
    role = parse_role(cmd.role)
    if cmd.branch_id is not None:
        branch_id = cmd.branch_id
    elif me is not None:
        branch_id = me.branch_id
    else:
        raise RuleViolation("branch_id is required", field="branch_id")
    return add_employee(
        uow,
        deps,
        name=cmd.name,
        role=role,
        pin=cmd.pin,
        branch_id=branch_id,
        email=cmd.email,
        phone=cmd.phone,
        max_discount_pct=cmd.max_discount_pct,
        chosen_by=me.id if me is not None else None,
    )


@attrs.frozen
class GetTheme:
    actor: Actor


@attrs.frozen
class Theme:
    theme: str
    variables: Mapping[str, str]


@read_only
def get_theme(cmd: GetTheme, uow: UnitOfWork, deps: Deps) -> Theme:
    tenant = uow.tenant.get()
    if tenant is None:
        raise NotFound("tenant not found")
    return Theme(theme=tenant.theme, variables=dict(tenant.theme_variables()))
