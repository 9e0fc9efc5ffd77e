"""Adapter behaviour beyond the ports: secrets, error translation, column types, URLs."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import Column, Engine, MetaData, Table, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import OperationalError, StatementError

from nexus_adapters.persistence.engine import make_engine, normalize_url
from nexus_adapters.persistence.errors import as_conflict
from nexus_adapters.persistence.secrets import ensure_secret
from nexus_adapters.persistence.types import Cents, ScaledDecimal, UtcDateTime
from nexus_adapters.persistence.unit_of_work import SqlUnitOfWorkFactory
from nexus_core.domain.tenancy import Tenant
from nexus_core.errors import Conflict

NOW = datetime(2026, 4, 1, 15, 0, tzinfo=UTC)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def test_ensure_secret_generates_once_and_then_returns_the_stored_value(engine: Engine) -> None:
    calls: list[str] = []

    def generate() -> str:
        calls.append("x")
        return f"secret-{len(calls)}"

    assert ensure_secret(engine, "jwt", generate) == "secret-1"
    assert ensure_secret(engine, "jwt", generate) == "secret-1"
    assert ensure_secret(engine, "other", generate) == "secret-2"
    assert len(calls) == 2


def test_concurrent_workers_agree_on_one_secret(database_url: str) -> None:
    workers = 6
    engines = [make_engine(database_url) for _ in range(workers)]  # as if separate processes
    results: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(workers)

    def worker(n: int) -> None:
        try:
            start.wait()
            results.append(ensure_secret(engines[n], "jwt", lambda: f"from-worker-{n}"))
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(workers)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    for e in engines:
        e.dispose()
    assert errors == []
    assert len(results) == workers and len(set(results)) == 1


def test_a_concurrent_duplicate_leaves_the_unit_of_work_as_conflict(engine: Engine) -> None:
    factory = SqlUnitOfWorkFactory(engine)
    with factory.platform() as p:
        p.tenants.add(Tenant.create(name="Uno", rfc=None, now=NOW))
        p.commit()
    # the service's own check would refuse this; a race past the check meets the unique index
    with pytest.raises(Conflict) as caught, factory.platform() as p:
        p.tenants.add(Tenant.create(name="uno", rfc=None, now=NOW))
    assert caught.value.__cause__ is not None


def test_timestamps_in_other_zones_come_back_as_the_same_instant_in_utc(engine: Engine) -> None:
    factory = SqlUnitOfWorkFactory(engine)
    mexico = datetime(2026, 4, 1, 9, 0, 0, 5, tzinfo=timezone(timedelta(hours=-6)))
    with factory.platform() as p:
        tenant_id = p.tenants.add(Tenant.create(name="Uno", rfc=None, now=mexico))
        p.commit()
    with factory.platform() as p:
        tenant = p.tenants.get(tenant_id)
    assert tenant is not None
    assert tenant.created_at == mexico and tenant.created_at.tzinfo is UTC
    assert tenant.created_at == datetime(2026, 4, 1, 15, 0, 0, 5, tzinfo=UTC)


def test_naive_datetimes_are_refused(engine: Engine) -> None:
    factory = SqlUnitOfWorkFactory(engine)
    with pytest.raises(StatementError, match="naive datetime"), factory.platform() as p:
        p.tenants.add(Tenant.create(name="Uno", rfc=None, now=datetime(2026, 4, 1, 15, 0)))


def test_money_columns_store_integer_cents_and_refuse_floats(engine: Engine) -> None:
    meta = MetaData()
    amounts = Table("scratch_amounts", meta, Column("n", ScaledDecimal(2), primary_key=True), Column("v", Cents()))
    meta.create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            amounts.insert(), [{"n": Decimal(1), "v": Decimal("0.10")}, {"n": 2, "v": Decimal("-12345678.99")}]
        )
        raw = conn.exec_driver_sql("SELECT v FROM scratch_amounts ORDER BY n").scalars().all()
        values = conn.execute(select(amounts.c.v).order_by(amounts.c.n)).scalars().all()
    assert [int(r) for r in raw] == [10, -1234567899]
    assert values == [Decimal("0.10"), Decimal("-12345678.99")]
    assert [str(v) for v in values] == ["0.10", "-12345678.99"]
    for bad in (0.1, Decimal("0.001"), Decimal("NaN")):
        with pytest.raises(StatementError), engine.begin() as conn:
            conn.execute(amounts.insert().values(n=3, v=bad))


def test_utc_datetime_type_passes_none_through() -> None:
    assert UtcDateTime().process_bind_param(None, sqlite.dialect()) is None


def test_postgresql_urls_use_psycopg() -> None:
    assert normalize_url("postgresql://u:p@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgresql+psycopg://u:p@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("sqlite:///x.db").drivername == "sqlite"
    with pytest.raises(ValueError, match="unsupported"):
        make_engine("mysql://u:p@h/db")


class _PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"pg error {sqlstate}")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("orig", "is_conflict"),
    [
        (sqlite3.OperationalError("database is locked"), True),
        (sqlite3.OperationalError("no such table: x"), False),
        (_PgError("40001"), True),  # serialization failure
        (_PgError("40P01"), True),  # deadlock
        (_PgError("23505"), True),  # unique violation
        (_PgError("23503"), False),  # foreign key violation: a bug, not a race
    ],
)
def test_which_database_errors_are_conflicts(orig: Exception, is_conflict: bool) -> None:
    error = OperationalError("SELECT 1", {}, orig)
    assert isinstance(as_conflict(error), Conflict) is is_conflict
    assert as_conflict(orig) is None  # only SQLAlchemy-wrapped driver errors are translated
