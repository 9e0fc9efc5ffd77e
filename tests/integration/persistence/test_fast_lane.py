"""The driver lane (persistence/fast.py) gives what ``conn.execute`` gives, on SQLite's driver, and
falls back to SQLAlchemy where it must (docs/adr/0035-driver-lane.md)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, Date, Engine, Integer, MetaData, String, Table, bindparam, create_engine, event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import StaticPool

from nexus_adapters.persistence.fast import run, run_many
from nexus_adapters.persistence.types import Cents, UtcDateTime

meta = MetaData()
things = Table(
    "things",
    meta,
    Column("id", Integer, primary_key=True),
    Column("code", String(10), unique=True, nullable=False),
    Column("amount", Cents(), nullable=True),
    Column("day", Date, nullable=True),
    Column("at", UtcDateTime, nullable=True),
    Column("note", String(20), nullable=True, default="python default"),
)
INSERT = things.insert().values(
    code=bindparam("code"), amount=bindparam("amount"), day=bindparam("day"), at=bindparam("at")
)
INSERT_PLAIN = things.insert()
BY_CODES = (
    select(things.c.id, things.c.code, things.c.amount, things.c.day, things.c.at)
    .where(things.c.code.in_(bindparam("codes", expanding=True)))
    .order_by(things.c.id)
)
SET_AMOUNT = things.update().where(things.c.code == bindparam("w_code")).values(amount=bindparam("w_amount"))
AT = datetime(2026, 4, 1, 18, 30, 5, 123456, tzinfo=UTC)


@pytest.fixture
def engine() -> Iterator[Engine]:
    engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    meta.create_all(engine)
    yield engine
    engine.dispose()


def _row(code: str, amount: str | None = "12.34") -> dict[str, Any]:
    return {"code": code, "amount": None if amount is None else Decimal(amount), "day": date(2026, 4, 1), "at": AT}


def test_rows_come_back_typed_like_sqlalchemy_gives_them(engine: Engine) -> None:
    with engine.begin() as conn:
        assert run_many(conn, INSERT, [_row("a"), _row("b", None), _row("c", "-0.01")]) == 3
        fast = run(conn, BY_CODES, {"codes": ["c", "a", "b"]}).all()
        slow = conn.execute(BY_CODES, {"codes": ["c", "a", "b"]}).all()
        assert [tuple(r) for r in fast] == [tuple(r) for r in slow]
        assert fast[0].amount == Decimal("12.34") and fast[0].day == date(2026, 4, 1) and fast[0].at == AT
        assert run(conn, BY_CODES, {"codes": ["b"]}).mappings().first() == dict(slow[1]._mapping)


def test_an_empty_in_list_and_python_defaults_go_through_sqlalchemy(engine: Engine) -> None:
    with engine.begin() as conn:
        assert run(conn, BY_CODES, {"codes": []}).all() == []
        run(conn, INSERT_PLAIN, {"code": "d"})  # `note` has a Python-side default: SQLAlchemy fills it
        assert conn.execute(select(things.c.note).where(things.c.code == "d")).scalar_one() == "python default"


def test_rowcount_errors_and_refused_values_are_sqlalchemys(engine: Engine) -> None:
    with engine.begin() as conn:
        run(conn, INSERT, _row("a"))
        assert run(conn, SET_AMOUNT, {"w_code": "a", "w_amount": Decimal("1.00")}).rowcount == 1
        assert run(conn, SET_AMOUNT, {"w_code": "zz", "w_amount": Decimal("1.00")}).rowcount == 0
        with pytest.raises(IntegrityError):
            run(conn, INSERT, _row("a"))
        with pytest.raises(ValueError):  # Cents refuses a third decimal, as through SQLAlchemy
            run(conn, SET_AMOUNT, {"w_code": "a", "w_amount": Decimal("1.001")})


def test_listeners_see_every_statement_and_a_statement_outside_a_transaction_begins_one(engine: Engine) -> None:
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    with engine.connect() as conn:
        assert not conn.in_transaction()
        run(conn, INSERT, _row("a"))
        assert conn.in_transaction()
        conn.rollback()
        assert conn.execute(select(things.c.id)).all() == []
    assert any(s.startswith("INSERT INTO things") for s in seen)


@settings(max_examples=60, deadline=None)
@given(
    amounts=st.lists(
        st.decimals(min_value=Decimal("-99999999.99"), max_value=Decimal("99999999.99"), places=2), max_size=12
    )
)
def test_any_amounts_read_back_exactly(amounts: list[Decimal]) -> None:
    engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    meta.create_all(engine)
    with engine.begin() as conn:
        run_many(conn, INSERT, [_row(f"c{n}", str(a)) for n, a in enumerate(amounts)])
        codes = [f"c{n}" for n in range(len(amounts))]
        got = [r.amount for r in run(conn, BY_CODES, {"codes": codes})]
    engine.dispose()
    assert got == amounts
