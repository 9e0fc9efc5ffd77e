"""Migration 0003 on a database with data: keys become (tenant_id, id), ids are kept and new ids
continue after them (on SQLite too), emails stay unique across tenants, tenants get a time zone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from nexus_adapters.persistence.engine import make_engine
from nexus_adapters.persistence.migrate import downgrade_database, head_revision, upgrade_database
from nexus_adapters.persistence.unit_of_work import SqlUnitOfWorkFactory
from nexus_core.domain.tenancy import Branch
from nexus_core.domain.users import User, UserRole
from nexus_core.errors import Conflict

NOW = datetime(2026, 4, 1, tzinfo=UTC)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'nexus.db'}"
    if request.param == "postgres":
        url = request.getfixturevalue("empty_postgres_url")
    engine = make_engine(url)
    yield engine
    engine.dispose()


def _seed_at_0002(engine: Engine) -> None:
    """Two tenants with branches whose ids have a gap (a deleted branch), as 0002 left them."""
    upgrade_database(engine, "0002")
    with engine.begin() as conn:
        for tid, name in ((1, "Uno"), (2, "Dos")):
            conn.execute(
                text("INSERT INTO tenants (id, name, name_key, theme, created_at) VALUES (:i, :n, :k, 'default', :t)"),
                {"i": tid, "n": name, "k": name.casefold(), "t": NOW},
            )
        for bid, tid in ((1, 1), (2, 2), (5, 1)):
            conn.execute(
                text("INSERT INTO branches (id, tenant_id, name, is_active) VALUES (:i, :t, :n, true)"),
                {"i": bid, "t": tid, "n": f"Sucursal {bid}"},
            )
        conn.execute(
            text(
                "INSERT INTO users (id, tenant_id, email, role, password_hash, is_active, created_at)"
                " VALUES (7, 1, 'ana@example.com', 'admin', 'x', true, :t)"
            ),
            {"t": NOW},
        )
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT setval(pg_get_serial_sequence('tenants', 'id'), 2)"))
            conn.execute(text("SELECT setval(pg_get_serial_sequence('branches', 'id'), 5)"))
            conn.execute(text("SELECT setval(pg_get_serial_sequence('users', 'id'), 7)"))


def test_upgrading_a_database_with_data_keeps_ids_and_continues_them(engine: Engine) -> None:
    _seed_at_0002(engine)
    upgrade_database(engine)
    with engine.connect() as conn:
        assert inspect(conn).get_pk_constraint("branches")["constrained_columns"] == ["tenant_id", "id"]
        assert inspect(conn).get_pk_constraint("journal_entries")["constrained_columns"] == ["tenant_id", "id"]
    uows = SqlUnitOfWorkFactory(engine)
    with uows.tenant(2) as uow:
        assert [b.id for b in uow.branches.list()] == [2]
        new_id = uow.branches.add(Branch.create(tenant_id=2, name="Norte", address=None, phone=None))
        assert uow.tenant.get() is not None and uow.tenant.get().timezone == "America/Mexico_City"  # type: ignore[union-attr]
        uow.commit()
    assert new_id == 6  # after the highest id of every tenant, not a per-tenant count
    with uows.platform() as platform:
        assert platform.user_directory.get_by_email("ANA@example.com") is not None
    user = User.create(tenant_id=2, email="ana@example.com", name=None, role=UserRole.ADMIN, password_hash="x", now=NOW)
    with pytest.raises(Conflict), uows.tenant(2) as uow:  # the email belongs to tenant 1
        uow.users.add(user)
        uow.commit()


def test_the_migration_goes_down_and_up_again(engine: Engine) -> None:
    _seed_at_0002(engine)
    upgrade_database(engine, "0003")  # later revisions need not be reversible (0005 is not)
    downgrade_database(engine, "0002")
    with engine.connect() as conn:
        assert inspect(conn).get_pk_constraint("branches")["constrained_columns"] == ["id"]
        assert "user_emails" not in inspect(conn).get_table_names()
    upgrade_database(engine)
    with engine.connect() as conn:
        ids = conn.execute(text("SELECT id FROM branches ORDER BY id")).scalars().all()
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert ids == [1, 2, 5]
    assert version == head_revision()
