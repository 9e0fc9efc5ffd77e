"""Migration 0022 on a database with sales history: the month buckets of the items start as the sums of
the day buckets already there, month by month, so the dashboard's top products are right on day one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from nexus_adapters.bootstrap import build_services
from nexus_adapters.persistence.engine import make_engine
from nexus_adapters.persistence.migrate import downgrade_database, upgrade_database
from nexus_core.domain.sales_stats import NO_EMPLOYEE, HourBucket, ItemBucket
from nexus_core.services.authz import Actor
from nexus_core.services.items import CreateItem, create_item
from nexus_core.services.tenants import CreateTenant, create_tenant

D = Decimal


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'nexus.db'}"
    if request.param == "postgres":
        url = request.getfixturevalue("empty_postgres_url")
    engine = make_engine(url)
    yield engine
    engine.dispose()


def test_the_month_buckets_are_filled_from_the_day_buckets(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEXUS_PIN_PEPPER", "p" * 32)
    url = engine.url.render_as_string(hide_password=False)
    upgrade_database(url)
    nexus = build_services(url)
    try:
        shop = nexus.run_platform(create_tenant, CreateTenant(name="Refaccionaria", owner_name="Ana", owner_pin="1234"))
        tid, branch = shop.tenant_id, shop.branch_id
        op = Actor.operator(tid)
        balata, filtro = (
            nexus.run(tid, create_item, CreateItem(op, {"name": n, "branch_id": branch, "price_1": "100"})).id
            for n in ("Balata", "Filtro")
        )
    finally:
        nexus.uows.engine.dispose()  # type: ignore[attr-defined]
    downgrade_database(url, "0017")
    day_buckets = [  # (day, item, quantity in thousandths, total in cents)
        (date(2026, 3, 31), filtro, 9000, 104_400),
        (date(2026, 4, 1), balata, 2000, 23_200),
        (date(2026, 4, 15), balata, 1000, 11_600),
        (date(2026, 4, 30), filtro, 1000, 11_600),
    ]
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO sales_item_stats (tenant_id, day, branch_id, item_id, quantity, total) "
                "VALUES (:t, :d, :b, :i, :q, :s)"
            ),
            [{"t": tid, "d": d, "b": branch, "i": i, "q": q, "s": s} for d, i, q, s in day_buckets],
        )
    upgrade_database(url)

    nexus = build_services(url)
    try:
        with nexus.uows.tenant(tid, write=False) as uow:
            april = [(t.item_id, t.quantity, t.total) for t in uow.sales_stats.month_top_items(date(2026, 4, 1), 10)]
            march = [(t.item_id, t.quantity, t.total) for t in uow.sales_stats.month_top_items(date(2026, 3, 9), 10)]
            may = uow.sales_stats.month_top_items(date(2026, 5, 1), 10)
        assert april == [(balata, D("3"), D("348.00")), (filtro, D("1"), D("116.00"))]
        assert march == [(filtro, D("9"), D("1044.00"))]
        assert may == []
        with nexus.uows.tenant(tid) as uow:  # new sales keep adding to the migrated buckets
            day = date(2026, 4, 20)
            uow.sales_stats.add(
                HourBucket(day, 12, branch, NO_EMPLOYEE, 1, D("580.00")),
                [ItemBucket(day, branch, balata, D("5"), D("580.00"))],  # 5 more balatas
            )
            uow.commit()
        with nexus.uows.tenant(tid, write=False) as uow:
            top = uow.sales_stats.month_top_items(date(2026, 4, 30), 1)
        assert [(t.item_id, t.quantity) for t in top] == [(balata, D("8"))]
    finally:
        nexus.uows.engine.dispose()  # type: ignore[attr-defined]
