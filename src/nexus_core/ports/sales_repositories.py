"""Repositories of the counter: sales, register sessions with their cash movements, and folio
counters. All are reached through a tenant's unit of work and see only its rows."""

from __future__ import annotations

from typing import Protocol

from nexus_core.domain.register import CashMovement, RegisterSession
from nexus_core.domain.sales import Sale


class FolioRepository(Protocol):
    def allocate(self, document_type: str) -> int:
        """The next number of the tenant's series for ``document_type`` (1, 2, 3 ...), taken by
        updating the series' counter row inside the current transaction: a rolled-back transaction
        gives its number back, so committed folios have no gaps; concurrent allocations wait."""
        ...


class SaleRepository(Protocol):
    def add(self, sale: Sale) -> int:
        """Insert the sale with its lines; sets and returns ``sale.id``."""
        ...

    def get(self, sale_id: int) -> Sale | None: ...

    def lock(self, sale_id: int) -> Sale | None:
        """Like :meth:`get`, locking the sale's row until the transaction ends."""
        ...

    def last_by_employee(self, employee_id: int) -> Sale | None:
        """The employee's most recent sale (highest id)."""
        ...

    def save_status(self, sale: Sale) -> None:
        """Store ``status``, ``cancelled_at`` and ``cancel_entry_id``."""
        ...


class RegisterRepository(Protocol):
    def add(self, session: RegisterSession) -> int:
        """Insert and set ``session.id``; a second open session of one employee is a Conflict."""
        ...

    def get(self, register_id: int) -> RegisterSession | None: ...

    def lock(self, register_id: int) -> RegisterSession | None:
        """Like :meth:`get`, locking the row until the transaction ends (events update its totals)."""
        ...

    def open_for(self, employee_id: int) -> RegisterSession | None:
        """The employee's open session or ``None``, without locking (a writer then calls :meth:`lock`
        and checks it is still open; a read-only use case may call this)."""
        ...

    def lock_open_for(self, employee_id: int) -> RegisterSession | None:
        """The employee's open session locked, or ``None``: :meth:`open_for` and :meth:`lock` in one
        statement (a session closed meanwhile is not returned: PostgreSQL re-checks the WHERE clause
        on the locked row)."""
        ...

    def save(self, session: RegisterSession) -> None:
        """Store the running totals and, once closed, the Z cut's fields."""
        ...

    def add_movement(self, movement: CashMovement) -> int: ...

    def movements(self, register_id: int) -> list[CashMovement]:
        """The session's cash movements, oldest first."""
        ...
