"""Creating tenants (with their first branch and owner) and parcels users: operator actions."""

from __future__ import annotations

import attrs

from nexus_core.domain.staff import Role
from nexus_core.domain.tenancy import Branch, Tenant, parse_timezone
from nexus_core.domain.text import require_email
from nexus_core.domain.users import User, parse_user_role, validate_password
from nexus_core.errors import NotFound, RuleViolation
from nexus_core.ports.unit_of_work import PlatformUnitOfWork
from nexus_core.services.chart import seed_chart
from nexus_core.services.config import add_employee
from nexus_core.services.runner import Deps

DEFAULT_BRANCH_NAME = "Matriz"


@attrs.frozen
class CreateTenant:
    name: str
    owner_name: str
    owner_pin: str
    branch_name: str | None = None
    rfc: str | None = None
    timezone: str | None = None  # IANA name; None: the installation's default (NEXUS_DEFAULT_TIMEZONE)


@attrs.frozen
class TenantCreated:
    tenant_id: int
    branch_id: int
    employee_id: int


def create_tenant(cmd: CreateTenant, uow: PlatformUnitOfWork, deps: Deps) -> TenantCreated:
    """A tenant, its first branch, its owner and its SAT chart of accounts, in one transaction."""
    zone = parse_timezone(
        deps.default_timezone if cmd.timezone is None else cmd.timezone, is_zone=deps.calendar.is_zone
    )
    tenant = Tenant.create(name=cmd.name, rfc=cmd.rfc, now=deps.clock.now(), timezone=zone)
    if uow.tenants.find_by_name(tenant.name) is not None:
        raise RuleViolation(f"a tenant named {tenant.name!r} already exists", field="name")
    tenant_id = uow.tenants.add(tenant)
    tuow = uow.for_tenant(tenant_id)
    seed_chart(tuow)
    branch_id = tuow.branches.add(
        Branch.create(tenant_id=tenant_id, name=cmd.branch_name or DEFAULT_BRANCH_NAME, address=None, phone=None)
    )
    employee_id = add_employee(
        tuow,
        deps,
        name=cmd.owner_name,
        role=Role.OWNER,
        pin=cmd.owner_pin,
        branch_id=branch_id,
        email=None,
        phone=None,
        max_discount_pct=None,
    )
    return TenantCreated(tenant_id=tenant_id, branch_id=branch_id, employee_id=employee_id)


@attrs.frozen
class CreateUser:
    tenant_id: int
    email: str
    password: str
    name: str | None = None
    role: str = "admin"


def create_user(cmd: CreateUser, uow: PlatformUnitOfWork, deps: Deps) -> int:
    """A parcels user. Emails are unique across the installation because login names no tenant."""
    if uow.tenants.get(cmd.tenant_id) is None:
        raise NotFound(f"tenant {cmd.tenant_id} not found", field="tenant_id")
    email = require_email(cmd.email)
    if uow.user_directory.get_by_email(email) is not None:
        raise RuleViolation(f"a user with email {email} already exists", field="email")
    user = User.create(
        tenant_id=cmd.tenant_id,
        email=email,
        name=cmd.name,
        role=parse_user_role(cmd.role),
        password_hash=deps.hasher.hash(validate_password(cmd.password)),
        now=deps.clock.now(),
    )
    return uow.for_tenant(cmd.tenant_id).users.add(user)
