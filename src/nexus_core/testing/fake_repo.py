"""The base of every in-memory repository: one transaction's tables, seen by one tenant."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nexus_core.testing.fakes import _Tables, _Tx


class FakeRepo:
    """Subclasses add a ``_t`` property naming their section of :attr:`_all` (ledger, inventory, ...)."""

    def __init__(self, tx: _Tx, tenant_id: int) -> None:
        self._tx, self._tid = tx, tenant_id

    @property
    def _all(self) -> _Tables:
        return self._tx.work
