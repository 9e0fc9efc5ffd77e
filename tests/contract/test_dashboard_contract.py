"""The dashboard's maintained aggregates on the fakes, SQLite and PostgreSQL: what the owner sees after
sales and cancellations, and (hypothesis) that it always equals a recomputation from the sales."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contract.sell_shop import Counter, make_counter
from nexus_core.domain.sales import Sale, SaleStatus
from nexus_core.errors import Forbidden
from nexus_core.ports.unit_of_work import UnitOfWorkFactory
from nexus_core.services.dashboard import (
    DashboardStats,
    GetDashboardStats,
    GetEmployeeStats,
    dashboard_stats,
    employee_stats,
)
from nexus_core.services.runner import Nexus
from nexus_core.services.sales import CancelSale, cancel_sale
from nexus_core.testing import in_memory_nexus
from nexus_core.testing.fake_ports import FakeClock

D = Decimal
ZONE = "America/Mexico_City"  # the fakes' -06:00


_SHOPS = itertools.count(1)


def counter_on(uow_factory: UnitOfWorkFactory) -> tuple[Counter, FakeClock]:
    """A new shop (tenant) on ``uow_factory`` with its own fake clock."""
    deps = in_memory_nexus().deps
    assert isinstance(deps.clock, FakeClock)
    return make_counter(Nexus(uows=uow_factory, deps=deps), f"Refaccionaria {next(_SHOPS)}"), deps.clock


def stats(counter: Counter) -> DashboardStats:
    result: DashboardStats = counter.run(dashboard_stats, GetDashboardStats(counter.owner))
    return result


def test_today_month_hours_top_products_and_employees_follow_sales_and_cancellations(
    uow_factory: UnitOfWorkFactory,
) -> None:
    counter, clock = counter_on(uow_factory)
    balata = counter.shop.item("Balata delantera", stock=50, cost="60.00")
    filtro = counter.shop.item("Filtro de aceite", stock=50, cost="40.00")
    clock.current = clock.current.replace(day=1, hour=16)  # 10:00 local on 1 April
    counter.open()
    first = counter.sell((balata, "2", "116.00"))  # 232.00 + 37.12 IVA = 269.12
    clock.advance(timedelta(hours=3))  # 13:00 local
    counter.sell((filtro, "1", "100.00"), (balata, "1", "116.00"), method="tarjeta")  # 116 + 134.56
    counter.sell((filtro, "3", "100.00"), method="tarjeta", actor=counter.owner)  # 348.00
    counter.run(cancel_sale, CancelSale(counter.owner, first.id))

    s = stats(counter)
    assert (s.today_figures.sales_count, s.today_figures.sales_total) == (2, D("598.56"))
    assert s.month_figures == s.today_figures
    by_hour = {h.hour: (h.sales_count, h.sales_total) for h in s.hourly}
    assert len(s.hourly) == 24
    assert by_hour[10] == (0, D("0.00"))  # the cancelled sale left its own hour
    assert by_hour[13] == (2, D("598.56"))
    top = [(p.name, p.quantity) for p in s.top_products]
    assert top == [("Filtro de aceite", D("4")), ("Balata delantera", D("1"))]

    day, rows = counter.run(employee_stats, GetEmployeeStats(counter.owner))
    assert day.isoformat() == "2026-04-01"
    assert [(r.name, r.figures.sales_count, r.figures.sales_total) for r in rows] == [
        ("Ana Perez", 1, D("348.00")),
        ("Luis Caja", 1, D("250.56")),
    ]

    clock.advance(timedelta(days=1))  # the next local day: today is empty, the month keeps both
    s = stats(counter)
    assert (s.today_figures.sales_count, s.month_figures.sales_count) == (0, 2)
    assert s.month_figures.sales_total == D("598.56")


def test_a_cashier_may_not_see_the_dashboard(uow_factory: UnitOfWorkFactory) -> None:
    counter, _ = counter_on(uow_factory)
    with pytest.raises(Forbidden):
        counter.run(dashboard_stats, GetDashboardStats(counter.cashier))
    with pytest.raises(Forbidden):
        counter.run(employee_stats, GetEmployeeStats(counter.cashier))


def recompute(counter: Counter, sales: list[Sale], today_iso: str) -> dict[str, object]:
    """The dashboard's figures computed the slow way, from the sales as stored."""
    calendar = counter.shop.nexus.deps.calendar
    kept = []
    for sale in sales:
        with counter.shop.nexus.uows.tenant(counter.shop.tenant_id, write=False) as uow:
            stored = uow.sales.get(sale.id) if sale.id is not None else None
        assert stored is not None
        if stored.status is SaleStatus.COMPLETED:
            kept.append(stored)
    today = [s for s in kept if s.business_date.isoformat() == today_iso]
    month = [s for s in kept if s.business_date.isoformat()[:7] == today_iso[:7]]
    hours: dict[int, list[Decimal]] = defaultdict(list)
    for s in today:
        hours[calendar.to_local(ZONE, s.created_at).hour].append(s.totals.total)
    quantities: dict[int, Decimal] = defaultdict(Decimal)
    for s in month:
        for ln in s.lines:
            quantities[ln.item_id] += ln.figures.quantity
    per_employee: dict[int, Decimal] = defaultdict(Decimal)
    for s in today:
        per_employee[s.employee_id or 0] += s.totals.total
    return {
        "today": (len(today), sum((s.totals.total for s in today), D("0.00"))),
        "month": (len(month), sum((s.totals.total for s in month), D("0.00"))),
        "hours": {h: (len(v), sum(v, D("0.00"))) for h, v in hours.items()},
        "top": sorted(((i, q) for i, q in quantities.items() if q > 0), key=lambda x: (-x[1], x[0]))[:10],
        "employees": {e: t for e, t in per_employee.items()},
    }


