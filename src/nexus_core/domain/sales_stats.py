"""Maintained sales aggregates: what one sale (or its cancellation) adds to the dashboard's buckets.

Two grains, both keyed by the tenant's local business day (docs/insight.md):

* :class:`HourBucket` ``(day, hour, branch, employee)``: sales count and total (with tax). The dashboard's
  today, month, hourly and per-employee figures read these: at most 24 x employees rows a day.
* :class:`ItemBucket` ``(day, branch, item)``: quantity and total sold. Top products and the supplier
  portal's demand read these.

A sale adds ``+1`` with its figures; its cancellation adds the same with the opposite sign to the very
buckets the sale went into (its own day and local hour), so the buckets always equal a recomputation
over the completed sales. Reads cost what the answer costs, never what the history costs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

import attrs

from nexus_core.domain.layaways import Layaway
from nexus_core.domain.money import ZERO
from nexus_core.domain.sales import Sale, SaleLine
from nexus_core.domain.stock import QTY_ZERO

NO_EMPLOYEE = 0  # the bucket of sales without an employee (the operator's); ids start at 1


@attrs.frozen
class HourBucket:
    day: date
    hour: int
    branch_id: int
    employee_id: int
    sales_count: int
    sales_total: Decimal


@attrs.frozen
class ItemBucket:
    day: date
    branch_id: int
    item_id: int
    quantity: Decimal
    total: Decimal


@attrs.frozen
class SaleDeltas:
    hour: HourBucket
    items: tuple[ItemBucket, ...]


def local_hour(business_date: date, local_time: datetime) -> int:
    """The hour bucket of a sale of ``business_date`` made at ``local_time`` (the tenant's zone).

    The two come from two readings of the clock; at midnight they can straddle days, and the bucket
    must stay on the sale's own day: a later day clamps to 23, an earlier one to 0.
    """
    if local_time.date() > business_date:
        return 23
    if local_time.date() < business_date:
        return 0
    return local_time.hour


def sale_deltas(sale: Sale, hour: int, *, sign: int = 1) -> SaleDeltas:
    """What ``sale`` adds to the buckets (``sign=-1``: what its cancellation takes away)."""
    if sign not in (1, -1):
        raise ValueError("sign is 1 (a sale) or -1 (its cancellation)")
    return _ticket_deltas(sale.business_date, hour, sale.branch_id, sale.employee_id, sale.lines, sign)


def layaway_deltas(layaway: Layaway, day: date, hour: int, employee_id: int | None) -> SaleDeltas:
    """What a layaway adds when it is completed (ADR 32): a sale of its lines on the day and hour of
    the delivery, credited to the employee who delivered it. It is never cancelled afterwards."""
    return _ticket_deltas(day, hour, layaway.branch_id, employee_id, layaway.lines, 1)


def _ticket_deltas(
    day: date, hour: int, branch_id: int, employee_id: int | None, lines: Sequence[SaleLine], sign: int
) -> SaleDeltas:
    if not 0 <= hour <= 23:
        raise ValueError("hour is 0-23")
    employee = employee_id if employee_id is not None else NO_EMPLOYEE
    by_item: dict[int, tuple[Decimal, Decimal]] = {}
    for ln in lines:
        qty, total = by_item.get(ln.item_id, (QTY_ZERO, ZERO))
        by_item[ln.item_id] = (qty + ln.figures.quantity, total + ln.figures.total)
    ticket = sum((ln.figures.total for ln in lines), ZERO)
    return SaleDeltas(
        hour=HourBucket(day, hour, branch_id, employee, sign, sign * ticket),
        items=tuple(
            ItemBucket(day, branch_id, item_id, sign * qty, sign * total)
            for item_id, (qty, total) in sorted(by_item.items())
        ),
    )


@attrs.frozen
class PeriodFigures:
    sales_count: int
    sales_total: Decimal


@attrs.frozen
class HourFigures:
    hour: int
    sales_count: int
    sales_total: Decimal


@attrs.frozen
class EmployeeFigures:
    employee_id: int
    sales_count: int
    sales_total: Decimal


@attrs.frozen
class ItemFigures:
    item_id: int
    quantity: Decimal
    total: Decimal


def full_day(hours: Iterable[HourFigures]) -> list[HourFigures]:
    """All 24 local hours, those without sales at zero (a chart wants every hour)."""
    found = {h.hour: h for h in hours}
    return [found.get(h, HourFigures(h, 0, ZERO)) for h in range(24)]


def month_start(day: date) -> date:
    return day.replace(day=1)


def iso_week(day: date) -> str:
    """``2026-W05``: the ISO 8601 week a day belongs to (weeks start on Monday)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def fold_weeks(
    rows: Sequence[tuple[date, str, int | None, Decimal]],
) -> dict[tuple[str, str, int | None], Decimal]:
    """``(day, zone, group, quantity)`` rows folded into ``(zone, group, iso week)`` totals."""
    out: dict[tuple[str, str, int | None], Decimal] = {}
    for day, zone, group, qty in rows:
        key = (zone, iso_week(day), group)
        out[key] = out.get(key, QTY_ZERO) + qty
    return out
