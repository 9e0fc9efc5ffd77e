"""SQL repositories of stock: balances (conditional changes), movements, reservations, counts.

Every change of a balance is one statement whose WHERE clause carries the check
(``on_hand - reserved >= :qty``), and whose row count says whether it applied; the table's CHECK
constraints back it up. Quantities are bound through :class:`Quantity`, never as bare numbers.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BindParameter, Connection, RowMapping, bindparam, func, select, update

from nexus_adapters.persistence.inventory_tables import (
    Quantity,
    physical_count_lines,
    physical_counts,
    stock_balances,
    stock_movements,
    stock_reservations,
)
from nexus_adapters.persistence.sql import check_tenant, dialect_insert, insert_id
from nexus_core.domain.stock import (
    QTY_ZERO,
    CountLine,
    CountStatus,
    Movement,
    MovementKind,
    PhysicalCount,
    Reservation,
    ReservationStatus,
    StockBalance,
)

QuantityTotals = dict[tuple[int, int], Decimal]
_b = stock_balances.c


def _qty(value: Decimal) -> BindParameter[Decimal]:
    return bindparam(None, value, type_=Quantity())


def _to_balance(row: RowMapping) -> StockBalance:
    return StockBalance(row["item_id"], row["branch_id"], row["on_hand"], row["reserved"])


class SqlStockBalanceRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def _where(self, item_id: int, branch_id: int) -> tuple[Any, ...]:
        return (_b.tenant_id == self._tid, _b.item_id == item_id, _b.branch_id == branch_id)

    def get(self, item_id: int, branch_id: int) -> StockBalance:
        row = self._conn.execute(select(stock_balances).where(*self._where(item_id, branch_id))).mappings().first()
        return _to_balance(row) if row else StockBalance(item_id, branch_id)

    def for_item(self, item_id: int) -> list[StockBalance]:
        stmt = select(stock_balances).where(_b.tenant_id == self._tid, _b.item_id == item_id).order_by(_b.branch_id)
        return [_to_balance(r) for r in self._conn.execute(stmt).mappings()]

    def for_items(self, item_ids: Collection[int], branch_id: int) -> dict[int, StockBalance]:
        wanted = sorted(set(item_ids))
        found: dict[int, StockBalance] = {}
        if wanted:
            stmt = select(stock_balances).where(
                _b.tenant_id == self._tid, _b.branch_id == branch_id, _b.item_id.in_(wanted)
            )
            found = {r["item_id"]: _to_balance(r) for r in self._conn.execute(stmt).mappings()}
        return {i: found.get(i) or StockBalance(i, branch_id) for i in wanted}

    def total_on_hand(self, item_id: int) -> Decimal:
        stmt = select(func.coalesce(func.sum(_b.on_hand), 0)).where(_b.tenant_id == self._tid, _b.item_id == item_id)
        return Decimal(self._conn.execute(stmt).scalar_one()).quantize(QTY_ZERO)  # typed Quantity: already scaled

    def increase(self, item_id: int, branch_id: int, qty: Decimal) -> None:
        insert = dialect_insert(self._conn, stock_balances).values(
            tenant_id=self._tid, item_id=item_id, branch_id=branch_id, on_hand=qty, reserved=QTY_ZERO
        )
        stmt = insert.on_conflict_do_update(
            index_elements=["tenant_id", "item_id", "branch_id"], set_={"on_hand": _b.on_hand + _qty(qty)}
        )
        self._conn.execute(stmt)

    def _change(self, item_id: int, branch_id: int, condition: Any, **values: Any) -> bool:
        stmt = update(stock_balances).where(*self._where(item_id, branch_id), condition).values(**values)
        return bool(self._conn.execute(stmt).rowcount == 1)

    def decrease(self, item_id: int, branch_id: int, qty: Decimal) -> bool:
        return self._change(item_id, branch_id, _b.on_hand - _b.reserved >= _qty(qty), on_hand=_b.on_hand - _qty(qty))

    def reserve(self, item_id: int, branch_id: int, qty: Decimal) -> bool:
        return self._change(item_id, branch_id, _b.on_hand - _b.reserved >= _qty(qty), reserved=_b.reserved + _qty(qty))

    def release(self, item_id: int, branch_id: int, qty: Decimal) -> bool:
        return self._change(item_id, branch_id, _b.reserved >= _qty(qty), reserved=_b.reserved - _qty(qty))

    def consume(self, item_id: int, branch_id: int, qty: Decimal) -> bool:
        return self._change(
            item_id,
            branch_id,
            _b.reserved >= _qty(qty),
            on_hand=_b.on_hand - _qty(qty),
            reserved=_b.reserved - _qty(qty),
        )

    def set_reserved(self, item_id: int, branch_id: int, reserved: Decimal) -> None:
        # A plain UPDATE: an INSERT ... ON CONFLICT would have its CHECKs judged on the proposed new row.
        stmt = update(stock_balances).where(*self._where(item_id, branch_id)).values(reserved=reserved)
        if self._conn.execute(stmt).rowcount == 0 and reserved != 0:
            self._conn.execute(  # no row means nothing on hand: the CHECK refuses this, as it should
                stock_balances.insert().values(
                    tenant_id=self._tid, item_id=item_id, branch_id=branch_id, on_hand=QTY_ZERO, reserved=reserved
                )
            )

    def reserved_totals(self) -> QuantityTotals:
        stmt = select(stock_balances).where(_b.tenant_id == self._tid, _b.reserved != 0)
        return {(r["item_id"], r["branch_id"]): r["reserved"] for r in self._conn.execute(stmt).mappings()}

    def all(self) -> list[StockBalance]:
        stmt = select(stock_balances).where(_b.tenant_id == self._tid).order_by(_b.item_id, _b.branch_id)
        return [_to_balance(r) for r in self._conn.execute(stmt).mappings()]


_MOVEMENT_FIELDS = (
    "item_id",
    "branch_id",
    "quantity",
    "reserved_delta",
    "value",
    "unit_cost",
    "reference",
    "reason",
    "actor_id",
    "actor_name",
    "at",
    "business_date",
)


def _movement_values(m: Movement) -> dict[str, Any]:
    return {**{name: getattr(m, name) for name in _MOVEMENT_FIELDS}, "kind": m.kind.value}


def _to_movement(row: RowMapping) -> Movement:
    return Movement(
        id=row["id"],
        tenant_id=row["tenant_id"],
        kind=MovementKind(row["kind"]),
        **{name: row[name] for name in _MOVEMENT_FIELDS},
    )


class SqlMovementRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, movement: Movement) -> int:
        check_tenant(movement, self._tid)
        stmt = stock_movements.insert().values({**_movement_values(movement), "tenant_id": self._tid})
        movement.id = insert_id(self._conn, stmt)
        return movement.id

    def add_many(self, movements: Sequence[Movement]) -> None:
        for movement in movements:  # ids in order; SQLite needs MAX(rowid) + 1 per row anyway
            self.add(movement)

    def for_item(self, item_id: int, *, limit: int = 50, branch_id: int | None = None) -> list[Movement]:
        c = stock_movements.c
        stmt = select(stock_movements).where(c.tenant_id == self._tid, c.item_id == item_id)
        if branch_id is not None:
            stmt = stmt.where(c.branch_id == branch_id)
        stmt = stmt.order_by(c.id.desc()).limit(limit)
        return [_to_movement(r) for r in self._conn.execute(stmt).mappings()]

    def quantity_totals(self) -> QuantityTotals:
        c = stock_movements.c
        stmt = (
            select(c.item_id, c.branch_id, func.sum(c.quantity).label("total"))
            .where(c.tenant_id == self._tid)
            .group_by(c.item_id, c.branch_id)
        )
        return {
            (r.item_id, r.branch_id): Decimal(r.total).quantize(QTY_ZERO)  # sum() keeps the Quantity type
            for r in self._conn.execute(stmt)
        }


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

    def get(self, reservation_id: int) -> Reservation | None:
        stmt = select(stock_reservations).where(_r.tenant_id == self._tid, _r.id == reservation_id)
        row = self._conn.execute(stmt).mappings().first()
        return _to_reservation(row) if row else None

    def for_holder(self, holder_kind: str, holder_id: int, *, open_only: bool = True) -> list[Reservation]:
        stmt = select(stock_reservations).where(
            _r.tenant_id == self._tid, _r.holder_kind == holder_kind, _r.holder_id == holder_id
        )
        if open_only:
            stmt = stmt.where(_r.status == ReservationStatus.OPEN.value)
        return [_to_reservation(r) for r in self._conn.execute(stmt.order_by(_r.id)).mappings()]

    def close(self, reservation_id: int, status: ReservationStatus, at: datetime) -> bool:
        stmt = (
            update(stock_reservations)
            .where(_r.tenant_id == self._tid, _r.id == reservation_id, _r.status == ReservationStatus.OPEN.value)
            .values(status=status.value, closed_at=at)
        )
        return bool(self._conn.execute(stmt).rowcount == 1)

    def open_totals(self) -> QuantityTotals:
        stmt = (
            select(_r.item_id, _r.branch_id, func.sum(_r.quantity).label("total"))
            .where(_r.tenant_id == self._tid, _r.status == ReservationStatus.OPEN.value)
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
                _r.status == ReservationStatus.OPEN.value,
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
