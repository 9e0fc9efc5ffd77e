"""SQL repositories of the ledger ports (issue 3), bound to one connection and one tenant.

``SqlJournalRepository.add`` writes the entry, its lines (one ``executemany``) and adds the
entry's per-account totals to the monthly and daily balance rows with an UPSERT (one
``executemany`` each). The sum queries read only those balance rows, in one statement:

* whole calendar months inside the range from ``account_month_balances``;
* the days of the partially covered months at either end from ``account_day_balances``.

Months come from the tenant's (account, month) rows; days from one range of the daily table's
``(tenant_id, day)`` index: the cost grows with accounts x periods, never with the number of lines.
"""

from __future__ import annotations

import builtins
from collections.abc import Collection, Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    RowMapping,
    Select,
    Table,
    exists,
    func,
    literal_column,
    select,
    tuple_,
    type_coerce,
    union_all,
    update,
)

from nexus_adapters.persistence.ledger_tables import (
    account_day_balances,
    account_month_balances,
    accounts,
    fiscal_periods,
    journal_entries,
    journal_lines,
    receivables,
)
from nexus_adapters.persistence.sql import check_tenant, dialect_insert, insert_id
from nexus_adapters.persistence.tables import tenants
from nexus_adapters.persistence.types import refusing_overflow
from nexus_core.domain.chart import AccountNature
from nexus_core.domain.ledger import Account, CfdiRef, EntryType, JournalEntry, JournalLine, Receivable
from nexus_core.domain.money import ZERO
from nexus_core.domain.periods import FiscalPeriod, PeriodStatus, first_day, last_day, next_month
from nexus_core.errors import NotFound
from nexus_core.ports.repositories import AccountSums

# --- accounts ------------------------------------------------------------------------------------


def _account_values(account: Account) -> dict[str, Any]:
    return {
        "code": account.code,
        "sat_code": account.sat_code,
        "name": account.name,
        "nature": account.nature.value,
        "parent_id": account.parent_id,
        "level": account.level,
        "is_active": account.is_active,
        "description": account.description,
    }


def _to_account(row: RowMapping) -> Account:
    return Account(
        id=row["id"],
        tenant_id=row["tenant_id"],
        code=row["code"],
        sat_code=row["sat_code"],
        name=row["name"],
        nature=AccountNature(row["nature"]),
        parent_id=row["parent_id"],
        level=row["level"],
        is_active=row["is_active"],
        description=row["description"],
    )


class SqlAccountRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, account: Account) -> int:
        check_tenant(account, self._tid)
        account.id = insert_id(
            self._conn, accounts.insert().values({**_account_values(account), "tenant_id": self._tid})
        )
        return account.id

    def get(self, account_id: int) -> Account | None:
        return self._one(accounts.c.id == account_id)

    def get_by_code(self, code: str) -> Account | None:
        return self._one(accounts.c.code == code)

    def list(self) -> list[Account]:
        stmt = select(accounts).where(accounts.c.tenant_id == self._tid).order_by(accounts.c.code)
        return [_to_account(row) for row in self._conn.execute(stmt).mappings()]

    def get_many(self, account_ids: Collection[int]) -> dict[int, Account]:
        if not account_ids:
            return {}
        return {a.id: a for a in self._many(accounts.c.id.in_(list(account_ids))) if a.id is not None}

    def get_many_by_code(self, codes: Collection[str]) -> dict[str, Account]:
        if not codes:
            return {}
        return {a.code: a for a in self._many(accounts.c.code.in_(list(codes)))}

    def with_children(self, account_ids: Collection[int]) -> set[int]:
        if not account_ids:
            return set()
        c = accounts.c
        stmt = select(c.parent_id).distinct().where(c.tenant_id == self._tid, c.parent_id.in_(list(account_ids)))
        return {int(pid) for pid in self._conn.execute(stmt).scalars()}

    def _many(self, condition: ColumnElement[bool]) -> list[Account]:
        stmt = select(accounts).where(accounts.c.tenant_id == self._tid, condition)
        return [_to_account(row) for row in self._conn.execute(stmt).mappings()]

    def update(self, account: Account) -> None:
        check_tenant(account, self._tid)
        stmt = (
            update(accounts)
            .where(accounts.c.tenant_id == self._tid, accounts.c.id == account.id)
            .values(_account_values(account))
        )
        if self._conn.execute(stmt).rowcount != 1:
            raise NotFound(f"account {account.id} not found")

    def _one(self, condition: ColumnElement[bool]) -> Account | None:
        stmt = select(accounts).where(accounts.c.tenant_id == self._tid, condition)
        row = self._conn.execute(stmt).mappings().first()
        return _to_account(row) if row else None


