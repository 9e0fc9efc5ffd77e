"""SQL of the maintained sales aggregates: one upsert per bucket on write (an item's day bucket and its
month bucket from the same deltas, in the same statement batch), ``GROUP BY`` over a day range (or one
month) of the bucket tables on read (their primary keys start ``(tenant_id, day)`` / ``(tenant_id, month)``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, select

from nexus_adapters.persistence.fast import run, run_many
from nexus_adapters.persistence.insight_tables import sales_hour_stats as hs
from nexus_adapters.persistence.insight_tables import sales_item_month_stats as ims
from nexus_adapters.persistence.insight_tables import sales_item_stats as its
from nexus_adapters.persistence.inventory_tables import items
from nexus_adapters.persistence.prebuilt import once
from nexus_adapters.persistence.sql import dialect_insert
from nexus_core.domain.money import ZERO
from nexus_core.domain.sales_stats import (
    EmployeeFigures,
    HourBucket,
    HourFigures,
    ItemBucket,
    ItemFigures,
    PeriodFigures,
    month_start,
)
from nexus_core.domain.stock import QTY_ZERO


def _hour_upsert(conn: Connection) -> Any:
    ins = dialect_insert(conn, hs)
    return ins.on_conflict_do_update(
        index_elements=["tenant_id", "day", "hour", "branch_id", "employee_id"],
        set_={
            "sales_count": hs.c.sales_count + ins.excluded.sales_count,
            "sales_total": hs.c.sales_total + ins.excluded.sales_total,
        },
    )


def _item_upsert(conn: Connection) -> Any:
    ins = dialect_insert(conn, its)
    return ins.on_conflict_do_update(
        index_elements=["tenant_id", "day", "branch_id", "item_id"],
        set_={"quantity": its.c.quantity + ins.excluded.quantity, "total": its.c.total + ins.excluded.total},
    )


def _item_month_upsert(conn: Connection) -> Any:
    ins = dialect_insert(conn, ims)
    return ins.on_conflict_do_update(
        index_elements=["tenant_id", "month", "branch_id", "item_id"],
        set_={"quantity": ims.c.quantity + ins.excluded.quantity, "total": ims.c.total + ins.excluded.total},
    )


def _top(table: Any, where: Sequence[Any], limit: int, by_quantity: bool) -> Any:
    qty = func.sum(table.c.quantity, type_=table.c.quantity.type)
    total = func.sum(table.c.total, type_=table.c.total.type)
    return (
        select(table.c.item_id, qty, total)
        .where(*where)
        .group_by(table.c.item_id)
        .having(func.sum(table.c.quantity) > 0)
        .order_by((qty if by_quantity else total).desc(), table.c.item_id)
        .limit(limit)
    )


class SqlSalesStats:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, hour: HourBucket, items_: Sequence[ItemBucket]) -> None:
        run(
            self._conn,
            once(self._conn, "sales_hour_stats.add", _hour_upsert),
            {
                "tenant_id": self._tid,
                "day": hour.day,
                "hour": hour.hour,
                "branch_id": hour.branch_id,
                "employee_id": hour.employee_id,
                "sales_count": hour.sales_count,
                "sales_total": hour.sales_total,
            },
        )
        if not items_:
            return
        days = [
            {
                "tenant_id": self._tid,
                "day": it.day,
                "branch_id": it.branch_id,
                "item_id": it.item_id,
                "quantity": it.quantity,
                "total": it.total,
            }
            for it in items_
        ]
        run_many(self._conn, once(self._conn, "sales_item_stats.add", _item_upsert), days)
        months = [{**row, "month": month_start(it.day)} for row, it in zip(days, items_, strict=True)]
        for row in months:
            del row["day"]
        run_many(self._conn, once(self._conn, "sales_item_month_stats.add", _item_month_upsert), months)

    def period(self, day_from: date, day_to: date) -> PeriodFigures:
        row = self._conn.execute(
            select(func.sum(hs.c.sales_count), func.sum(hs.c.sales_total, type_=hs.c.sales_total.type)).where(
                hs.c.tenant_id == self._tid, hs.c.day >= day_from, hs.c.day <= day_to
            )
        ).one()
        return PeriodFigures(int(row[0] or 0), row[1] if row[1] is not None else ZERO)

    def hours(self, day: date) -> list[HourFigures]:
        rows = self._conn.execute(
            select(hs.c.hour, func.sum(hs.c.sales_count), func.sum(hs.c.sales_total, type_=hs.c.sales_total.type))
            .where(hs.c.tenant_id == self._tid, hs.c.day == day)
            .group_by(hs.c.hour)
            .order_by(hs.c.hour)
        )
        return [HourFigures(int(h), int(c), t) for h, c, t in rows]

    def employees(self, day: date) -> list[EmployeeFigures]:
        rows = self._conn.execute(
            select(
                hs.c.employee_id, func.sum(hs.c.sales_count), func.sum(hs.c.sales_total, type_=hs.c.sales_total.type)
            )
            .where(hs.c.tenant_id == self._tid, hs.c.day == day)
            .group_by(hs.c.employee_id)
            .order_by(hs.c.employee_id)
        )
        return [EmployeeFigures(int(e), int(c), t) for e, c, t in rows]

    def top_items(self, day_from: date, day_to: date, limit: int, *, by_quantity: bool = True) -> list[ItemFigures]:
        where = (its.c.tenant_id == self._tid, its.c.day >= day_from, its.c.day <= day_to)
        return [ItemFigures(int(i), q, t) for i, q, t in self._conn.execute(_top(its, where, limit, by_quantity))]

    def month_top_items(self, month: date, limit: int) -> list[ItemFigures]:
        where = (ims.c.tenant_id == self._tid, ims.c.month == month_start(month))
        return [ItemFigures(int(i), q, t) for i, q, t in self._conn.execute(_top(ims, where, limit, True))]

    def demand(
        self, day_from: date, day_to: date, *, branch_id: int | None = None, category_id: int | None = None
    ) -> list[tuple[date, int, int | None, Decimal]]:
        qty = func.sum(its.c.quantity, type_=its.c.quantity.type)
        stmt = (
            select(its.c.day, its.c.branch_id, items.c.category_id, qty)
            .join(items, (items.c.tenant_id == its.c.tenant_id) & (items.c.id == its.c.item_id))
            .where(its.c.tenant_id == self._tid, its.c.day >= day_from, its.c.day <= day_to)
            .group_by(its.c.day, its.c.branch_id, items.c.category_id)
            .having(func.sum(its.c.quantity) > 0)
            .order_by(its.c.day, its.c.branch_id, func.coalesce(items.c.category_id, -1))
        )
        if branch_id is not None:
            stmt = stmt.where(its.c.branch_id == branch_id)
        if category_id is not None:
            stmt = stmt.where(items.c.category_id == category_id)
        return [
            (d, int(b), None if c is None else int(c), q if q is not None else QTY_ZERO)
            for d, b, c, q in self._conn.execute(stmt)
        ]
