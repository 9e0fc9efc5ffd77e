"""Maintained balances in SQL: storing what each entry adds, and the sums reports read.

Writing: the balance changes the domain computes for an entry (:meth:`JournalEntry.balance_changes`)
are added to ``account_month_balances`` and ``account_day_balances`` with one UPSERT each.

Reading, in one statement, only those balance rows:

* whole calendar months inside the range from ``account_month_balances``;
* the days of the partially covered months at either end from ``account_day_balances``.

Months come from the tenant's (account, month) rows; days from one range of the daily table's
``(tenant_id, day)`` index: the cost grows with accounts x periods, never with the number of lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Select,
    Table,
    exists,
    func,
    select,
    tuple_,
    type_coerce,
    union_all,
)

from nexus_adapters.persistence.ledger_tables import account_day_balances, account_month_balances
from nexus_adapters.persistence.sql import dialect_insert
from nexus_adapters.persistence.types import refusing_overflow
from nexus_core.domain.balances import COLUMNS
from nexus_core.domain.ledger import JournalEntry
from nexus_core.domain.periods import first_day, last_day, next_month
from nexus_core.ports.repositories import AccountSums


def store_balance_changes(conn: Connection, tenant_id: int, entry: JournalEntry) -> None:
    """Add the entry's balance changes to its accounts' month and day rows (one UPSERT each)."""
    changes = {a: {name: getattr(c, name) for name in COLUMNS} for a, c in entry.balance_changes().items()}
    d = entry.date
    months = [
        {"tenant_id": tenant_id, "account_id": a, "year": d.year, "month": d.month, **t} for a, t in changes.items()
    ]
    days = [{"tenant_id": tenant_id, "account_id": a, "day": d, **t} for a, t in changes.items()]
    with refusing_overflow("an account's maintained balance"):  # docs/adr/0017-bounds.md
        _upsert_adding(conn, account_month_balances, ("tenant_id", "account_id", "year", "month"), months)
        _upsert_adding(conn, account_day_balances, ("tenant_id", "account_id", "day"), days)


_UPSERTS: dict[tuple[str, str], Any] = {}


def _upsert_adding(conn: Connection, table: Table, key: Sequence[str], rows: list[dict[str, Any]]) -> None:
    """INSERT the rows; where the key exists, add their totals to the stored ones.

    The statement is built once per dialect and table: building it (an ``excluded`` alias and a dozen
    expressions) cost more than running it."""
    cache_key = (conn.dialect.name, table.name)
    stmt = _UPSERTS.get(cache_key)
    if stmt is None:
        stmt = dialect_insert(conn, table)
        stmt = _UPSERTS[cache_key] = stmt.on_conflict_do_update(
            index_elements=[table.c[k] for k in key],
            set_={name: table.c[name] + stmt.excluded[name] for name in COLUMNS},
        )
    conn.execute(stmt, rows)


def _cents(value: Any) -> Decimal:
    """A SUM of cents (int, or Decimal on PostgreSQL) as money."""
    return Decimal(int(value)).scaleb(-2)


def _month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _month_of_index(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


class BalanceSums:
    """The sum queries of one tenant's maintained balances."""

    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def has_postings(self, account_id: int) -> bool:
        """Whether any line ever touched the account (answerable from the monthly balances)."""
        m = account_month_balances.c
        stmt = select(exists().where(m.tenant_id == self._tid, m.account_id == account_id))
        return bool(self._conn.execute(stmt).scalar_one())

    def between(self, date_from: date, date_to: date, *, include_closing: bool = True) -> AccountSums:
        if date_from > date_to:
            return {}
        # Whole months: from date_from's month if it starts on the 1st, to date_to's if it ends on the last day.
        lo = _month_index(date_from.year, date_from.month) + (date_from.day != 1)
        hi = _month_index(date_to.year, date_to.month) - (date_to != last_day(date_to.year, date_to.month))
        if lo > hi:
            return self._sums([self._days(date_from, date_to, include_closing)])
        (y0, m0), (y1, m1) = _month_of_index(lo), _month_of_index(hi)
        ny, nm = next_month(y1, m1)
        return self._sums(
            [
                self._days(date_from, first_day(y0, m0) - timedelta(days=1), include_closing),
                self._months((y0, m0), (y1, m1), include_closing),
                self._days(first_day(ny, nm), date_to, include_closing),
            ]
        )

    def before(self, day: date, *, include_closing: bool = True) -> AccountSums:
        before = _month_of_index(_month_index(day.year, day.month) - 1)
        return self._sums(
            [
                self._months(None, before, include_closing),
                self._days(first_day(day.year, day.month), day - timedelta(days=1), include_closing),
            ]
        )

    # The parts of a sum query: (account_id, debit cents, credit cents) rows of one balance table.
    # Months: the tenant's (account, month) rows, few whatever the number of lines. Days: one range
    # of the (tenant_id, day) index, at most a month's days per account.

    def _part(self, table: Table, include_closing: bool, *conditions: ColumnElement[bool]) -> Select[Any]:
        c = table.c
        debit, credit = (
            (c.debit, c.credit) if include_closing else (c.debit - c.closing_debit, c.credit - c.closing_credit)
        )
        return select(
            c.account_id, type_coerce(debit, BigInteger).label("debit"), type_coerce(credit, BigInteger).label("credit")
        ).where(c.tenant_id == self._tid, *conditions)

    def _months(self, start: tuple[int, int] | None, end: tuple[int, int], include_closing: bool) -> Select[Any] | None:
        c = account_month_balances.c
        key = tuple_(c.year, c.month)
        conditions = [key <= tuple_(*end)]
        if start is not None:
            if start > end:
                return None
            conditions.append(key >= tuple_(*start))
        return self._part(account_month_balances, include_closing, *conditions)

    def _days(self, start: date, end: date, include_closing: bool) -> Select[Any] | None:
        if start > end:
            return None
        c = account_day_balances.c
        return self._part(account_day_balances, include_closing, c.day >= start, c.day <= end)

    def _sums(self, parts: Sequence[Select[Any] | None]) -> AccountSums:
        kept = [p for p in parts if p is not None]
        if not kept:
            return {}
        rows = union_all(*kept).subquery() if len(kept) > 1 else kept[0].subquery()
        stmt = select(rows.c.account_id, func.sum(rows.c.debit), func.sum(rows.c.credit)).group_by(rows.c.account_id)
        with refusing_overflow("an account's total for this range"):  # SQLite's sum() refuses overflow
            return {int(a): (_cents(d), _cents(c)) for a, d, c in self._conn.execute(stmt)}
