"""SQLite specifics: pragmas, BEGIN IMMEDIATE under concurrent writers, in-memory URLs."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from nexus_adapters.persistence.engine import make_engine
from nexus_adapters.persistence.migrate import upgrade_database
from nexus_adapters.persistence.unit_of_work import SqlUnitOfWorkFactory
from nexus_core.domain.tenancy import Branch, Tenant

NOW = datetime(2026, 4, 1, 15, 0, tzinfo=UTC)


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'nexus.db'}")
    upgrade_database(engine)
    yield engine
    engine.dispose()


def test_pragmas_are_in_effect_on_every_connection(sqlite_engine: Engine) -> None:
    with sqlite_engine.connect() as one, sqlite_engine.connect() as two:
        assert one.connection.dbapi_connection is not two.connection.dbapi_connection
        for conn in (one, two):
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
            conn.rollback()  # every transaction holds the write lock (BEGIN IMMEDIATE): release it


def test_transactions_begin_immediate(sqlite_engine: Engine) -> None:
    seen: list[str] = []
    with sqlite_engine.connect() as conn:
        # What SQLite itself runs (the BEGIN is issued on the driver, below SQLAlchemy's events).
        conn.connection.dbapi_connection.set_trace_callback(seen.append)  # type: ignore[union-attr]
        conn.execute(text("SELECT 1"))
        conn.rollback()
    assert seen[0] == "BEGIN IMMEDIATE"


def test_foreign_keys_are_enforced(sqlite_engine: Engine) -> None:
    factory = SqlUnitOfWorkFactory(sqlite_engine)
    with pytest.raises(IntegrityError), factory.tenant(12345) as uow:
        uow.branches.add(Branch.create(tenant_id=12345, name="Huerfana", address=None, phone=None))


def test_concurrent_read_then_write_transactions_do_not_fail_with_database_is_locked(sqlite_engine: Engine) -> None:
    """With a deferred BEGIN most of these fail at once; BEGIN IMMEDIATE queues them on the busy timeout."""
    factory = SqlUnitOfWorkFactory(sqlite_engine)
    with factory.platform() as p:
        tenant_id = p.tenants.add(Tenant.create(name="Uno", rfc=None, now=NOW))
        p.commit()
    threads, rounds = 8, 15
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def worker(n: int) -> None:
        try:
            start.wait()
            for i in range(rounds):
                with factory.tenant(tenant_id) as uow:
                    seen = len(uow.login_attempts.failures_since(NOW))  # read first, then write
                    uow.login_attempts.record_failure(f"dev-{n}", NOW + timedelta(microseconds=seen + i))
                    uow.commit()
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert errors == []
    with factory.tenant(tenant_id) as uow:
        assert len(uow.login_attempts.failures_since(NOW)) == threads * rounds


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_in_memory_databases_keep_their_data_across_connections(url: str) -> None:
    engine = make_engine(url)
    try:
        upgrade_database(engine)
        factory = SqlUnitOfWorkFactory(engine)
        with factory.platform() as p:
            tenant_id = p.tenants.add(Tenant.create(name="Uno", rfc=None, now=NOW))
            p.commit()
        with factory.platform() as p:
            tenant = p.tenants.get(tenant_id)
            assert tenant is not None and tenant.created_at == NOW
    finally:
        engine.dispose()
