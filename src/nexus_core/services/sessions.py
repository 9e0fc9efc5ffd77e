"""What a request needs to know about the employee behind its token, now.

Tokens live for hours; employees are deactivated and demoted at any time. Every POS request checks
the employee's *current* state (active, role) instead of trusting the token's claims. Adapters may
cache :class:`EmployeeState` per process for at most a second (``nexus_http.auth``), so a read needs
no database round trip while a deactivation or a role change still reaches every worker within one
second. Writes re-check in their own transaction regardless (:func:`nexus_core.services.authz.authorize`).
"""

from __future__ import annotations

import attrs

from nexus_core.domain.staff import Role, permissions_of
from nexus_core.errors import Unauthorized
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.auth import Me
from nexus_core.services.authz import Actor, ActorKind
from nexus_core.services.runner import Deps, read_only


@attrs.frozen
class EmployeeState:
    employee_id: int
    tenant_id: int
    name: str
    role: Role
    branch_id: int
    is_active: bool

    @property
    def permissions(self) -> list[str]:
        return permissions_of(self.role)


@attrs.frozen
class ReadEmployeeState:
    employee_id: int


@read_only
def read_employee_state(cmd: ReadEmployeeState, uow: UnitOfWork, deps: Deps) -> EmployeeState | None:
    """The employee's state as the database has it (``None``: no such employee in this tenant)."""
    e = uow.employees.get(cmd.employee_id)
    if e is None or e.id is None:
        return None
    return EmployeeState(e.id, e.tenant_id, e.name, e.role, e.branch_id, e.is_active)


def current_actor(actor: Actor, state: EmployeeState | None) -> Actor:
    """The token's actor with the employee's current permissions; a dead employee's token is refused."""
    if actor.kind is not ActorKind.EMPLOYEE:
        return actor
    if state is None or not state.is_active or state.employee_id != actor.principal_id:
        raise Unauthorized("employee is not active")
    return attrs.evolve(actor, permissions=frozenset(state.permissions), name=state.name)


def me_from_state(actor: Actor, state: EmployeeState) -> Me:
    """``GET /auth/me`` without a transaction: the login's branch, the employee's current rest."""
    return Me(
        employee_id=state.employee_id,
        name=state.name,
        role=state.role.value,
        tenant_id=state.tenant_id,
        branch_id=actor.branch_id or state.branch_id,
        permissions=state.permissions,
    )
