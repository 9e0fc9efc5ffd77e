"""In-memory sales aggregates, with the SQL adapter's rules (checked by tests/contract)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import attrs

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
from nexus_core.testing.fake_repo import FakeRepo

_HourKey = tuple[int, date, int, int, int]  # tenant, day, hour, branch, employee
_ItemKey = tuple[int, date, int, int]  # tenant, day, branch, item


@attrs.define
class InsightTables:
    hours: dict[_HourKey, tuple[int, Decimal]] = attrs.Factory(dict)
    items: dict[_ItemKey, tuple[Decimal, Decimal]] = attrs.Factory(dict)
    months: dict[_ItemKey, tuple[Decimal, Decimal]] = attrs.Factory(dict)  # day: the month's first


class InMemorySalesStats(FakeRepo):
    @property
    def _t(self) -> InsightTables:
        return self._tx.work.insight

    def add(self, hour: HourBucket, items: Sequence[ItemBucket]) -> None:
        key = (self._tid, hour.day, hour.hour, hour.branch_id, hour.employee_id)
        count, total = self._t.hours.get(key, (0, ZERO))
        self._t.hours[key] = (count + hour.sales_count, total + hour.sales_total)
        for it in items:
            for table, day in ((self._t.items, it.day), (self._t.months, month_start(it.day))):
                ikey = (self._tid, day, it.branch_id, it.item_id)
                qty, amount = table.get(ikey, (QTY_ZERO, ZERO))
                table[ikey] = (qty + it.quantity, amount + it.total)

    def _hours(self, day_from: date, day_to: date) -> list[tuple[_HourKey, tuple[int, Decimal]]]:
        return [(k, v) for k, v in self._t.hours.items() if k[0] == self._tid and day_from <= k[1] <= day_to]

    def period(self, day_from: date, day_to: date) -> PeriodFigures:
        rows = self._hours(day_from, day_to)
        return PeriodFigures(sum(v[0] for _, v in rows), sum((v[1] for _, v in rows), ZERO))

    def hours(self, day: date) -> list[HourFigures]:
        out: dict[int, tuple[int, Decimal]] = {}
        for k, (count, total) in self._hours(day, day):
            c, t = out.get(k[2], (0, ZERO))
            out[k[2]] = (c + count, t + total)
        return [HourFigures(h, c, t) for h, (c, t) in sorted(out.items())]

    def employees(self, day: date) -> list[EmployeeFigures]:
        out: dict[int, tuple[int, Decimal]] = {}
        for k, (count, total) in self._hours(day, day):
            c, t = out.get(k[4], (0, ZERO))
            out[k[4]] = (c + count, t + total)
        return [EmployeeFigures(e, c, t) for e, (c, t) in sorted(out.items())]

    def _items(self, day_from: date, day_to: date) -> list[tuple[_ItemKey, tuple[Decimal, Decimal]]]:
        return [(k, v) for k, v in self._t.items.items() if k[0] == self._tid and day_from <= k[1] <= day_to]

    def top_items(self, day_from: date, day_to: date, limit: int, *, by_quantity: bool = True) -> list[ItemFigures]:
        return _top(self._items(day_from, day_to), limit, by_quantity)

    def month_top_items(self, month: date, limit: int) -> list[ItemFigures]:
        first = month_start(month)
        rows = [(k, v) for k, v in self._t.months.items() if k[0] == self._tid and k[1] == first]
        return _top(rows, limit, True)

    def demand(
        self, day_from: date, day_to: date, *, branch_id: int | None = None, category_id: int | None = None
    ) -> list[tuple[date, int, int | None, Decimal]]:
        items = self._all.inventory.items
        out: dict[tuple[date, int, int | None], Decimal] = {}
        for (_, day, branch, item_id), (qty, _total) in self._items(day_from, day_to):
            category = items[item_id].category_id
            if (branch_id is not None and branch != branch_id) or (category_id is not None and category != category_id):
                continue
            key = (day, branch, category)
            out[key] = out.get(key, QTY_ZERO) + qty
        rows = [(d, b, c, q) for (d, b, c), q in out.items() if q > 0]
        rows.sort(key=lambda r: (r[0], r[1], -1 if r[2] is None else r[2]))
        return rows


def _top(rows: list[tuple[_ItemKey, tuple[Decimal, Decimal]]], limit: int, by_quantity: bool) -> list[ItemFigures]:
    out: dict[int, tuple[Decimal, Decimal]] = {}
    for k, (qty, total) in rows:
        q, t = out.get(k[3], (QTY_ZERO, ZERO))
        out[k[3]] = (q + qty, t + total)
    found = [ItemFigures(i, q, t) for i, (q, t) in out.items() if q > 0]
    found.sort(key=lambda r: (-(r.quantity if by_quantity else r.total), r.item_id))
    return found[:limit]
