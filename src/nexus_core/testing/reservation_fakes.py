"""In-memory stock reservations and physical counts, keeping the SQL adapter's rules (the contract tests
check both)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import attrs

from nexus_core.domain.stock import (
    QTY_ZERO,
    CountStatus,
    PhysicalCount,
    Reservation,
    ReservationStatus,
)
from nexus_core.testing.inventory_fakes import InventoryRepo, QuantityTotals


class InMemoryReservations(InventoryRepo):
    def add(self, reservation: Reservation) -> int:
        assert reservation.tenant_id == self._tid, "entity of another tenant"
        reservation.id = self._all.new_id("stock_reservations")
        self._t.reservations[reservation.id] = attrs.evolve(reservation)
        return reservation.id

    def add_many(self, reservations: Sequence[Reservation]) -> None:
        for reservation in reservations:
            self.add(reservation)

    def get(self, reservation_id: int) -> Reservation | None:
        r = self._t.reservations.get(reservation_id)
        return attrs.evolve(r) if r is not None and r.tenant_id == self._tid else None

    def _mine(self) -> list[Reservation]:
        rows = [attrs.evolve(r) for r in self._t.reservations.values() if r.tenant_id == self._tid]
        return sorted(rows, key=lambda r: r.id or 0)

    def for_holder(self, holder_kind: str, holder_id: int, *, open_only: bool = True) -> list[Reservation]:
        return [
            r
            for r in self._mine()
            if r.holder_kind == holder_kind
            and r.holder_id == holder_id
            and (not open_only or r.status is ReservationStatus.OPEN)
        ]

    def close(self, reservation_id: int, status: ReservationStatus, at: datetime) -> bool:
        r = self.get(reservation_id)
        if r is None or r.status is not ReservationStatus.OPEN:
            return False
        self._t.reservations[reservation_id] = attrs.evolve(r, status=status, closed_at=at)
        return True

    def open_totals(self) -> QuantityTotals:
        out: QuantityTotals = {}
        for r in self._mine():
            if r.status is ReservationStatus.OPEN:
                key = (r.item_id, r.branch_id)
                out[key] = out.get(key, QTY_ZERO) + r.quantity
        return out

    def expired(self, now: datetime, *, limit: int = 500) -> list[Reservation]:
        rows = [
            r
            for r in self._mine()
            if r.status is ReservationStatus.OPEN and r.expires_at is not None and r.expires_at <= now
        ]
        return sorted(rows, key=lambda r: (r.expires_at or now, r.id or 0))[:limit]


class InMemoryCounts(InventoryRepo):
    def add(self, count: PhysicalCount) -> int:
        assert count.tenant_id == self._tid, "entity of another tenant"
        count.id = self._all.new_id("physical_counts")
        self._t.counts[count.id] = attrs.evolve(count, lines=sorted(count.lines, key=lambda ln: ln.item_id))
        return count.id

    def get(self, count_id: int) -> PhysicalCount | None:
        c = self._t.counts.get(count_id)
        return attrs.evolve(c, lines=list(c.lines)) if c is not None and c.tenant_id == self._tid else None

    def approve(self, count_id: int, *, approved_by: str, approved_at: datetime) -> bool:
        c = self.get(count_id)
        if c is None or c.status is not CountStatus.OPEN:
            return False
        self._t.counts[count_id] = attrs.evolve(
            c, status=CountStatus.APPROVED, approved_by=approved_by, approved_at=approved_at
        )
        return True
