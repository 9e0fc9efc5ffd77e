"""The owner's dashboard: today's and this month's sales, top products, sales by local hour and by
employee, read from the maintained aggregates (:mod:`nexus_core.domain.sales_stats`).

:func:`record_sale` is called by :func:`nexus_core.services.sales.create_sale` and ``cancel_sale`` in their
own transaction, so the aggregates commit (or roll back) with the sale.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs

from nexus_core.domain.layaways import Layaway
from nexus_core.domain.sales import Sale
from nexus_core.domain.sales_stats import (
    EmployeeFigures,
    HourFigures,
    PeriodFigures,
    full_day,
    layaway_deltas,
    local_hour,
    month_start,
    sale_deltas,
)
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor
from nexus_core.services.business_day import business_today, current_timezone
from nexus_core.services.runner import Deps, read_only

DASHBOARD_PERMISSION = "accounting.view"
TOP_PRODUCTS = 10


def record_sale(uow: UnitOfWork, deps: Deps, sale: Sale, *, sign: int = 1) -> None:
    """Add a sale (``sign=-1``: take away its cancellation) to the buckets of its day and local hour."""
    at = deps.calendar.to_local(current_timezone(uow, deps), sale.created_at)
    deltas = sale_deltas(sale, local_hour(sale.business_date, at), sign=sign)
    uow.sales_stats.add(deltas.hour, deltas.items)


def record_layaway(uow: UnitOfWork, deps: Deps, layaway: Layaway, day: date, at: datetime, employee_id: int) -> None:
    """A completed layaway counts as a sale of ``day`` (its delivery) in the buckets (ADR 32)."""
    local = deps.calendar.to_local(current_timezone(uow, deps), at)
    deltas = layaway_deltas(layaway, day, local_hour(day, local), employee_id)
    uow.sales_stats.add(deltas.hour, deltas.items)


@attrs.frozen
class TopProduct:
    item_id: int
    name: str
    quantity: Decimal
    total: Decimal


@attrs.frozen
class DashboardStats:
    today: date
    month_from: date
    today_figures: PeriodFigures
    month_figures: PeriodFigures
    top_products: list[TopProduct]
    hourly: list[HourFigures]


@attrs.frozen
class GetDashboardStats:
    actor: Actor


@read_only
def dashboard_stats(cmd: GetDashboardStats, uow: UnitOfWork, deps: Deps) -> DashboardStats:
    """Today and this month (the tenant's local days), the month's top products, today's 24 hours."""
    cmd.actor.require(DASHBOARD_PERMISSION)
    today = business_today(uow, deps)
    first = month_start(today)
    top = uow.sales_stats.month_top_items(first, TOP_PRODUCTS)  # the month's buckets: items x branches rows
    items = uow.items.get_many([t.item_id for t in top])
    return DashboardStats(
        today=today,
        month_from=first,
        today_figures=uow.sales_stats.period(today, today),
        month_figures=uow.sales_stats.period(first, today),
        top_products=[
            TopProduct(t.item_id, items[t.item_id].name if t.item_id in items else "", t.quantity, t.total) for t in top
        ],
        hourly=full_day(uow.sales_stats.hours(today)),
    )


@attrs.frozen
class EmployeeSales:
    employee_id: int
    name: str
    figures: EmployeeFigures


@attrs.frozen
class GetEmployeeStats:
    actor: Actor


@read_only
def employee_stats(cmd: GetEmployeeStats, uow: UnitOfWork, deps: Deps) -> tuple[date, list[EmployeeSales]]:
    """Today's sales per employee, best seller first (ties by id)."""
    cmd.actor.require(DASHBOARD_PERMISSION)
    today = business_today(uow, deps)
    names = {e.id: e.name for e in uow.employees.list()}
    rows = [
        EmployeeSales(f.employee_id, names.get(f.employee_id, "operator"), f)
        for f in uow.sales_stats.employees(today)
        if f.sales_count != 0 or f.sales_total != 0
    ]
    rows.sort(key=lambda r: (-r.figures.sales_total, r.employee_id))
    return today, rows
