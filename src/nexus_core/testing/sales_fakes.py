"""In-memory sales, register and folio repositories, keeping the SQL adapter's rules (one open
register per employee, gapless folio series per tenant and document type), which the contract
tests check. Writes are serialized by the fakes' store lock, so ``lock`` only reads."""

from __future__ import annotations

import copy

import attrs

from nexus_core.domain.register import CashMovement, RegisterSession
from nexus_core.domain.returns import SaleReturn
from nexus_core.domain.sales import Sale
from nexus_core.errors import Conflict
from nexus_core.testing.fake_repo import FakeRepo


@attrs.define
class SalesTables:
    folios: dict[tuple[int, str], int] = attrs.Factory(dict)
    sales: dict[int, Sale] = attrs.Factory(dict)
    registers: dict[int, RegisterSession] = attrs.Factory(dict)
    movements: dict[int, CashMovement] = attrs.Factory(dict)
    returns: dict[int, SaleReturn] = attrs.Factory(dict)


class _Repo(FakeRepo):
    @property
    def _t(self) -> SalesTables:
        return self._tx.work.sales


class InMemoryFolios(_Repo):
    def allocate(self, document_type: str) -> int:
        key = (self._tid, document_type)
        self._t.folios[key] = self._t.folios.get(key, 0) + 1
        return self._t.folios[key]


class InMemorySales(_Repo):
    def add(self, sale: Sale) -> int:
        assert sale.tenant_id == self._tid, "entity of another tenant"
        if any(s.tenant_id == self._tid and s.folio == sale.folio for s in self._t.sales.values()):
            raise Conflict("unique index: sale folio")
        sale.id = self._all.new_id("sales")
        self._t.sales[sale.id] = copy.deepcopy(sale)
        return sale.id

    def get(self, sale_id: int) -> Sale | None:
        s = self._t.sales.get(sale_id)
        return copy.deepcopy(s) if s is not None and s.tenant_id == self._tid else None

    def lock(self, sale_id: int) -> Sale | None:
        return self.get(sale_id)

    def last_by_employee(self, employee_id: int) -> Sale | None:
        mine = [s for s in self._t.sales.values() if s.tenant_id == self._tid and s.employee_id == employee_id]
        return copy.deepcopy(max(mine, key=lambda s: s.id or 0)) if mine else None

    def save_status(self, sale: Sale) -> None:
        assert sale.id is not None
        stored = self._t.sales[sale.id]
        assert stored.tenant_id == self._tid
        stored.status, stored.cancelled_at, stored.cancel_entry_id = (
            sale.status,
            sale.cancelled_at,
            sale.cancel_entry_id,
        )


class InMemoryRegisters(_Repo):
    def add(self, session: RegisterSession) -> int:
        assert session.tenant_id == self._tid, "entity of another tenant"
        if session.employee_id is not None and self.open_for(session.employee_id) is not None:
            raise Conflict("unique index: one open register per employee")
        session.id = self._all.new_id("register_sessions")
        self._t.registers[session.id] = copy.deepcopy(session)
        return session.id

    def get(self, register_id: int) -> RegisterSession | None:
        r = self._t.registers.get(register_id)
        return copy.deepcopy(r) if r is not None and r.tenant_id == self._tid else None

    def lock(self, register_id: int) -> RegisterSession | None:
        return self.get(register_id)

    def open_for(self, employee_id: int) -> RegisterSession | None:
        found = [
            r
            for r in self._t.registers.values()
            if r.tenant_id == self._tid and r.employee_id == employee_id and r.is_open
        ]
        return copy.deepcopy(found[0]) if found else None

    def lock_open_for(self, employee_id: int) -> RegisterSession | None:
        return self.open_for(employee_id)

    def save(self, session: RegisterSession) -> None:
        assert session.id is not None and session.tenant_id == self._tid
        self._t.registers[session.id] = copy.deepcopy(session)

    def add_movement(self, movement: CashMovement) -> int:
        assert movement.tenant_id == self._tid, "entity of another tenant"
        new_id = self._all.new_id("register_movements")
        self._t.movements[new_id] = attrs.evolve(movement, id=new_id)
        return new_id

    def movements(self, register_id: int) -> list[CashMovement]:
        return sorted(
            (m for m in self._t.movements.values() if m.tenant_id == self._tid and m.register_id == register_id),
            key=lambda m: m.id or 0,
        )
