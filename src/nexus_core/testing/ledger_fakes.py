"""In-memory ledger repositories, keeping balances as the SQL adapter does.

``JournalRepository.add`` stores, per (account, month) and per (account, day), the balance changes
the domain computes (:meth:`JournalEntry.balance_changes`); the sum queries read only those totals
(whole months from the monthly table, the rest from the daily table). :func:`verify_balances`
recomputes both tables from the lines, for tests.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Iterable, Iterator
from datetime import date
from decimal import Decimal

import attrs

from nexus_core.domain.accounts import PostingAccount
from nexus_core.domain.balances import BalanceTotals, add_checked
from nexus_core.domain.ledger import Account, CfdiRef, EntryType, JournalEntry
from nexus_core.domain.money import ZERO
from nexus_core.domain.periods import FiscalPeriod, first_day, last_day
from nexus_core.domain.receivables import Receivable
from nexus_core.errors import Conflict
from nexus_core.testing.fake_repo import FakeRepo

AccountSums = dict[int, tuple[Decimal, Decimal]]


@attrs.define
class LedgerTables:
    accounts: dict[int, Account] = attrs.Factory(dict)
    entries: dict[int, JournalEntry] = attrs.Factory(dict)
    # (tenant_id, account_id, year, month) and (tenant_id, account_id, day)
    month_totals: dict[tuple[int, int, int, int], BalanceTotals] = attrs.Factory(dict)
    day_totals: dict[tuple[int, int, date], BalanceTotals] = attrs.Factory(dict)
    periods: dict[tuple[int, int, int], FiscalPeriod] = attrs.Factory(dict)
    receivables: dict[int, Receivable] = attrs.Factory(dict)


class _LedgerRepo(FakeRepo):
    @property
    def _t(self) -> LedgerTables:
        return self._tx.work.ledger


class InMemoryAccounts(_LedgerRepo):
    def add(self, account: Account) -> int:
        assert account.tenant_id == self._tid, "entity of another tenant"
        if self.get_by_code(account.code) is not None:
            raise Conflict("unique index: account code")  # what the SQL adapter raises for the same index
        account.id = self._all.new_id("accounts")
        self._t.accounts[account.id] = account
        return account.id

    def get(self, account_id: int) -> Account | None:
        a = self._t.accounts.get(account_id)
        return a if a is not None and a.tenant_id == self._tid else None

    def get_by_code(self, code: str) -> Account | None:
        return next((a for a in self._mine() if a.code == code), None)

    def list(self) -> list[Account]:
        return sorted(self._mine(), key=lambda a: a.code)

    def get_many(self, account_ids: Collection[int]) -> dict[int, Account]:
        wanted = set(account_ids)
        return {a.id: a for a in self._mine() if a.id in wanted}

    def get_many_by_code(self, codes: Collection[str]) -> dict[str, Account]:
        wanted = set(codes)
        return {a.code: a for a in self._mine() if a.code in wanted}

    def with_children(self, account_ids: Collection[int]) -> set[int]:
        wanted = set(account_ids)
        return {a.parent_id for a in self._mine() if a.parent_id in wanted}

    def for_posting(self, account_ids: Collection[int]) -> dict[int, PostingAccount]:
        wanted = set(account_ids)
        parents = self.with_children(wanted)
        return {a.id: PostingAccount(a, a.id in parents) for a in self._mine() if a.id in wanted}

    def for_posting_by_code(self, codes: Collection[str]) -> dict[str, PostingAccount]:
        by_code = self.get_many_by_code(codes)
        parents = self.with_children({a.id for a in by_code.values() if a.id is not None})
        return {code: PostingAccount(a, a.id in parents) for code, a in by_code.items()}

    def update(self, account: Account) -> None:
        assert account.id is not None and self.get(account.id) is not None
        self._t.accounts[account.id] = account

    def _mine(self) -> Iterator[Account]:
        return (a for a in self._t.accounts.values() if a.tenant_id == self._tid)


class InMemoryJournal(_LedgerRepo):
    def add(self, entry: JournalEntry) -> int:
        assert entry.tenant_id == self._tid, "entity of another tenant"
        for ln in entry.lines:  # foreign key
            assert self._t.accounts.get(ln.account_id) is not None, "foreign key: account"
            assert self._t.accounts[ln.account_id].tenant_id == self._tid, "foreign key: account of another tenant"
        entry.id = self._all.new_id("journal_entries")
        self._t.entries[entry.id] = entry
        _store_changes(self._t, entry)
        return entry.id

    def get(self, entry_id: int) -> JournalEntry | None:
        e = self._t.entries.get(entry_id)
        return e if e is not None and e.tenant_id == self._tid else None

    def set_cfdi(self, entry_id: int, cfdi: CfdiRef) -> int:
        e = self.get(entry_id)
        if e is None:
            return 0
        e.lines = tuple(attrs.evolve(ln, cfdi=cfdi) for ln in e.lines)
        return len(e.lines)

    def list(
        self,
        *,
        date_from: date | None = None,
        date_to: date | None = None,
        type: EntryType | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> tuple[list[JournalEntry], int]:
        rows = [
            e
            for e in self._t.entries.values()
            if e.tenant_id == self._tid
            and (date_from is None or e.date >= date_from)
            and (date_to is None or e.date <= date_to)
            and (type is None or e.type is type)
        ]
        rows.sort(key=lambda e: (e.date, e.id or 0), reverse=True)
        return rows[offset : offset + limit], len(rows)

    def has_postings(self, account_id: int) -> bool:
        return any(k[0] == self._tid and k[1] == account_id for k in self._t.month_totals)

    def sums_between(self, date_from: date, date_to: date, *, include_closing: bool = True) -> AccountSums:
        def whole(y: int, m: int) -> bool:
            return first_day(y, m) >= date_from and last_day(y, m) <= date_to

        months = ((k[1], t) for k, t in self._t.month_totals.items() if k[0] == self._tid and whole(k[2], k[3]))
        days = (
            (k[1], t)
            for k, t in self._t.day_totals.items()
            if k[0] == self._tid and date_from <= k[2] <= date_to and not whole(k[2].year, k[2].month)
        )
        return _sum([*months, *days], include_closing)

    def sums_before(self, day: date, *, include_closing: bool = True) -> AccountSums:
        months = (
            (k[1], t)
            for k, t in self._t.month_totals.items()
            if k[0] == self._tid and (k[2], k[3]) < (day.year, day.month)
        )
        days = (
            (k[1], t)
            for k, t in self._t.day_totals.items()
            if k[0] == self._tid and first_day(day.year, day.month) <= k[2] < day
        )
        return _sum([*months, *days], include_closing)

    def sums_before_and_between(
        self, date_from: date, date_to: date, *, include_closing: bool = True
    ) -> tuple[AccountSums, AccountSums]:
        return (
            self.sums_before(date_from, include_closing=include_closing),
            self.sums_between(date_from, date_to, include_closing=include_closing),
        )


def _sum(parts: Iterable[tuple[int, BalanceTotals]], include_closing: bool) -> AccountSums:
    out: dict[int, tuple[Decimal, Decimal]] = {}
    for account_id, totals in parts:
        debit, credit = totals.sides(include_closing=include_closing)
        d0, c0 = out.get(account_id, (ZERO, ZERO))
        what = "an account's total for this range"
        out[account_id] = (add_checked(d0, debit, what=what), add_checked(c0, credit, what=what))
    return out


class InMemoryPeriods(_LedgerRepo):
    def get(self, year: int, month: int) -> FiscalPeriod | None:
        return self._t.periods.get((self._tid, year, month))

    def list(self) -> list[FiscalPeriod]:
        mine = [p for (tid, _, _), p in self._t.periods.items() if tid == self._tid]
        return sorted(mine, key=lambda p: p.key, reverse=True)

    def latest_closed(self) -> FiscalPeriod | None:
        return next((p for p in self.list() if p.is_closed), None)

    def _get_or_open(self, year: int, month: int) -> FiscalPeriod:
        key = (self._tid, year, month)
        if key not in self._t.periods:
            self._t.periods[key] = FiscalPeriod.open(tenant_id=self._tid, year=year, month=month)
        return self._t.periods[key]

    def for_posting(self, year: int, month: int) -> FiscalPeriod:
        return self._get_or_open(year, month)

    def for_posting_with_latest_close(self, year: int, month: int) -> tuple[FiscalPeriod, tuple[int, int] | None]:
        period = self._get_or_open(year, month)
        latest = self.latest_closed()
        return period, None if latest is None else latest.key

    def for_closing(self, year: int, month: int) -> FiscalPeriod:
        return self._get_or_open(year, month)

    def save(self, period: FiscalPeriod) -> None:
        assert period.tenant_id == self._tid
        assert (self._tid, period.year, period.month) in self._t.periods, "period row must exist"
        self._t.periods[(self._tid, period.year, period.month)] = period


class InMemoryReceivables(_LedgerRepo):
    def add(self, receivable: Receivable) -> int:
        assert receivable.tenant_id == self._tid, "entity of another tenant"
        receivable.id = self._all.new_id("receivables")
        self._t.receivables[receivable.id] = receivable
        return receivable.id

    def get(self, receivable_id: int) -> Receivable | None:
        r = self._t.receivables.get(receivable_id)
        return r if r is not None and r.tenant_id == self._tid else None

    def update(self, receivable: Receivable) -> None:
        assert receivable.id is not None and self.get(receivable.id) is not None
        self._t.receivables[receivable.id] = receivable

    def list_open(self, as_of: date) -> list[Receivable]:
        rows = [
            r
            for r in self._t.receivables.values()
            if r.tenant_id == self._tid and r.open_amount > 0 and r.issued_on <= as_of
        ]
        return sorted(rows, key=lambda r: (r.due_date, r.id or 0))

    def open_for_customer(self, customer_id: int) -> list[Receivable]:
        rows = [
            copy.deepcopy(r)
            for r in self._t.receivables.values()
            if r.tenant_id == self._tid and r.customer_id == customer_id and r.open_amount > 0
        ]
        return sorted(rows, key=lambda r: (r.issued_on, r.id or 0))

    def by_reference(self, customer_id: int, reference: str) -> Receivable | None:
        for r in self._t.receivables.values():
            if r.tenant_id == self._tid and r.customer_id == customer_id and r.reference == reference:
                return copy.deepcopy(r)
        return None


def _store_changes(tables: LedgerTables, entry: JournalEntry) -> None:
    """Add the entry's balance changes to its accounts' month and day rows (as the SQL UPSERT does)."""
    d = entry.date
    for account_id, change in entry.balance_changes().items():
        month = (entry.tenant_id, account_id, d.year, d.month)
        tables.month_totals[month] = tables.month_totals.get(month, BalanceTotals()) + change
        day = (entry.tenant_id, account_id, d)
        tables.day_totals[day] = tables.day_totals.get(day, BalanceTotals()) + change


def recompute_totals(
    tables: LedgerTables,
) -> tuple[dict[tuple[int, int, int, int], BalanceTotals], dict[tuple[int, int, date], BalanceTotals]]:
    """Monthly and daily totals rebuilt from the journal lines."""
    rebuilt = LedgerTables()
    for entry in tables.entries.values():
        _store_changes(rebuilt, entry)
    return rebuilt.month_totals, rebuilt.day_totals


def verify_balances(tables: LedgerTables) -> None:
    """Raise ``AssertionError`` unless the maintained totals equal a recomputation from the lines."""
    months, days = recompute_totals(tables)
    assert tables.month_totals == months, "monthly balances drifted from the journal lines"
    assert tables.day_totals == days, "daily balances drifted from the journal lines"
