"""The SQL stock movement ledger: append-only rows, numbered by the database, read per item."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, RowMapping, func, literal_column, select

from nexus_adapters.persistence.bulk import bulk_insert
from nexus_adapters.persistence.fast import run_many
from nexus_adapters.persistence.inventory_tables import stock_movements
from nexus_adapters.persistence.prebuilt import once
from nexus_adapters.persistence.sql import check_tenant, insert_id, new_ids
from nexus_core.domain.stock import QTY_ZERO, Movement, MovementKind

QuantityTotals = dict[tuple[int, int], Decimal]


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


def _numbered_insert(conn: Connection) -> Any:
    """``stock_movements`` INSERT whose ``id`` the database gives each row of a batch."""
    if conn.dialect.name != "sqlite":
        return stock_movements.insert()  # the column's sequence fills id
    top = select(func.coalesce(func.max(literal_column("rowid")), 0) + 1).select_from(stock_movements)
    return stock_movements.insert().values(id=top.scalar_subquery())


# A sale's basket is numbered by the database in its one INSERT; beyond this, one id read and the driver's
# executemany cost less per row.
_SMALL_BATCH = 64


class SqlMovementRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, movement: Movement) -> int:
        check_tenant(movement, self._tid)
        stmt = stock_movements.insert().values({**_movement_values(movement), "tenant_id": self._tid})
        movement.id = insert_id(self._conn, stmt)
        return movement.id

    def add_many(self, movements: Sequence[Movement]) -> None:
        """One statement batch; the database numbers the rows (the sequence on PostgreSQL, ``MAX(rowid) + 1``
        per row on SQLite, whose single writer holds the database). The movements' ``id`` stay unset."""
        if not movements:
            return
        for movement in movements:
            check_tenant(movement, self._tid)
        if len(movements) > _SMALL_BATCH:  # a large batch (an import, bulk orders): driver-level executemany
            ids = new_ids(self._conn, stock_movements, len(movements))
            rows = [
                {**_movement_values(m), "tenant_id": self._tid, "id": i} for m, i in zip(movements, ids, strict=True)
            ]
            bulk_insert(self._conn, stock_movements, rows)
            return
        rows = [{**_movement_values(m), "tenant_id": self._tid} for m in movements]
        run_many(self._conn, once(self._conn, "stock_movements.add_many", _numbered_insert), rows)

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
