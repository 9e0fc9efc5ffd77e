"""Logging in: PIN on the point of sale, email and password on the parcels surface."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.staff import ROLE_LABELS, initials, permissions_of
from nexus_core.domain.text import optional_text
from nexus_core.errors import InvalidInput, NotFound, RateLimited, Unauthorized
from nexus_core.ports.unit_of_work import PlatformUnitOfWork, UnitOfWork
from nexus_core.services.authz import Actor, ActorKind, current_employee
from nexus_core.services.runner import Deps, read_only

ATTEMPT_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_DEVICE = 5
# A tenant-wide ceiling: someone rotating device ids still runs into it.
MAX_FAILURES_PER_TENANT = 30
UNKNOWN_DEVICE = "unknown"

TOKEN_TYPE_POS = "pos"
TOKEN_TYPE_PARCELS = "parcels"


@attrs.frozen
class PinLogin:
    tenant_id: int
    pin: str
    device_id: str | None = None
    branch_id: int | None = None


@attrs.frozen
class LoggedInEmployee:
    id: int
    name: str
    role: str
    branch_id: int
    max_discount_pct: Decimal


@attrs.frozen
class PinLoginResult:
    token: str
    employee: LoggedInEmployee
    permissions: list[str]


def _retry_after(failures: list[datetime], now: datetime) -> int:
    # The oldest failure still counts at exactly +15 min (the window is inclusive), hence the extra second.
    oldest = failures[0]
    return max(1, math.ceil((oldest + ATTEMPT_WINDOW - now).total_seconds()) + 1)


def login_with_pin(cmd: PinLogin, uow: UnitOfWork, deps: Deps) -> PinLoginResult:
    """Find the employee by PIN, verify it slowly, and issue the seed's token.

    Failures are committed before refusing, so the rate limit holds across workers.
    """
    device = optional_text(cmd.device_id, field="device_id", max_len=100) or UNKNOWN_DEVICE
    if uow.tenant.get() is None:
        raise NotFound("tenant not found", field="tenant_id")
    now = deps.clock.now()
    since = now - ATTEMPT_WINDOW
    for failures, limit in (
        (uow.login_attempts.failures_since(since, device), MAX_FAILURES_PER_DEVICE),
        (uow.login_attempts.failures_since(since), MAX_FAILURES_PER_TENANT),
    ):
        if len(failures) >= limit:
            raise RateLimited("too many failed PIN attempts; try again later", retry_after=_retry_after(failures, now))

    employee = uow.employees.find_active_by_pin(deps.digests.digest(cmd.tenant_id, cmd.pin))
    if employee is None or not deps.hasher.verify(employee.pin_hash, cmd.pin):
        uow.login_attempts.record_failure(device, now)
        uow.commit()
        raise Unauthorized("incorrect PIN")
    uow.login_attempts.clear_device(device)

    branch_id = employee.branch_id
    if cmd.branch_id is not None:
        branch = uow.branches.get(cmd.branch_id)
        if branch is None or not branch.is_active:
            raise NotFound(f"branch {cmd.branch_id} not found", field="branch_id")
        branch_id = cmd.branch_id
    assert employee.id is not None
    permissions = permissions_of(employee.role)
    claims = {
        "typ": TOKEN_TYPE_POS,
        "sub": str(employee.id),
        "tenant_id": cmd.tenant_id,
        "employee_id": employee.id,
        "name": employee.name,
        "role": employee.role.value,
        "branch_id": branch_id,
        "permissions": permissions,
        "device_id": device,
        "iat": int(now.timestamp()),
        "exp": int((now + deps.token_ttl).timestamp()),
    }
    return PinLoginResult(
        token=deps.tokens.encode(claims),
        employee=LoggedInEmployee(
            id=employee.id,
            name=employee.name,
            role=employee.role.value,
            branch_id=branch_id,
            max_discount_pct=employee.max_discount_pct,
        ),
        permissions=permissions,
    )


@attrs.frozen
class LoginScreenEmployee:
    id: int
    name: str
    initials: str
    role: str
    role_label: str


@attrs.frozen
class ListLoginEmployees:
    tenant_id: int


@read_only
def list_login_employees(cmd: ListLoginEmployees, uow: UnitOfWork, deps: Deps) -> list[LoginScreenEmployee]:
    """The login screen's faces: active employees only, no secrets."""
    if uow.tenant.get() is None:
        raise NotFound("tenant not found", field="tenant_id")
    result = []
    for e in uow.employees.list():
        if e.is_active and e.id is not None:
            result.append(LoginScreenEmployee(e.id, e.name, initials(e.name), e.role.value, ROLE_LABELS[e.role]))
    return result


@attrs.frozen
class WhoAmI:
    actor: Actor


@attrs.frozen
class Me:
    employee_id: int
    name: str
    role: str
    tenant_id: int
    branch_id: int
    permissions: list[str]


@read_only
def who_am_i(cmd: WhoAmI, uow: UnitOfWork, deps: Deps) -> Me:
    """The current employee as the database has it (a token outliving its employee gets 401)."""
    employee = current_employee(uow, cmd.actor)
    assert employee.id is not None
    return Me(
        employee_id=employee.id,
        name=employee.name,
        role=employee.role.value,
        tenant_id=employee.tenant_id,
        branch_id=cmd.actor.branch_id or employee.branch_id,
        permissions=permissions_of(employee.role),
    )


@attrs.frozen
class PasswordLogin:
    email: str
    password: str


@attrs.frozen
class PasswordLoginResult:
    token: str
    tenant_id: int
    user_id: int


def login_with_password(cmd: PasswordLogin, uow: PlatformUnitOfWork, deps: Deps) -> PasswordLoginResult:
    """Parcels login. Unknown email and wrong password get the same answer."""
    if not isinstance(cmd.email, str) or not cmd.email.strip():
        raise InvalidInput("email is required", field="email")
    if not isinstance(cmd.password, str) or not cmd.password:
        raise InvalidInput("password is required", field="password")
    user = uow.user_directory.get_by_email(cmd.email.strip().lower())
    if user is None or not user.is_active or not deps.hasher.verify(user.password_hash, cmd.password):
        raise Unauthorized("invalid email or password")
    assert user.id is not None
    now = deps.clock.now()
    claims = {
        "typ": TOKEN_TYPE_PARCELS,
        "sub": str(user.id),
        "tenant_id": user.tenant_id,
        "user_id": user.id,
        "role": user.role.value,
        "iat": int(now.timestamp()),
        "exp": int((now + deps.token_ttl).timestamp()),
    }
    return PasswordLoginResult(token=deps.tokens.encode(claims), tenant_id=user.tenant_id, user_id=user.id)


def actor_from_claims(claims: dict[str, Any]) -> Actor:
    """Rebuild the caller from verified token claims; a token missing what its type needs is refused."""
    try:
        typ = claims["typ"]
        tenant_id = int(claims["tenant_id"])
        if typ == TOKEN_TYPE_POS:
            return Actor(
                kind=ActorKind.EMPLOYEE,
                tenant_id=tenant_id,
                principal_id=int(claims["employee_id"]),
                permissions=frozenset(str(p) for p in claims["permissions"]),
                branch_id=int(claims["branch_id"]),
                device_id=str(claims.get("device_id") or UNKNOWN_DEVICE),
                name=str(claims.get("name") or ""),
            )
        if typ == TOKEN_TYPE_PARCELS:
            return Actor(kind=ActorKind.USER, tenant_id=tenant_id, principal_id=int(claims["user_id"]))
    except (KeyError, TypeError, ValueError):
        raise Unauthorized("token is missing required claims") from None
    raise Unauthorized("unknown token type")
