"""The ledger through the real services on SQLite and PostgreSQL, and the maintained balances
checked against a SQL recomputation from ``journal_lines`` after random postings and closes."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import BigInteger, Engine, case, extract, func, select, type_coerce

from nexus_adapters.bootstrap import build_services
from nexus_adapters.persistence.engine import make_engine
from nexus_adapters.persistence.ledger_tables import (
    account_day_balances,
    account_month_balances,
    journal_entries,
    journal_lines,
)
from nexus_adapters.persistence.unit_of_work import SqlUnitOfWorkFactory
from nexus_core.domain.ledger import EntryType
from nexus_core.errors import Conflict, RuleViolation
from nexus_core.services import ledger as L
from nexus_core.services import ledger_reports as R
from nexus_core.services.authz import Actor
from nexus_core.services.runner import Nexus
from nexus_core.services.tenants import CreateTenant, create_tenant
from nexus_core.testing import FakeClock, in_memory_nexus

D = Decimal
TODAY = datetime(2027, 1, 15, 12, 0, tzinfo=UTC)


@attrs.define
class Books:
    nexus: Nexus
    tenant_id: int
    op: Actor
    codes: dict[str, int]

    @classmethod
    def open(cls, nexus: Nexus) -> Books:
        created = nexus.run_platform(
            create_tenant, CreateTenant(name="Refaccionaria", owner_name="Ana", owner_pin="9999")
        )
        op = Actor.operator(created.tenant_id)
        accounts = nexus.run(created.tenant_id, L.list_accounts, L.ListAccounts(op))
        return cls(nexus, created.tenant_id, op, {a.code: a.id for a in accounts})

    def run(self, handler: Any, cmd: Any) -> Any:
        return self.nexus.run(self.tenant_id, handler, cmd)

    def manual(self, day: date, *lines: tuple[str, str, str]) -> L.EntryDetail:
        cmd = L.CreateManualEntry(
            self.op,
            date=day,
            description="Poliza",
            lines=[L.ManualLine(self.codes[code], debit=Decimal(dr), credit=Decimal(cr)) for code, dr, cr in lines],
        )
        detail: L.EntryDetail = self.run(L.create_manual_entry, cmd)
        return detail

    def close(self, year: int, month: int) -> L.PeriodClosed:
        closed: L.PeriodClosed = self.run(L.close_period, L.ClosePeriod(self.op, year, month))
        return closed

    def trial_balance(self, lo: date, hi: date) -> R.TrialBalance:
        tb: R.TrialBalance = self.run(R.trial_balance, R.GetTrialBalance(self.op, lo, hi))
        return tb

    def balance_sheet(self, day: date) -> R.BalanceSheet:
        sheet: R.BalanceSheet = self.run(R.balance_sheet, R.GetBalanceSheet(self.op, day))
        return sheet

    def income_statement(self, lo: date, hi: date) -> R.IncomeStatement:
        stmt: R.IncomeStatement = self.run(R.income_statement, R.GetIncomeStatement(self.op, lo, hi))
        return stmt


def _rows(tb: R.TrialBalance) -> list[tuple[Any, ...]]:
    return [
        (r.code, r.opening_debit, r.opening_credit, r.period_debit, r.period_credit, r.closing_debit, r.closing_credit)
        for r in tb.accounts
    ]


def verify_sql_balances(engine: Engine) -> None:
    """The monthly and daily balance tables equal a GROUP BY over journal_lines, exactly."""
    e, ln = journal_entries.c, journal_lines.c

    def cents(x: Any) -> Any:
        return type_coerce(x, BigInteger)

    closing = e.type == "closing"
    sums = [
        func.sum(cents(ln.debit)),
        func.sum(cents(ln.credit)),
        func.sum(case((closing, cents(ln.debit)), else_=0)),
        func.sum(case((closing, cents(ln.credit)), else_=0)),
    ]
    joined = journal_lines.join(journal_entries, (e.tenant_id == ln.tenant_id) & (e.id == ln.entry_id))
    year, month = extract("year", e.date), extract("month", e.date)
    by_day = (
        select(ln.tenant_id, ln.account_id, e.date, *sums)
        .select_from(joined)
        .group_by(ln.tenant_id, ln.account_id, e.date)
    )
    by_month = (
        select(ln.tenant_id, ln.account_id, year, month, *sums)
        .select_from(joined)
        .group_by(ln.tenant_id, ln.account_id, year, month)
    )

    def stored(table: Any, *key: str) -> set[tuple[Any, ...]]:
        totals = [cents(table.c[n]) for n in ("debit", "credit", "closing_debit", "closing_credit")]
        return {tuple(r) for r in conn.execute(select(*(table.c[k] for k in key), *totals))}

    with engine.connect() as conn:
        days = {tuple(r) for r in conn.execute(by_day)}
        months = {(t, a, int(y), int(m), *rest) for t, a, y, m, *rest in conn.execute(by_month)}
        assert stored(account_day_balances, "tenant_id", "account_id", "day") == {
            (t, a, d, *map(int, rest)) for t, a, d, *rest in days
        }, "daily balances drifted from the journal lines"
        assert stored(account_month_balances, "tenant_id", "account_id", "year", "month") == {
            (t, a, y, m, *map(int, rest)) for t, a, y, m, *rest in months
        }, "monthly balances drifted from the journal lines"


# --- end to end through build_services ---------------------------------------------------------


@pytest.fixture
def services(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Nexus]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEXUS_PIN_PEPPER", "p" * 32)
    nexus = build_services(database_url)
    nexus.deps = attrs.evolve(nexus.deps, clock=FakeClock(TODAY))
    yield nexus
    uows = nexus.uows
    assert isinstance(uows, SqlUnitOfWorkFactory)
    uows.engine.dispose()


def _script(books: Books) -> None:
    books.manual(date(2026, 1, 2), ("101.01", "50000", "0"), ("301.01", "0", "50000"))
    books.manual(date(2026, 1, 10), ("115.01", "10000", "0"), ("119.01", "1600", "0"), ("201.01", "0", "11600"))
    books.manual(date(2026, 1, 20), ("101.01", "5800", "0"), ("401.01", "0", "5000"), ("209.01", "0", "800"))
    books.manual(date(2026, 1, 20), ("501.01", "3000", "0"), ("115.01", "0", "3000"))
    books.manual(date(2026, 1, 31), ("601.84.01", "450.50", "0"), ("101.01", "0", "450.50"))
    books.manual(date(2026, 2, 3), ("101.01", "1160", "0"), ("401.01", "0", "1000"), ("209.01", "0", "160"))


def test_ledger_end_to_end_on_a_real_database(services: Nexus) -> None:
    books = Books.open(services)
    fake = Books.open(in_memory_nexus(FakeClock(TODAY)))
    for b in (books, fake):
        _script(b)
    closed = books.close(2026, 1)
    fake.close(2026, 1)
    assert closed.period.is_closed and closed.closing_entry_id is not None

    tb = books.trial_balance(date(2026, 1, 1), date(2026, 2, 28))
    t = tb.totals
    assert t.period_debit == t.period_credit and t.closing_debit == t.closing_credit
    assert t.opening_debit == t.opening_credit == 0
    assert _rows(tb) == _rows(fake.trial_balance(date(2026, 1, 1), date(2026, 2, 28)))

    for day in (date(2026, 1, 20), date(2026, 1, 31), date(2026, 2, 15)):
        sheet = books.balance_sheet(day)
        assert sheet.total_assets == sheet.total_liabilities_equity
        assert sheet == fake.balance_sheet(day)
    assert books.balance_sheet(date(2026, 2, 28)).total_assets == D("65109.50")

    january = books.income_statement(date(2026, 1, 1), date(2026, 1, 31))  # closing entries left out
    assert january.net_income == D("1549.50")
    assert january == fake.income_statement(date(2026, 1, 1), date(2026, 1, 31))
    feb = books.income_statement(date(2026, 1, 15), date(2026, 2, 10))
    assert feb.net_income == D("2549.50") and feb == fake.income_statement(date(2026, 1, 15), date(2026, 2, 10))

    with pytest.raises(RuleViolation, match="2026-01"):
        books.manual(date(2026, 1, 25), ("101.01", "1", "0"), ("401.01", "0", "1"))
    with pytest.raises(RuleViolation, match="already closed"):
        books.close(2026, 1)
    periods = books.run(L.list_periods, L.ListPeriods(books.op))
    assert [(p.label, p.is_closed) for p in periods] == [("2026-02", False), ("2026-01", True)]
    page = books.run(L.list_entries, L.ListEntries(books.op, type=EntryType.CLOSING))
    assert [e.id for e in page.data] == [closed.closing_entry_id] and page.total == 1

    uows = services.uows
    assert isinstance(uows, SqlUnitOfWorkFactory)
    verify_sql_balances(uows.engine)


# --- random postings and closes on SQLite --------------------------------------------------------

LEAVES = ["101.01", "102.01", "105.01", "115.01", "201.01", "301.01", "401.01", "501.01", "601.84.01", "403.01.01"]
days = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 6, 30))
cents = st.integers(min_value=1, max_value=10**8)
manuals = st.tuples(
    st.just("manual"),
    days,
    st.lists(st.tuples(st.sampled_from(LEAVES), cents), min_size=1, max_size=3),
    st.lists(st.sampled_from(LEAVES), min_size=1, max_size=2),
)
closes = st.tuples(st.just("close"), st.integers(min_value=1, max_value=6))
operations = st.lists(st.one_of(manuals, manuals, closes), min_size=1, max_size=20)


def _lines(debits: list[tuple[str, int]], credit_codes: list[str]) -> list[tuple[str, str, str]]:
    total = sum(c for _, c in debits)
    parts = [total // 2, total - total // 2] if len(credit_codes) == 2 else [total]
    out = [(code, str(D(c) / 100), "0") for code, c in debits]
    out += [(code, "0", str(D(c) / 100)) for code, c in zip(credit_codes, parts, strict=True) if c > 0]
    return out


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=operations, a=days, b=days)
def test_random_postings_and_closes_keep_sql_balances_equal_to_the_lines(
    _sqlite_template: Path, ops: list[Any], a: date, b: date
) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="nexus-ledger-prop-"))
    shutil.copyfile(_sqlite_template, workdir / "nexus.db")
    engine = make_engine(f"sqlite:///{workdir / 'nexus.db'}")
    try:
        clock = FakeClock(TODAY)
        fake = Books.open(in_memory_nexus(clock))
        sql = Books.open(Nexus(uows=SqlUnitOfWorkFactory(engine), deps=fake.nexus.deps))
        for op in ops:
            outcomes = []
            for books in (sql, fake):
                try:
                    if op[0] == "manual":
                        books.manual(op[1], *_lines(op[2], op[3]))
                    else:
                        books.close(2026, op[1])
                    outcomes.append("ok")
                except RuleViolation as e:
                    outcomes.append(e.message)
            assert outcomes[0] == outcomes[1]

        verify_sql_balances(engine)
        lo, hi = min(a, b), max(a, b)
        tb = sql.trial_balance(lo, hi)
        t = tb.totals
        assert (t.opening_debit, t.period_debit, t.closing_debit) == (
            t.opening_credit,
            t.period_credit,
            t.closing_credit,
        )
        assert _rows(tb) == _rows(fake.trial_balance(lo, hi))
        for day in (lo, hi):
            sheet = sql.balance_sheet(day)
            assert sheet.total_assets == sheet.total_liabilities_equity
            assert sheet == fake.balance_sheet(day)
        assert sql.income_statement(lo, hi) == fake.income_statement(lo, hi)
    finally:
        engine.dispose()
        shutil.rmtree(workdir, ignore_errors=True)


# --- period locks on PostgreSQL ------------------------------------------------------------------


@pytest.mark.postgres
def test_a_posting_and_the_close_of_its_month_do_not_interleave_on_postgres(_postgres_database: str) -> None:
    """for_posting holds FOR SHARE, so for_closing (FOR UPDATE) waits; two postings do not wait."""
    engine = make_engine(_postgres_database)
    try:
        books = Books.open(Nexus(uows=SqlUnitOfWorkFactory(engine), deps=in_memory_nexus(FakeClock(TODAY)).deps))
        uows = SqlUnitOfWorkFactory(engine)
        with uows.tenant(books.tenant_id) as posting:
            posting.periods.for_posting(2026, 1)
            posting.commit()  # the row exists
        with uows.tenant(books.tenant_id) as posting:
            posting.periods.for_posting(2026, 1)
            with uows.tenant(books.tenant_id) as other_posting:
                other_posting.periods.for_posting(2026, 1)  # shared: no wait
            with pytest.raises(Conflict, match="busy"), uows.tenant(books.tenant_id) as closing:
                closing.periods._conn.exec_driver_sql("SET LOCAL lock_timeout = '200ms'")  # type: ignore[attr-defined]
                closing.periods.for_closing(2026, 1)
        with uows.tenant(books.tenant_id) as closing:  # once the posting ended, the close goes through
            assert not closing.periods.for_closing(2026, 1).is_closed
        # A first posting into an empty *earlier* month also holds off the close of a later month,
        # which could not see the earlier month's period row yet.
        with uows.tenant(books.tenant_id) as posting:
            posting.periods.for_posting(2025, 11)
            with pytest.raises(Conflict, match="busy"), uows.tenant(books.tenant_id) as closing:
                closing.periods._conn.exec_driver_sql("SET LOCAL lock_timeout = '200ms'")  # type: ignore[attr-defined]
                closing.periods.for_closing(2025, 12)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_posting_waiting_on_a_close_sees_it_and_is_refused_on_postgres(_postgres_database: str) -> None:
    """A first posting into an empty earlier month that waits for a running close of a later month
    must see that close once it commits (lock first, then read the latest close), not slip past it."""
    import threading

    engine = make_engine(_postgres_database)
    try:
        books = Books.open(Nexus(uows=SqlUnitOfWorkFactory(engine), deps=in_memory_nexus(FakeClock(TODAY)).deps))
        books.manual(date(2026, 12, 5), ("601.84.01", "100", "0"), ("102.01", "0", "100"))
        outcome: list[BaseException | None] = []
        closing_started = threading.Event()

        def post_into_november() -> None:
            closing_started.wait(10)
            try:
                books.manual(date(2026, 11, 20), ("601.84.01", "50", "0"), ("102.01", "0", "50"))
                outcome.append(None)
            except BaseException as exc:
                outcome.append(exc)

        poster = threading.Thread(target=post_into_november)
        poster.start()
        with books.nexus.uows.tenant(books.tenant_id) as uow:
            closed = L.close_period(L.ClosePeriod(books.op, 2026, 12), uow, books.nexus.deps)
            closing_started.set()
            poster.join(0.5)  # the posting is now waiting for the books lock
            assert poster.is_alive()
            uow.commit()
        poster.join(10)
        assert closed.period.is_closed
        assert len(outcome) == 1 and isinstance(outcome[0], RuleViolation)
        assert "closed through 2026-12" in str(outcome[0])
    finally:
        engine.dispose()
