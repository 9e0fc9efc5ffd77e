"""The register a layaway deposit, a refund or a converted quotation uses: always the caller's own
open register. A ``register_id`` the client sends is checked against it, never silently ignored."""

from __future__ import annotations

from nexus_core.domain.register import RegisterSession
from nexus_core.domain.staff import Employee
from nexus_core.errors import RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.purchases import parse_item_id
from nexus_core.services.registers import require_open_register


def register_for(uow: UnitOfWork, employee: Employee, register_id: object, *, cash: bool) -> RegisterSession | None:
    """The caller's open register, locked, when cash moves (``cash``) or a ``register_id`` is named
    (it must be that register); ``None`` otherwise."""
    if register_id is None and not cash:
        return None
    session = require_open_register(uow, employee)
    if register_id is not None and parse_item_id(register_id, field="register_id") != session.id:
        raise RuleViolation(f"register {register_id} is not your open register ({session.id})", field="register_id")
    return session
