"""A completed layaway counts as a sale of the day (ADR 32) on the fakes, SQLite and PostgreSQL: the
register's ``sales_count`` and ``total_sales``, the day's summary and the dashboard see it, while the
books hold its revenue once (the completion's entry) and no tender total moves twice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from contract.sell_shop import Counter, make_counter, with_customers
from contract.test_selling_contract import balance
from nexus_core.domain.layaways import Layaway
from nexus_core.ports.unit_of_work import UnitOfWorkFactory
from nexus_core.services.dashboard import DashboardStats, GetDashboardStats, dashboard_stats
from nexus_core.services.layaways import (
    CompleteLayaway,
    CreateLayaway,
    PayLayaway,
    complete_layaway,
    create_layaway,
    pay_layaway,
)
from nexus_core.services.registers import CutX, cut_x
from nexus_core.services.runner import Nexus
from nexus_core.services.sales import SaleLineInput
from nexus_core.services.selling_lists import DailySummaryQuery, register_daily_summary
from nexus_core.testing import in_memory_nexus

D = Decimal


@pytest.fixture
def counter(uow_factory: UnitOfWorkFactory) -> Counter:
    return make_counter(Nexus(uows=uow_factory, deps=in_memory_nexus().deps))


def test_a_completed_layaway_is_one_more_sale_for_the_counts_and_revenue_once_in_the_books(counter: Counter) -> None:
    customer, _ = with_customers(counter)
    item = counter.shop.item(stock=5, cost="400.00")
    counter.open(amount="0.00")
    sold = counter.sell((item, "1", "100.00"))  # 116.00 cash
    lines = [SaleLineInput(item, "1", "1000.00")]
    cmd = CreateLayaway(counter.cashier, lines, customer_id=customer, down_payment="400.00", due_date=date(2026, 4, 30))
    layaway: Layaway = counter.run(create_layaway, cmd)
    before = counter.run(cut_x, CutX(counter.cashier))
    assert (before.totals.sales_count, before.totals.sales_total) == (1, D("116.00"))
    assert layaway.id is not None
    counter.run(pay_layaway, PayLayaway(counter.cashier, layaway.id, "760.00", "tarjeta"))
    counter.run(complete_layaway, CompleteLayaway(counter.cashier, layaway.id))
    after = counter.run(cut_x, CutX(counter.cashier))
    t = after.totals
    assert (t.sales_count, t.sales_total) == (2, D("1276.00"))
    assert (t.sales_cash, t.sales_card, t.layaway_cash) == (D("116.00"), D("0.00"), D("400.00"))
    assert after.expected_cash == before.expected_cash == D("516.00")  # completing takes no money
    summary = counter.run(register_daily_summary, DailySummaryQuery(counter.owner))
    assert (summary.totals.sales_count, summary.totals.sales_total) == (2, D("1276.00"))
    stats: DashboardStats = counter.run(dashboard_stats, GetDashboardStats(counter.owner))
    assert (stats.today_figures.sales_count, stats.today_figures.sales_total) == (2, D("1276.00"))
    assert [(p.item_id, p.quantity) for p in stats.top_products] == [(item, D(2))]
    # the books: revenue of the sale and of the layaway, once each
    assert balance(counter, "401.01") == -(sold.totals.subtotal + D("1000.00"))
    assert balance(counter, "206.01") == D("0.00")
    counter.shop.check()
