"""A tenant with its seeded chart on the in-memory fakes, and helpers to act on its ledger."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest

from nexus_core.domain.ledger import Account, EntryDraft
from nexus_core.domain.staff import ROLE_PERMISSIONS, Role
from nexus_core.services import ledger as L
from nexus_core.services.authz import Actor, ActorKind
from nexus_core.services.config import CreateEmployee, create_employee
from nexus_core.services.runner import Nexus
from nexus_core.services.tenants import CreateTenant, create_tenant
from nexus_core.testing import FakeClock, in_memory_nexus
from nexus_core.testing.fakes import InMemoryUnitOfWorkFactory


@attrs.define
class Books:
    """One tenant's ledger, driven through the use cases."""

    nexus: Nexus
    clock: FakeClock
    tenant_id: int
    branch_id: int
    op: Actor

    def run(self, handler: Any, cmd: Any) -> Any:
        return self.nexus.run(self.tenant_id, handler, cmd)

    def accounts(self) -> dict[str, Account]:
        return {a.code: a for a in self.run(L.list_accounts, L.ListAccounts(self.op))}

    def id(self, code: str) -> int:
        account_id = self.accounts()[code].id
        assert account_id is not None
        return account_id

    def post(self, draft: EntryDraft, *, created_by: str = "test") -> int:
        entry = self.run(L.post_entry, L.PostEntry(draft, created_by=created_by))
        assert entry.id is not None
        result: int = entry.id
        return result

    def manual(self, day: str, *lines: tuple[str, str, str], actor: Actor | None = None) -> L.EntryDetail:
        cmd = L.CreateManualEntry(
            actor=actor or self.op,
            date=date.fromisoformat(day),
            description="Poliza de prueba",
            lines=[L.ManualLine(self.id(code), debit=Decimal(dr), credit=Decimal(cr)) for code, dr, cr in lines],
        )
        detail: L.EntryDetail = self.run(L.create_manual_entry, cmd)
        return detail

    def close(self, year: int, month: int, actor: Actor | None = None) -> L.PeriodClosed:
        closed: L.PeriodClosed = self.run(L.close_period, L.ClosePeriod(actor or self.op, year, month))
        return closed

    def employee(self, role: Role, pin: str) -> Actor:
        employee_id = self.run(
            create_employee,
            CreateEmployee(self.op, name=f"{role.value} uno", role=role.value, pin=pin, branch_id=self.branch_id),
        )
        return Actor(
            kind=ActorKind.EMPLOYEE,
            tenant_id=self.tenant_id,
            principal_id=employee_id,
            permissions=ROLE_PERMISSIONS[role],
            name=f"{role.value} uno",
        )

    @property
    def store(self) -> Any:
        factory = self.nexus.uows
        assert isinstance(factory, InMemoryUnitOfWorkFactory)
        return factory.store.tables


def make_books(now: datetime | None = None, name: str = "Refaccionaria Uno") -> Books:
    clock = FakeClock(now or datetime(2027, 1, 15, 12, 0, tzinfo=UTC))
    nexus = in_memory_nexus(clock)
    created = nexus.run_platform(create_tenant, CreateTenant(name=name, owner_name="Dueno", owner_pin="9999"))
    return Books(nexus, clock, created.tenant_id, created.branch_id, Actor.operator(created.tenant_id))


@pytest.fixture
def books() -> Books:
    return make_books()
