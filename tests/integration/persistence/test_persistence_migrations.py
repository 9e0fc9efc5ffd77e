"""Migrations build the schema that ``tables.py`` describes, on both databases."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from nexus_adapters.persistence.engine import make_engine
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
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
        names = set(inspect(conn).get_table_names())
    assert diff == []
    assert names == set(metadata.tables) | {"alembic_version"}


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
