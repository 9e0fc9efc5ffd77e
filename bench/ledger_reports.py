"""Trial balance, income statement and balance sheet over 1,000,000 journal lines, on SQLite and
PostgreSQL, through the real services. Target: each report under 100 ms.

The generator writes 500,000 two-line entries spread over 2024-2026 across the seeded chart's
postable accounts straight into ``journal_entries`` / ``journal_lines`` with the driver's bulk
path (``executemany`` on SQLite, ``COPY`` on PostgreSQL), and the monthly and daily balance rows
it computed on the way, exactly what ``SqlJournalRepository.add`` would have maintained.

PostgreSQL: ``NEXUS_BENCH_DATABASE_URL`` (a server URL; a scratch database is created on it and
dropped afterwards), else a throw-away ``pgserver``. Prints figures, asserts nothing.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, text

from bench.databases import postgres_database, sqlite_database
from nexus_adapters.calendar import ZoneInfoCalendar
from nexus_adapters.persistence.engine import make_engine
from nexus_adapters.persistence.migrate import upgrade_database
from nexus_adapters.persistence.unit_of_work import SqlUnitOfWorkFactory
from nexus_adapters.security import Argon2Hasher, HmacDigester, JwtCodec, SystemClock
from nexus_core.services import ledger as L
from nexus_core.services import ledger_reports as R
from nexus_core.services.authz import Actor
from nexus_core.services.runner import Deps, Nexus
from nexus_core.services.tenants import CreateTenant, create_tenant

ENTRIES = 500_000
FIRST_DAY = date(2024, 1, 1)
DAYS = 3 * 365 + 1  # 2024-01-01 .. 2026-12-31
CHUNK = 50_000
RUNS = 7
TARGET_MS = 100.0
TYPES = ("sale", "sale", "sale", "purchase", "payment", "manual")
CREATED_AT = datetime(2027, 1, 1, tzinfo=UTC)

RANGES = (
    ("one month (2026-06)", date(2026, 6, 1), date(2026, 6, 30)),
    ("full year (2025)", date(2025, 1, 1), date(2025, 12, 31)),
    ("partial months (2025-03-10..2026-06-20)", date(2025, 3, 10), date(2026, 6, 20)),
)


# --- data ----------------------------------------------------------------------------------------


def _postable(nexus: Nexus, tenant_id: int) -> list[int]:
    accounts = nexus.run(tenant_id, L.list_accounts, L.ListAccounts(Actor.operator(tenant_id)))
    parents = {a.parent_id for a in accounts}
    return [a.id for a in accounts if a.id not in parents]


def generate(engine: Engine, tenant_id: int, accounts: list[int]) -> int:
    """Fill the journal and its balances; returns the number of lines written."""
    rng = random.Random(20260401)
    sqlite = engine.dialect.name == "sqlite"
    created_at: Any = (
        CREATED_AT.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds") if sqlite else CREATED_AT
    )
    months: dict[tuple[int, int, int], list[int]] = {}
    days: dict[tuple[int, date], list[int]] = {}
    entries: list[tuple[Any, ...]] = []
    lines: list[tuple[Any, ...]] = []
    with engine.begin() as conn:
        first_id = 1 + int(conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM journal_entries")).scalar_one())
        for n in range(ENTRIES):
            entry_id = first_id + n
            day = FIRST_DAY + timedelta(days=n * DAYS // ENTRIES)
            debit_account, credit_account = rng.sample(accounts, 2)
            cents = rng.randrange(100, 1_000_000)
            entries.append(
                (
                    entry_id,
                    tenant_id,
                    day.isoformat() if sqlite else day,
                    rng.choice(TYPES),
                    f"F-{n}",
                    "Poliza",
                    "bench",
                    created_at,
                )
            )
            lines.append((tenant_id, entry_id, 0, debit_account, cents, 0))
            lines.append((tenant_id, entry_id, 1, credit_account, 0, cents))
            for account, side in ((debit_account, 0), (credit_account, 1)):
                months.setdefault((account, day.year, day.month), [0, 0])[side] += cents
                days.setdefault((account, day), [0, 0])[side] += cents
            if len(entries) == CHUNK:
                _flush(conn, entries, lines)
        _flush(conn, entries, lines)
        month_rows = [(tenant_id, a, y, m, d, c, 0, 0) for (a, y, m), (d, c) in months.items()]
        day_rows = [(tenant_id, a, dy.isoformat() if sqlite else dy, d, c, 0, 0) for (a, dy), (d, c) in days.items()]
        _bulk(
            conn,
            "account_month_balances",
            "tenant_id, account_id, year, month, debit, credit, closing_debit, closing_credit",
            month_rows,
        )
        _bulk(
            conn,
            "account_day_balances",
            "tenant_id, account_id, day, debit, credit, closing_debit, closing_credit",
            day_rows,
        )
        periods = sorted({(y, m) for _, y, m in months})
        _bulk(conn, "fiscal_periods", "tenant_id, year, month, status", [(tenant_id, y, m, "open") for y, m in periods])
        if not sqlite:
            conn.execute(
                text("SELECT setval(pg_get_serial_sequence('journal_entries', 'id'), MAX(id)) FROM journal_entries")
            )
    if not sqlite:  # what autovacuum would have done by the time anyone reads these reports
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    return ENTRIES * 2


def _flush(conn: Any, entries: list[tuple[Any, ...]], lines: list[tuple[Any, ...]]) -> None:
    _bulk(conn, "journal_entries", "id, tenant_id, date, type, reference, description, created_by, created_at", entries)
    _bulk(conn, "journal_lines", "tenant_id, entry_id, line_no, account_id, debit, credit", lines)
    entries.clear()
    lines.clear()


def _bulk(conn: Any, table: str, columns: str, rows: list[tuple[Any, ...]]) -> None:
    """The driver's fastest bulk path: ``executemany`` for sqlite3, ``COPY`` for psycopg."""
    if not rows:
        return
    raw = conn.connection.driver_connection
    if conn.dialect.name == "sqlite":
        marks = ", ".join("?" for _ in rows[0])
        raw.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
        return
    with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