# --- journal -------------------------------------------------------------------------------------

_TOTALS = ("debit", "credit", "closing_debit", "closing_credit")


def _entry_totals(entry: JournalEntry) -> dict[int, dict[str, Decimal]]:
    """The entry's debit, credit, closing debit and closing credit per account: one balance row
    each (PostgreSQL refuses an UPSERT that touches the same row twice in one statement)."""
    closing = entry.type is EntryType.CLOSING
    out: dict[int, dict[str, Decimal]] = {}
    for ln in entry.lines:
        t = out.setdefault(ln.account_id, dict.fromkeys(_TOTALS, ZERO))
        t["debit"] += ln.debit
        t["credit"] += ln.credit
        if closing:
            t["closing_debit"] += ln.debit
            t["closing_credit"] += ln.credit
    return out


def _upsert_adding(conn: Connection, table: Table, key: Sequence[str], rows: list[dict[str, Any]]) -> None:
    """INSERT the rows; where the key exists, add their totals to the stored ones."""
    stmt = dialect_insert(conn, table)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c[k] for k in key],
        set_={name: table.c[name] + stmt.excluded[name] for name in _TOTALS},
    )
    conn.execute(stmt, rows)


def _to_line(row: RowMapping) -> JournalLine:
    cfdi = CfdiRef(uuid=row["cfdi_uuid"], rfc=row["rfc"], total=row["cfdi_total"])
    return JournalLine(account_id=row["account_id"], debit=row["debit"], credit=row["credit"], cfdi=cfdi)


def _to_entry(row: RowMapping, lines: Iterable[JournalLine]) -> JournalEntry:
    return JournalEntry(
        id=row["id"],
        tenant_id=row["tenant_id"],
        date=row["date"],
        type=EntryType(row["type"]),
        reference=row["reference"],
        description=row["description"],
        lines=tuple(lines),
        created_by=row["created_by"],
        created_at=row["created_at"],
    )


def _cents(value: Any) -> Decimal:
    """A SUM of cents (int, or Decimal on PostgreSQL) as money."""
    return Decimal(int(value)).scaleb(-2)


