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
    Connection,
    Integer,
    Select,
    Table,
    bindparam,
    exists,
    func,
    literal_column,
    select,
    tuple_,
    type_coerce,
    union_all,
)

from nexus_adapters.persistence.fast import run_many
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
    run_many(conn, stmt, rows)


def _cents(value: Any) -> Decimal:
    """A SUM of cents (int, or Decimal on PostgreSQL) as money."""
    return Decimal(int(value)).scaleb(-2)


def _month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _month_of_index(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


_Shape = tuple[str, bool, bool]  # table ("months" / "days"), bounded below, closing entries included
_Part = tuple[_Shape, dict[str, Any]]
_SUM_STATEMENTS: dict[tuple[tuple[int, _Shape], ...], Select[Any]] = {}


def _part_statement(i: int, group: int, shape: _Shape) -> Select[Any]:
    kind, bounded_below, include_closing = shape
    table = account_month_balances if kind == "months" else account_day_balances
    c = table.c
    if kind == "months":
        key = tuple_(c.year, c.month)
        y, m = c.year.type, c.month.type
        conditions = [key <= tuple_(bindparam(f"p{i}_y1", type_=y), bindparam(f"p{i}_m1", type_=m))]
        if bounded_below:
            conditions.append(key >= tuple_(bindparam(f"p{i}_y0", type_=y), bindparam(f"p{i}_m0", type_=m)))
    else:
        day = c.day.type
        conditions = [c.day >= bindparam(f"p{i}_d0", type_=day), c.day <= bindparam(f"p{i}_d1", type_=day)]
    debit, credit = (c.debit, c.credit) if include_closing else (c.debit - c.closing_debit, c.credit - c.closing_credit)
    return select(
        literal_column(str(group), Integer).label("grp"),
        c.account_id,
        type_coerce(debit, BigInteger).label("debit"),
        type_coerce(credit, BigInteger).label("credit"),
    ).where(c.tenant_id == bindparam("w_tid"), *conditions)


def _sum_statement(shapes: tuple[tuple[int, _Shape], ...]) -> Select[Any]:
    """Per-(group, account) sums over the union of the parts; built once per combination of group and
    part shapes."""
    stmt = _SUM_STATEMENTS.get(shapes)
    if stmt is None:
        parts = [_part_statement(i, group, shape) for i, (group, shape) in enumerate(shapes)]
        rows = union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
        stmt = select(rows.c.grp, rows.c.account_id, func.sum(rows.c.debit), func.sum(rows.c.credit)).group_by(
            rows.c.grp, rows.c.account_id
        )
        _SUM_STATEMENTS[shapes] = stmt
    return stmt


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
        return self._sums([self._between(date_from, date_to, include_closing)])[0]

    def before(self, day: date, *, include_closing: bool = True) -> AccountSums:
        return self._sums([self._before(day, include_closing)])[0]

    def before_and_between(
        self, date_from: date, date_to: date, *, include_closing: bool = True
    ) -> tuple[AccountSums, AccountSums]:
        """``before(date_from)`` and ``between(date_from, date_to)`` in one query (a trial balance)."""
        opening, period = self._sums(
            [self._before(date_from, include_closing), self._between(date_from, date_to, include_closing)]
        )
        return opening, period

    def _between(self, date_from: date, date_to: date, include_closing: bool) -> list[_Part | None]:
        if date_from > date_to:
            return []
        # Whole months: from date_from's month if it starts on the 1st, to date_to's if it ends on the last day.
        lo = _month_index(date_from.year, date_from.month) + (date_from.day != 1)
        hi = _month_index(date_to.year, date_to.month) - (date_to != last_day(date_to.year, date_to.month))
        if lo > hi:
            return [self._days(date_from, date_to, include_closing)]
        (y0, m0), (y1, m1) = _month_of_index(lo), _month_of_index(hi)
        ny, nm = next_month(y1, m1)
        return [
            self._days(date_from, first_day(y0, m0) - timedelta(days=1), include_closing),
            self._months((y0, m0), (y1, m1), include_closing),
            self._days(first_day(ny, nm), date_to, include_closing),
        ]

    def _before(self, day: date, include_closing: bool) -> list[_Part | None]:
        before = _month_of_index(_month_index(day.year, day.month) - 1)
        return [
            self._months(None, before, include_closing),
            self._days(first_day(day.year, day.month), day - timedelta(days=1), include_closing),
        ]

    # The parts of a sum query: (account_id, debit cents, credit cents) rows of one balance table.
    # Months: the tenant's (account, month) rows, few whatever the number of lines. Days: one range
    # of the (tenant_id, day) index, at most a month's days per account. A part is its shape (which
    # table, bounded below or not) and its values; the statement of each combination of shapes is
    # built once (:func:`_sum_statement`) and the values travel as parameters.

    def _months(self, start: tuple[int, int] | None, end: tuple[int, int], include_closing: bool) -> _Part | None:
        if start is not None and start > end:
            return None
        bounds = {"y1": end[0], "m1": end[1]}
        if start is not None:
            bounds |= {"y0": start[0], "m0": start[1]}
        return ("months", start is not None, include_closing), bounds

    def _days(self, start: date, end: date, include_closing: bool) -> _Part | None:
        if start > end:
            return None
        return ("days", True, include_closing), {"d0": start, "d1": end}

    def _sums(self, groups: Sequence[Sequence[_Part | None]]) -> list[AccountSums]:
        """The sums of each group of parts, all in one query (each row tagged with its group)."""
        out: list[AccountSums] = [{} for _ in groups]
        kept = [(g, part) for g, parts in enumerate(groups) for part in parts if part is not None]
        if not kept:
            return out
        stmt = _sum_statement(tuple((g, shape) for g, (shape, _) in kept))
        params: dict[str, Any] = {"w_tid": self._tid}
        for i, (_, (_, values)) in enumerate(kept):
            params |= {f"p{i}_{name}": value for name, value in values.items()}
        with refusing_overflow("an account's total for this range"):  # SQLite's sum() refuses overflow
            for g, a, d, c in self._conn.execute(stmt, params):
                out[int(g)][int(a)] = (_cents(d), _cents(c))
        return out