operations = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=20 * 60),  # minutes to wait first
        st.sampled_from(["sell", "sell", "cancel"]),
        st.integers(min_value=0, max_value=2),  # which item
        st.integers(min_value=1, max_value=3),  # quantity
        st.booleans(),  # the owner (True) or the cashier
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_the_dashboard_always_equals_a_recomputation_from_the_sales(
    uow_factory: UnitOfWorkFactory, ops: list[tuple[int, str, int, int, bool]]
) -> None:
    counter, clock = counter_on(uow_factory)  # a new tenant for every example
    clock.current = clock.current.replace(day=1, hour=12)
    items = [counter.shop.item(f"Parte {i}", stock=100, cost="10.00") for i in range(3)]
    counter.open()
    sales: list[Sale] = []
    for wait, op, which, qty, by_owner in ops:
        clock.advance(timedelta(minutes=wait))
        if op == "cancel":
            open_sales = [s for s in sales if s.status is SaleStatus.COMPLETED]
            if open_sales:
                target = open_sales[which % len(open_sales)]
                target.status = SaleStatus.CANCELLED
                counter.run(cancel_sale, CancelSale(counter.owner, target.id))
            continue
        actor = counter.owner if by_owner else counter.cashier
        sales.append(counter.sell((items[which], str(qty), f"{10 + which}.50"), method="tarjeta", actor=actor))

    s = stats(counter)
    expected = recompute(counter, sales, s.today.isoformat())
    assert (s.today_figures.sales_count, s.today_figures.sales_total) == expected["today"]
    assert (s.month_figures.sales_count, s.month_figures.sales_total) == expected["month"]
    assert {h.hour: (h.sales_count, h.sales_total) for h in s.hourly if h.sales_count} == expected["hours"]
    assert [(p.item_id, p.quantity) for p in s.top_products] == expected["top"]
    _, rows = counter.run(employee_stats, GetEmployeeStats(counter.owner))
    assert {r.employee_id: r.figures.sales_total for r in rows} == {
        e: t
        for e, t in expected["employees"].items()
        if t  # type: ignore[attr-defined]
    }


def test_the_month_top_products_leave_last_month_out_and_follow_cancellations(uow_factory: UnitOfWorkFactory) -> None:
    counter, clock = counter_on(uow_factory)
    balata = counter.shop.item("Balata delantera", stock=50, cost="60.00")
    filtro = counter.shop.item("Filtro de aceite", stock=50, cost="40.00")
    clock.current = clock.current.replace(month=3, day=31, hour=23)  # 17:00 local on 31 March
    counter.open()
    counter.sell((filtro, "9", "100.00"))  # March's best seller
    clock.advance(timedelta(hours=2))  # 19:00 local, still 31 March
    march_late = counter.sell((balata, "4", "116.00"))
    clock.advance(timedelta(hours=6))  # 01:00 local on 1 April
    counter.sell((balata, "2", "116.00"), (filtro, "1", "100.00"))
    april = counter.sell((filtro, "3", "100.00"))

    s = stats(counter)
    assert s.month_from.isoformat() == "2026-04-01"
    assert [(p.name, p.quantity, p.total) for p in s.top_products] == [
        ("Filtro de aceite", D("4"), D("464.00")),
        ("Balata delantera", D("2"), D("269.12")),
    ]
    counter.run(cancel_sale, CancelSale(counter.owner, april.id))  # April's own bucket loses it
    counter.run(cancel_sale, CancelSale(counter.owner, march_late.id))  # March's, not April's
    s = stats(counter)
    assert [(p.name, p.quantity) for p in s.top_products] == [
        ("Balata delantera", D("2")),
        ("Filtro de aceite", D("1")),
    ]