# --- timing --------------------------------------------------------------------------------------


def _median_ms(call: Callable[[], object]) -> float:
    call()  # warm-up: connection, statement caches
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _report(name: str, ms: float) -> None:
    verdict = "ok" if ms < TARGET_MS else "OVER TARGET"
    print(f"  {name:<58} {ms:8.2f} ms  ({verdict}, target {TARGET_MS:.0f} ms)")


def bench(label: str, url: str) -> None:
    engine = make_engine(url)
    try:
        upgrade_database(engine)
        clock = SystemClock()
        deps = Deps(
            clock=clock,
            hasher=Argon2Hasher(),
            digests=HmacDigester(b"b" * 32),
            tokens=JwtCodec("bench-" * 8),
            calendar=ZoneInfoCalendar(clock),
        )
        nexus = Nexus(uows=SqlUnitOfWorkFactory(engine), deps=deps)
        tenant = nexus.run_platform(create_tenant, CreateTenant(name="Bench", owner_name="Ana", owner_pin="9999"))
        tid = tenant.tenant_id
        accounts = _postable(nexus, tid)
        start = time.perf_counter()
        written = generate(engine, tid, accounts)
        print(
            f"{label}: generated {ENTRIES:,} entries / {written:,} lines over {DAYS} days and {len(accounts)} accounts "
            f"in {time.perf_counter() - start:.1f} s"
        )
        op = Actor.operator(tid)
        for name, lo, hi in RANGES:
            tb = nexus.run(tid, R.trial_balance, R.GetTrialBalance(op, lo, hi))
            assert tb.totals.period_debit == tb.totals.period_credit  # a sanity check of the data, not a timing
            _report(
                f"trial balance, {name}",
                _median_ms(lambda lo=lo, hi=hi: nexus.run(tid, R.trial_balance, R.GetTrialBalance(op, lo, hi))),
            )
            _report(
                f"income statement, {name}",
                _median_ms(lambda lo=lo, hi=hi: nexus.run(tid, R.income_statement, R.GetIncomeStatement(op, lo, hi))),
            )
        for day in (date(2026, 6, 30), date(2025, 12, 31), date(2026, 6, 20)):
            _report(
                f"balance sheet at {day}",
                _median_ms(lambda day=day: nexus.run(tid, R.balance_sheet, R.GetBalanceSheet(op, day))),
            )
    finally:
        engine.dispose()


def run() -> None:
    print(f"median of {RUNS} runs each, after one warm-up; every report runs in its own transaction")
    with sqlite_database() as url:
        bench("SQLite", url)
    with postgres_database() as url:
        bench("PostgreSQL", url)


if __name__ == "__main__":
    run()
