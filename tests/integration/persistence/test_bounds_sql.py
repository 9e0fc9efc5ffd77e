"""Issue 7 defect 5 and Build 4 on SQLite and PostgreSQL: amounts and totals that cannot overflow
or turn into floats, and the date range at its edges (ADR 17)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine, func, select, text, update
from sqlalchemy.exc import IntegrityError
from test_ledger_sql import Books, services  # noqa: F401  (the fixture)

from nexus_adapters.persistence.ledger_tables import TOTALS, account_day_balances, account_month_balances
from nexus_adapters.persistence.sql import dialect_insert
from nexus_adapters.persistence.unit_of_work import SqlUnitOfWorkFactory
from nexus_core.domain.money import INT64_MAX, MAX_AMOUNT, MAX_AMOUNT_CENTS, TotalOutOfRange, checked_sum
from nexus_core.errors import InvalidInput
from nexus_core.services import ledger as L
from nexus_core.services.runner import Nexus

D = Decimal
MAX = str(MAX_AMOUNT)
DAY = date(2026, 3, 2)


def _engine(nexus: Nexus) -> Engine:
    uows = nexus.uows
    assert isinstance(uows, SqlUnitOfWorkFactory)
    return uows.engine


def _balances(engine: Engine, tenant_id: int, account_id: int) -> list[tuple[object, ...]]:
    """(table, debit, SQL type of debit) of the account's balance rows."""
    out = []
    with engine.connect() as conn:
        for table in (account_month_balances, account_day_balances):
            c = table.c
            typeof = func.typeof(c.debit) if engine.dialect.name == "sqlite" else func.pg_typeof(c.debit)
            row = conn.execute(
                select(text("debit"), typeof)
                .select_from(table)
                .where(c.tenant_id == tenant_id, c.account_id == account_id)
            ).one()
            out.append((table.name, int(row[0]), str(row[1])))
    return out


def test_a_million_postings_of_the_maximum_into_one_account_stay_exact_integers(services: Nexus) -> None:  # noqa: F811
    """10^6 postings of MAX_AMOUNT into one account: 10^15 cents, no 500, no float, exact reports.

    Postings go through the maintained-balance UPSERT the journal repository issues (``debit = debit +
    excluded.debit``), 1,000 batches of 1,000 postings each summed with the core's checked integer sum,
    as the repository sums an entry's lines per account; one real entry before and one after."""
    books = Books.open(services)
    cash, capital = books.codes["101.01"], books.codes["301.01"]
    books.manual(DAY, ("101.01", MAX, "0"), ("301.01", "0", MAX))
    engine = _engine(services)
    batch = checked_sum([MAX_AMOUNT_CENTS] * 1000)
    zero = dict.fromkeys(TOTALS, 0)
    with engine.begin() as conn:
        for table, key in (
            (account_month_balances, {"year": DAY.year, "month": DAY.month}),
            (account_day_balances, {"day": DAY}),
        ):
            stmt = dialect_insert(conn, table)
            stmt = stmt.on_conflict_do_update(
                index_elements=[table.c[k] for k in ("tenant_id", "account_id", *key)],
                set_={n: table.c[n] + stmt.excluded[n] for n in TOTALS},
            )
            for account, side in ((cash, "debit"), (capital, "credit")):
                row = {"tenant_id": books.tenant_id, "account_id": account, **key, **zero, side: D(batch) / 100}
                for _ in range(1000):
                    conn.execute(stmt, row)
    books.manual(DAY, ("101.01", MAX, "0"), ("301.01", "0", MAX))  # the repository adds on top of 10^15 cents

    expected_cents = (10**6 + 2) * MAX_AMOUNT_CENTS
    kind = "integer" if engine.dialect.name == "sqlite" else "bigint"
    assert _balances(engine, books.tenant_id, cash) == [
        ("account_month_balances", expected_cents, kind),
        ("account_day_balances", expected_cents, kind),
    ]
    tb = books.trial_balance(date(2026, 1, 1), date(2026, 12, 31))
    row = next(r for r in tb.accounts if r.code == "101.01")
    assert row.period_debit == D(expected_cents) / 100 == D("10000020000000.00")
    assert isinstance(row.period_debit, Decimal)
    assert tb.totals.period_debit == tb.totals.period_credit
    sheet = books.balance_sheet(date(2026, 3, 31))
    assert sheet.total_assets == D("10000020000000.00") == sheet.total_liabilities_equity


