"""Migration 0024 on a database with stock: every row's last movement day is read from its movements
and each stocked item's latest day lands on its home row, so no-movement is right on day one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from nexus_adapters.bootstrap import build_services
from nexus_adapters.persistence.engine import make_engine
from nexus_adapters.persistence.migrate import downgrade_database, upgrade_database
from nexus_adapters.persistence.stock_rollup import rollup_drift
from nexus_core.ports.inventory_queries import Page
from nexus_core.services.authz import Actor
from nexus_core.services.items import CreateItem, create_item
from nexus_core.services.tenants import CreateTenant, create_tenant


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'nexus.db'}"
    if request.param == "postgres":
        url = request.getfixturevalue("empty_postgres_url")
    engine = make_engine(url)
    yield engine
    engine.dispose()


def test_last_movement_days_are_filled_from_the_movements(
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
        stocked = nexus.run(
            tid, create_item, CreateItem(op, {"name": "Balata", "branch_id": branch}, initial_stock=3)
        ).id
        nexus.run(tid, create_item, CreateItem(op, {"name": "Filtro", "branch_id": branch}))  # never moved
    finally:
        nexus.uows.engine.dispose()  # type: ignore[attr-defined]
    downgrade_database(url, "0021")
    upgrade_database(url)

    with engine.connect() as conn:
        assert rollup_drift(conn, tid) == []  # last_day = MAX(business_date) of the row's movements; item_idle
        moved = conn.execute(
            text("SELECT item_id, item_idle FROM stock_balances WHERE tenant_id = :t AND item_idle IS NOT NULL"),
            {"t": tid},
        ).all()
    assert [r[0] for r in moved] == [stocked]
    day = date.fromisoformat(str(moved[0][1]))
    nexus = build_services(url)
    try:
        with nexus.uows.tenant(tid, write=False) as uow:
            queries = uow.inventory_queries
            assert queries.no_movement(None, day, Page()).total == 0  # it moved on that day
            later = queries.no_movement(None, day + timedelta(days=1), Page())
            assert [(r.item_id, r.last_movement) for r in later.rows] == [(stocked, day)] and later.total == 1
            in_branch = queries.no_movement(branch, day + timedelta(days=1), Page())
            assert [r.item_id for r in in_branch.rows] == [stocked]
    finally:
        nexus.uows.engine.dispose()  # type: ignore[attr-defined]
