"""SQL repositories of reservations and physical counts: rows that change state once, by a
conditional update (``open`` -> ``released``/``consumed``, ``open`` -> ``approved``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Connection, RowMapping, func, select, update

from nexus_adapters.persistence.bulk import bulk_insert
from nexus_adapters.persistence.inventory_tables import physical_count_lines, physical_counts, stock_reservations
from nexus_adapters.persistence.sql import check_tenant, insert_id, new_ids, written
from nexus_core.domain.stock import QTY_ZERO, CountLine, CountStatus, PhysicalCount, Reservation, ReservationStatus

QuantityTotals = dict[tuple[int, int], Decimal]


_r = stock_reservations.c


def _to_reservation(row: RowMapping) -> Reservation:
    return Reservation(
        id=row["id"],
        tenant_id=row["tenant_id"],
        item_id=row["item_id"],
        branch_id=row["branch_id"],
        quantity=row["quantity"],
        holder_kind=row["holder_kind"],
        holder_id=row["holder_id"],
        status=ReservationStatus(row["status"]),
        created_at=row["created_at"],
        expires_at=row["expires_at"],
        closed_at=row["closed_at"],
    )


_OPEN = written(ReservationStatus.OPEN.value)  # a constant in the SQL: the open rows' partial index


class SqlReservationRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, reservation: Reservation) -> int:
        check_tenant(reservation, self._tid)
        r = reservation
        stmt = stock_reservations.insert().values(
            tenant_id=self._tid,
            item_id=r.item_id,
            branch_id=r.branch_id,
            quantity=r.quantity,
            holder_kind=r.holder_kind,
            holder_id=r.holder_id,
            status=r.status.value,
            created_at=r.created_at,
            expires_at=r.expires_at,
            closed_at=r.closed_at,
        )
        reservation.id = insert_id(self._conn, stmt)
        return reservation.id

    def add_many(self, reservations: Sequence[Reservation]) -> None:
        if not reservations:
            return
        for reservation in reservations:
            check_tenant(reservation, self._tid)
        ids = new_ids(self._conn, stock_reservations, len(reservations))
        rows = [
            {
                "tenant_id": self._tid,
                "id": i,
                "item_id": r.item_id,
                "branch_id": r.branch_id,
                "quantity": r.quantity,
                "holder_kind": r.holder_kind,
                "holder_id": r.holder_id,
                "status": r.status.value,
                "created_at": r.created_at,
                "expires_at": r.expires_at,
                "closed_at": r.closed_at,
            }
            for r, i in zip(reservations, ids, strict=True)
        ]
        bulk_insert(self._conn, stock_reservations, rows)
        for r, i in zip(reservations, ids, strict=True):
            r.id = i

    def get(self, reservation_id: int) -> Reservation | None:
        stmt = select(stock_reservations).where(_r.tenant_id == self._tid, _r.id == reservation_id)
        row = self._conn.execute(stmt).mappings().first()
        return _to_reservation(row) if row else None

    def for_holder(self, holder_kind: str, holder_id: int, *, open_only: bool = True) -> list[Reservation]:
        stmt = select(stock_reservations).where(
            _r.tenant_id == self._tid, _r.holder_kind == holder_kind, _r.holder_id == holder_id
        )
        if open_only:
            stmt = stmt.where(_r.status == _OPEN)
        return [_to_reservation(r) for r in self._conn.execute(stmt.order_by(_r.id)).mappings()]

    def close(self, reservation_id: int, status: ReservationStatus, at: datetime) -> bool:
        stmt = (
            update(stock_reservations)
            .where(_r.tenant_id == self._tid, _r.id == reservation_id, _r.status == _OPEN)
            .values(status=status.value, closed_at=at)
        )
        return bool(self._conn.execute(stmt).rowcount == 1)

    def open_totals(self) -> QuantityTotals:
        stmt = (
            select(_r.item_id, _r.branch_id, func.sum(_r.quantity).label("total"))
            .where(_r.tenant_id == self._tid, _r.status == _OPEN)
            .group_by(_r.item_id, _r.branch_id)
        )
        return {
            (r.item_id, r.branch_id): Decimal(r.total).quantize(QTY_ZERO)  # sum() keeps the Quantity type
            for r in self._conn.execute(stmt)
        }

    def expired(self, now: datetime, *, limit: int = 500) -> list[Reservation]:
        stmt = (
            select(stock_reservations)
            .where(
                _r.tenant_id == self._tid,
                _r.status == _OPEN,
                _r.expires_at.is_not(None),
                _r.expires_at <= now,
            )
            .order_by(_r.expires_at, _r.id)
            .limit(limit)
        )
        return [_to_reservation(r) for r in self._conn.execute(stmt).mappings()]


class SqlPhysicalCountRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, count: PhysicalCount) -> int:
        check_tenant(count, self._tid)
        stmt = physical_counts.insert().values(
            tenant_id=self._tid,
            branch_id=count.branch_id,
            status=count.status.value,
            created_by=count.created_by,
            created_at=count.created_at,
            business_date=count.business_date,
            approved_by=count.approved_by,
            approved_at=count.approved_at,
        )
        count.id = insert_id(self._conn, stmt)
        if count.lines:
            rows = [
                {
                    "tenant_id": self._tid,
                    "count_id": count.id,
                    "item_id": ln.item_id,
                    "counted": ln.counted,
                    "system_quantity": ln.system_quantity,
                }
                for ln in count.lines
            ]
            self._conn.execute(physical_count_lines.insert(), rows)
        return count.id

    def get(self, count_id: int) -> PhysicalCount | None:
        c = physical_counts.c
        row = (
            self._conn.execute(select(physical_counts).where(c.tenant_id == self._tid, c.id == count_id))
            .mappings()
            .first()
        )
        if row is None:
            return None
        lc = physical_count_lines.c
        lines = self._conn.execute(
            select(physical_count_lines).where(lc.tenant_id == self._tid, lc.count_id == count_id).order_by(lc.item_id)
        ).mappings()
        return PhysicalCount(
            id=row["id"],
            tenant_id=row["tenant_id"],
            branch_id=row["branch_id"],
            status=CountStatus(row["status"]),
            lines=[CountLine(ln["item_id"], ln["counted"], ln["system_quantity"]) for ln in lines],
            created_by=row["created_by"],
            created_at=row["created_at"],
            business_date=row["business_date"],
            approved_by=row["approved_by"],
            approved_at=row["approved_at"],
        )

    def approve(self, count_id: int, *, approved_by: str, approved_at: datetime) -> bool:
        c = physical_counts.c
        stmt = (
            update(physical_counts)
            .where(c.tenant_id == self._tid, c.id == count_id, c.status == CountStatus.OPEN.value)
            .values(status=CountStatus.APPROVED.value, approved_by=approved_by, approved_at=approved_at)
        )
        return bool(self._conn.execute(stmt).rowcount == 1)
