"""The SQL adapter ranks a window of closed days once and keeps it (docs/inventory.md#abc): a later
request answers from the kept ranking (shown with a row written around the engine, which the app
never does); another window is ranked on its own."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import text

from contract.test_inventory_queries_contract import Shop
from nexus_adapters.persistence import inventory_abc
from nexus_adapters.persistence.engine import make_engine
from nexus_adapters.persistence.unit_of_work import SqlUnitOfWorkFactory
from nexus_core.services import inventory_reports as R

_WRITTEN_AROUND = text(
    "INSERT INTO stock_movements (id, tenant_id, item_id, branch_id, kind, quantity, reserved_delta, value, "
    "unit_cost, reference, actor_name, at, business_date) VALUES (:id, :tenant, :item, :branch, 'sale', -1000, 0, "
    "-50000, 50000, 'around', 'test', '2026-04-01 16:00:00.000000', :day)"
)


def test_a_closed_window_is_ranked_once_and_kept(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        shop = Shop(SqlUnitOfWorkFactory(engine))
        motor, foco = shop.item("Motor", stock=10, cost="1000.00"), shop.item("Foco", stock=10, cost="10.00")
        shop.sell(motor, 1)
        shop.clock.advance(timedelta(days=1))
        report, _, period = shop.run(R.abc_report, R.ReportQuery(shop.op, days=30))
        assert [r.item_id for r in report.rows] == [motor]
        with engine.begin() as conn:  # a closed day's sale written around the engine (never done by the app)
            conn.execute(
                _WRITTEN_AROUND,
                {"id": 10**6, "tenant": shop.tid, "item": foco, "branch": shop.centro, "day": period.until},
            )
        kept, _, _ = shop.run(R.abc_report, R.ReportQuery(shop.op, days=30))
        assert kept == report  # answered from the kept ranking: the aggregate did not run again
        other_window, _, _ = shop.run(R.abc_report, R.ReportQuery(shop.op, days=2))
        assert [r.item_id for r in other_window.rows] == [motor, foco]
        inventory_abc.CACHE.clear()
        fresh, _, _ = shop.run(R.abc_report, R.ReportQuery(shop.op, days=30))
        assert [(r.item_id, r.value) for r in fresh.rows] == [(motor, Decimal("1000.00")), (foco, Decimal("500.00"))]
    finally:
        engine.dispose()
