"""Who is acting, and whether they may."""

from __future__ import annotations

import enum

import attrs

from nexus_core.domain.staff import Employee
from nexus_core.domain.users import User
from nexus_core.errors import Forbidden, Unauthorized
from nexus_core.ports.unit_of_work import UnitOfWork


class ActorKind(enum.StrEnum):
    EMPLOYEE = "employee"  # point-of-sale PIN login
    USER = "user"  # parcels email/password login
    OPERATOR = "operator"  # the command line, trusted by whoever runs it


@attrs.frozen
class Actor:
    """The authenticated caller, as the access token (or the operator's shell) describes it."""

    kind: ActorKind
    tenant_id: int
    principal_id: int
    permissions: frozenset[str] = frozenset()
    branch_id: int | None = None
    device_id: str | None = None
    name: str | None = None

    @classmethod
    def operator(cls, tenant_id: int) -> Actor:
        return cls(kind=ActorKind.OPERATOR, tenant_id=tenant_id, principal_id=0, name="operator")

    def require(self, permission: str) -> None:
        """Read-side check against the token's permissions (no database read)."""
        if self.kind is ActorKind.OPERATOR:
            return
        if permission not in self.permissions:
            raise Forbidden(f"permission {permission} required")


def current_employee(uow: UnitOfWork, actor: Actor) -> Employee:
    """The acting employee as the database has it now; a deactivated one's token is dead."""
    if actor.kind is not ActorKind.EMPLOYEE:
        raise Forbidden("this action needs an employee login")
    employee = uow.employees.get(actor.principal_id)
    if employee is None or not employee.is_active:
        raise Unauthorized("employee is not active")
    return employee


def current_user(uow: UnitOfWork, actor: Actor) -> User:
    if actor.kind is not ActorKind.USER:
        raise Forbidden("this action needs a parcels user login")
    user = uow.users.get(actor.principal_id)
    if user is None or not user.is_active:
        raise Unauthorized("user is not active")
    return user


def authorize(uow: UnitOfWork, actor: Actor, permission: str) -> Employee | None:
    """Write-side check: re-read the employee and check the *current* role grants ``permission``.

    Returns the employee (``None`` for the operator), so callers can record who acted.
    """
    if actor.kind is ActorKind.OPERATOR:
        return None
    employee = current_employee(uow, actor)
    if not employee.can(permission):
        raise Forbidden(f"permission {permission} required")
    return employee