def _month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _month_of_index(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


class SqlJournalRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, entry: JournalEntry) -> int:
        check_tenant(entry, self._tid)
        values = {
            "tenant_id": self._tid,
            "date": entry.date,
            "type": entry.type.value,
            "reference": entry.reference,
            "description": entry.description,
            "created_by": entry.created_by,
            "created_at": entry.created_at,
        }
        entry.id = insert_id(self._conn, journal_entries.insert().values(values))
        self._conn.execute(
            journal_lines.insert(),
            [
                {
                    "tenant_id": self._tid,
                    "entry_id": entry.id,
                    "line_no": i,
                    "account_id": ln.account_id,
                    "debit": ln.debit,
                    "credit": ln.credit,
                    "cfdi_uuid": ln.cfdi.uuid,
                    "rfc": ln.cfdi.rfc,
                    "cfdi_total": ln.cfdi.total,
                }
                for i, ln in enumerate(entry.lines)
            ],
        )
        totals = _entry_totals(entry)
        d = entry.date
        month_rows = [
            {"tenant_id": self._tid, "account_id": a, "year": d.year, "month": d.month, **t} for a, t in totals.items()
        ]
        day_rows = [{"tenant_id": self._tid, "account_id": a, "day": d, **t} for a, t in totals.items()]
        with refusing_overflow("an account's maintained balance"):  # ADR 17
            _upsert_adding(self._conn, account_month_balances, ("tenant_id", "account_id", "year", "month"), month_rows)
            _upsert_adding(self._conn, account_day_balances, ("tenant_id", "account_id", "day"), day_rows)
        return entry.id

    def get(self, entry_id: int) -> JournalEntry | None:
        stmt = select(journal_entries).where(journal_entries.c.tenant_id == self._tid, journal_entries.c.id == entry_id)
        row = self._conn.execute(stmt).mappings().first()
        if row is None:
            return None
        return _to_entry(row, self._lines([entry_id]).get(entry_id, []))

    def list(
        self,
        *,
        date_from: date | None = None,
        date_to: date | None = None,
        type: EntryType | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> tuple[list[JournalEntry], int]:
        e = journal_entries.c
        conditions = [e.tenant_id == self._tid]
        if date_from is not None:
            conditions.append(e.date >= date_from)
        if date_to is not None:
            conditions.append(e.date <= date_to)
        if type is not None:
            conditions.append(e.type == type.value)
        total = int(
            self._conn.execute(select(func.count()).select_from(journal_entries).where(*conditions)).scalar_one()
        )
        page = (
            select(journal_entries).where(*conditions).order_by(e.date.desc(), e.id.desc()).offset(offset).limit(limit)
        )
        rows = list(self._conn.execute(page).mappings())
        lines = self._lines([row["id"] for row in rows])
        return [_to_entry(row, lines.get(row["id"], [])) for row in rows], total

    def _lines(self, entry_ids: Sequence[int]) -> dict[int, builtins.list[JournalLine]]:
        """The lines of these entries in one query, in order, by entry id."""
        if not entry_ids:
            return {}
        c = journal_lines.c
        stmt = (
            select(journal_lines)
            .where(c.tenant_id == self._tid, c.entry_id.in_(entry_ids))
            .order_by(c.entry_id, c.line_no)
        )
        out: dict[int, builtins.list[JournalLine]] = {}
        for row in self._conn.execute(stmt).mappings():
            out.setdefault(row["entry_id"], []).append(_to_line(row))
        return out

    def has_postings(self, account_id: int) -> bool:
        m = account_month_balances.c
        stmt = select(exists().where(m.tenant_id == self._tid, m.account_id == account_id))
        return bool(self._conn.execute(stmt).scalar_one())

    def sums_between(self, date_from: date, date_to: date, *, include_closing: bool = True) -> AccountSums:
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

    def sums_before(self, day: date, *, include_closing: bool = True) -> AccountSums:
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
        with refusing_overflow("an account's total for this range"):  # ADR 17 (SQLite's sum() refuses overflow)
            return {int(a): (_cents(d), _cents(c)) for a, d, c in self._conn.execute(stmt)}


# --- periods -------------------------------------------------------------------------------------


def _to_period(row: RowMapping) -> FiscalPeriod:
    return FiscalPeriod(
        tenant_id=row["tenant_id"],
        year=row["year"],
        month=row["month"],
        status=PeriodStatus(row["status"]),
        closed_at=row["closed_at"],
        closed_by=row["closed_by"],
    )


class SqlPeriodRepository:
    """Period rows; ``for_posting`` / ``for_closing`` lock theirs until the transaction ends.

    On PostgreSQL that is ``FOR SHARE`` (postings of one month do not wait for each other) and
    ``FOR UPDATE`` (a close waits for those postings, and they for it). SQLite renders neither:
    its ``BEGIN IMMEDIATE`` already lets one writer in at a time.
    """

    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def _select(self) -> Select[Any]:
        return select(fiscal_periods).where(fiscal_periods.c.tenant_id == self._tid)

    def get(self, year: int, month: int) -> FiscalPeriod | None:
        c = fiscal_periods.c
        row = self._conn.execute(self._select().where(c.year == year, c.month == month)).mappings().first()
        return _to_period(row) if row else None

    def list(self) -> list[FiscalPeriod]:
        c = fiscal_periods.c
        stmt = self._select().order_by(c.year.desc(), c.month.desc())
        return [_to_period(row) for row in self._conn.execute(stmt).mappings()]

    def latest_closed(self) -> FiscalPeriod | None:
        c = fiscal_periods.c
        stmt = (
            self._select().where(c.status == PeriodStatus.CLOSED.value).order_by(c.year.desc(), c.month.desc()).limit(1)
        )
        row = self._conn.execute(stmt).mappings().first()
        return _to_period(row) if row else None

    def for_posting(self, year: int, month: int) -> FiscalPeriod:
        return self._locked(year, month, shared=True)

    def for_closing(self, year: int, month: int) -> FiscalPeriod:
        return self._locked(year, month, shared=False)

    def _locked(self, year: int, month: int, *, shared: bool) -> FiscalPeriod:
        # The tenant's books lock: postings share it, a close takes it alone. Per-month locks are not
        # enough, because a first posting into an empty earlier month creates its period row while a
        # later month is being closed. (SQLite's BEGIN IMMEDIATE already serializes writers.)
        books = select(tenants.c.id).where(tenants.c.id == self._tid).with_for_update(read=shared)
        self._conn.execute(books)
        c = fiscal_periods.c
        stmt = self._select().where(c.year == year, c.month == month).with_for_update(read=shared)
        row = self._conn.execute(stmt).mappings().first()
        if row is None:
            # Concurrent first postings of a month both insert; the loser's insert does nothing.
            period = FiscalPeriod.open(tenant_id=self._tid, year=year, month=month)
            insert = dialect_insert(self._conn, fiscal_periods).values(
                tenant_id=self._tid, year=period.year, month=period.month, status=period.status.value
            )
            self._conn.execute(insert.on_conflict_do_nothing())
            row = self._conn.execute(stmt).mappings().one()
        return _to_period(row)

    def save(self, period: FiscalPeriod) -> None:
        check_tenant(period, self._tid)
        c = fiscal_periods.c
        stmt = (
            update(fiscal_periods)
            .where(c.tenant_id == self._tid, c.year == period.year, c.month == period.month)
            .values(status=period.status.value, closed_at=period.closed_at, closed_by=period.closed_by)
        )
        if self._conn.execute(stmt).rowcount != 1:
            raise NotFound(f"period {period.label} not found")


# --- receivables ---------------------------------------------------------------------------------


def _receivable_values(receivable: Receivable) -> dict[str, Any]:
    return {
        "customer_id": receivable.customer_id,
        "customer_name": receivable.customer_name,
        "reference": receivable.reference,
        "amount": receivable.amount,
        "open_amount": receivable.open_amount,
        "issued_on": receivable.issued_on,
        "due_date": receivable.due_date,
    }


def _to_receivable(row: RowMapping) -> Receivable:
    return Receivable(
        id=row["id"],
        tenant_id=row["tenant_id"],
        customer_id=row["customer_id"],
        customer_name=row["customer_name"],
        reference=row["reference"],
        amount=row["amount"],
        open_amount=row["open_amount"],
        issued_on=row["issued_on"],
        due_date=row["due_date"],
    )


class SqlReceivableRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, receivable: Receivable) -> int:
        check_tenant(receivable, self._tid)
        values = {**_receivable_values(receivable), "tenant_id": self._tid}
        receivable.id = insert_id(self._conn, receivables.insert().values(values))
        return receivable.id

    def get(self, receivable_id: int) -> Receivable | None:
        c = receivables.c
        stmt = select(receivables).where(c.tenant_id == self._tid, c.id == receivable_id)
        row = self._conn.execute(stmt).mappings().first()
        return _to_receivable(row) if row else None

    def update(self, receivable: Receivable) -> None:
        check_tenant(receivable, self._tid)
        c = receivables.c
        stmt = (
            update(receivables)
            .where(c.tenant_id == self._tid, c.id == receivable.id)
            .values(_receivable_values(receivable))
        )
        if self._conn.execute(stmt).rowcount != 1:
            raise NotFound(f"receivable {receivable.id} not found")

    def list_open(self, as_of: date) -> list[Receivable]:
        c = receivables.c
        stmt = (
            select(receivables)
            # A literal 0, as in the partial index's predicate: a bound parameter would not match it.
            .where(c.tenant_id == self._tid, c.open_amount > literal_column("0"), c.issued_on <= as_of)
            .order_by(c.due_date, c.id)
        )
        return [_to_receivable(row) for row in self._conn.execute(stmt).mappings()]
