"""Migrations build the schema that ``tables.py`` describes, on both databases."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from nexus_adapters.persistence.catalog_queries import CATALOG_SEARCH_OBJECTS
from nexus_adapters.persistence.engine import make_engine
from nexus_adapters.persistence.inventory_search import SEARCH_OBJECTS_PREFIXES
from nexus_adapters.persistence.migrate import current_revision, head_revision, upgrade_database
from nexus_adapters.persistence.tables import metadata


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'fresh' / 'nexus.db'}"
    if request.param == "postgres":
        url = request.getfixturevalue("empty_postgres_url")
    engine = make_engine(url)
    yield engine
    engine.dispose()


def test_an_empty_database_upgrades_to_head_and_matches_the_metadata(empty_engine: Engine) -> None:
    assert current_revision(empty_engine) is None
    upgrade_database(empty_engine)
    assert current_revision(empty_engine) == head_revision()
    with empty_engine.connect() as conn:
        # The search index of migration 0007 (an FTS5 table, an expression index) lives outside the metadata.
        opts = {"compare_type": True, "include_name": lambda name, *_: not _search_object(name)}
        diff = compare_metadata(MigrationContext.configure(conn, opts=opts), metadata)
        names = {n for n in inspect(conn).get_table_names() if not _search_object(n)}
    assert diff == []
    assert names == set(metadata.tables) | {"alembic_version"}


def _search_object(name: str | None) -> bool:
    return name is not None and name.startswith(SEARCH_OBJECTS_PREFIXES + CATALOG_SEARCH_OBJECTS)


def test_upgrading_twice_is_a_no_op(empty_engine: Engine) -> None:
    upgrade_database(empty_engine)
    upgrade_database(empty_engine)
    assert current_revision(empty_engine) == head_revision()


def test_upgrade_accepts_a_url_and_creates_the_sqlite_directory(tmp_path: Path) -> None:
    path = tmp_path / "var" / "nested" / "nexus.db"
    upgrade_database(f"sqlite:///{path}")
    assert path.exists()
    engine = make_engine(f"sqlite:///{path}")
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_the_partial_pin_index_exists(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            indexes = {ix["name"]: ix for ix in inspect(conn).get_indexes("employees")}
    finally:
        engine.dispose()
    pin = indexes["uq_employees_active_pin"]
    assert pin["unique"] and pin["column_names"] == ["tenant_id", "pin_lookup"]


def test_0005_keeps_the_books_and_answered_keys_and_adds_the_bounds(
    empty_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Upgrading a database with postings from 0004: lines and balances survive the SQLite rebuild,
    answered keys are kept under the principal ``legacy``, running claims are dropped, CHECKs bite."""
    from datetime import date

    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError
    from test_ledger_sql import Books

    from nexus_adapters.bootstrap import build_services
    from nexus_adapters.persistence.unit_of_work import SqlUnitOfWorkFactory

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEXUS_PIN_PEPPER", "p" * 32)
    url = empty_engine.url.render_as_string(hide_password=False)
    upgrade_database(url, "0004")
    nexus = build_services(url)
    books = Books.open(nexus)
    books.manual(date(2026, 3, 2), ("101.01", "10.50", "0"), ("301.01", "0", "10.50"))
    insert = text(
        "INSERT INTO idempotency_keys (tenant_id, key, fingerprint, state, status_code, body, created_at) "
        "VALUES (:t, :k, 'fp', :s, :c, :b, :at)"
    )
    with empty_engine.begin() as conn:
        at = "2026-03-02 10:00:00"
        conn.execute(insert, {"t": books.tenant_id, "k": "done", "s": "done", "c": 201, "b": "{}", "at": at})
        conn.execute(insert, {"t": books.tenant_id, "k": "running", "s": "running", "c": None, "b": None, "at": at})
    assert isinstance(nexus.uows, SqlUnitOfWorkFactory)
    nexus.uows.engine.dispose()

    upgrade_database(url)
    nexus = build_services(url)
    try:
        assert (
            books.__class__(nexus, books.tenant_id, books.op, books.codes)
            .trial_balance(date(2026, 3, 1), date(2026, 3, 31))
            .totals.period_debit
            == 10.5
        )
        with nexus.uows.tenant(books.tenant_id) as uow:  # type: ignore[attr-defined]
            assert uow.idempotency.get("legacy", "done") is not None
            assert uow.idempotency.get("legacy", "running") is None
        with pytest.raises(IntegrityError), empty_engine.begin() as conn:
            conn.execute(text("UPDATE journal_lines SET debit = 1000000001 WHERE debit > 0"))
    finally:
        nexus.uows.engine.dispose()  # type: ignore[attr-defined]
