"""Migration 0025 (SQLite): ``items_fts`` gets its prefix indexes, keeps indexing the items already
there (rebuilt) and the new ones (same triggers); downgrading restores the definition of 0007."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from nexus_adapters.bootstrap import build_services
from nexus_adapters.persistence.engine import make_engine
from nexus_adapters.persistence.migrate import downgrade_database, upgrade_database
from nexus_core.services import inventory_lists as L
from nexus_core.services.authz import Actor
from nexus_core.services.items import CreateItem, create_item
from nexus_core.services.tenants import CreateTenant, create_tenant


def _fts_sql(url: str) -> str:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return str(conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'items_fts'")).scalar_one())
    finally:
        engine.dispose()


def test_the_name_index_gets_prefixes_and_keeps_every_item(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEXUS_PIN_PEPPER", "p" * 32)
    url = f"sqlite:///{tmp_path / 'nexus.db'}"
    upgrade_database(url)
    downgrade_database(url, "0024")
    assert "prefix" not in _fts_sql(url)
    nexus = build_services(url)
    try:
        shop = nexus.run_platform(create_tenant, CreateTenant(name="Refaccionaria", owner_name="Ana", owner_pin="1234"))
        tid, op = shop.tenant_id, Actor.operator(shop.tenant_id)
        old = nexus.run(tid, create_item, CreateItem(op, {"name": "Balata delantera", "branch_id": shop.branch_id})).id
    finally:
        nexus.uows.engine.dispose()  # type: ignore[attr-defined]

    upgrade_database(url)
    assert "prefix='2 3 4 5 6 7 8 9 10'" in _fts_sql(url)
    nexus = build_services(url)
    try:
        new = nexus.run(tid, create_item, CreateItem(op, {"name": "Balata trasera", "branch_id": shop.branch_id})).id
        found = nexus.run(tid, L.list_items, L.ListItems(op, "bal"))[0]
        assert [r.id for r in found.rows] == [old, new]
        assert [r.id for r in nexus.run(tid, L.list_items, L.ListItems(op, "delan"))[0].rows] == [old]
    finally:
        nexus.uows.engine.dispose()  # type: ignore[attr-defined]
    downgrade_database(url, "0024")
    assert "prefix" not in _fts_sql(url)