def test_a_total_that_would_leave_64_bits_is_refused_clearly_and_changes_nothing(services: Nexus) -> None:  # noqa: F811
    books = Books.open(services)
    cash = books.codes["101.01"]
    books.manual(DAY, ("101.01", "1.00", "0"), ("301.01", "0", "1.00"))
    engine = _engine(services)
    near = INT64_MAX - 50
    with engine.begin() as conn:
        for table in (account_month_balances, account_day_balances):
            c = table.c
            conn.execute(
                update(table).where(c.tenant_id == books.tenant_id, c.account_id == cash).values(debit=D(near) / 100)
            )
    with pytest.raises(TotalOutOfRange, match="largest total Nexus keeps") as refused:
        books.manual(DAY, ("101.01", "1.00", "0"), ("301.01", "0", "1.00"))
    assert refused.value.field is None  # a RuleViolation: 400 over HTTP, never a 500
    kind = "integer" if engine.dialect.name == "sqlite" else "bigint"
    assert [row[1:] for row in _balances(engine, books.tenant_id, cash)] == [(near, kind), (near, kind)]
    entries = books.run(L.list_entries, L.ListEntries(books.op))
    assert entries.total == 1


def test_an_entry_of_100_lines_of_huge_amounts_is_refused_before_the_database(services: Nexus) -> None:  # noqa: F811
    books = Books.open(services)
    huge = "999999999999999.99"  # defect 5: OverflowError (500) on SQLite, float balances afterwards
    with pytest.raises(InvalidInput, match=r"at most 10,000,000\.00"):
        books.manual(DAY, *([("101.01", huge, "0")] * 50 + [("301.01", "0", huge)] * 50))
    lines = [("101.01", MAX, "0")] * 50 + [("301.01", "0", MAX)] * 50
    books.manual(DAY, *lines)
    tb = books.trial_balance(DAY, DAY)
    assert tb.totals.period_debit == D(MAX) * 50


def test_the_database_itself_refuses_out_of_bound_and_non_integer_money(services: Nexus) -> None:  # noqa: F811
    books = Books.open(services)
    books.manual(DAY, ("101.01", "1.00", "0"), ("301.01", "0", "1.00"))
    engine = _engine(services)
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text("UPDATE journal_lines SET debit = :v WHERE debit > 0"), {"v": MAX_AMOUNT_CENTS + 1})
    if engine.dialect.name == "sqlite":  # PostgreSQL's BIGINT cannot hold a float at all
        with pytest.raises(IntegrityError, match="debit_integer"), engine.begin() as conn:
            conn.execute(text("UPDATE account_month_balances SET debit = 9.5e18"))
        with pytest.raises(IntegrityError, match="debit_integer"), engine.begin() as conn:
            conn.execute(text("UPDATE account_month_balances SET debit = debit + 9223372036854775807"))


def test_the_edges_of_the_date_range_on_a_real_database(services: Nexus) -> None:  # noqa: F811
    books = Books.open(services)
    for day in (date(1900, 1, 1), date(2999, 12, 31)):
        books.manual(day, ("101.01", "7.50", "0"), ("301.01", "0", "7.50"))
    tb = books.trial_balance(date(1900, 1, 1), date(2999, 12, 31))
    assert tb.totals.period_debit == D("15.00")
    assert books.balance_sheet(date(2999, 12, 31)).total_assets == D("15.00")
    assert books.balance_sheet(date(1900, 1, 1)).total_assets == D("7.50")
    lines = [L.ManualLine(books.codes["101.01"], debit=D("1")), L.ManualLine(books.codes["301.01"], credit=D("1"))]
    for bad in (date(9999, 12, 31), date(3000, 1, 1), date(1899, 12, 31)):
        with pytest.raises(InvalidInput, match="between 1900-01-01 and 2999-12-31"):
            books.run(L.create_manual_entry, L.CreateManualEntry(books.op, date=bad, description="x", lines=lines))
