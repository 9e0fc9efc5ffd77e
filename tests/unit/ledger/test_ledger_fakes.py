"""The in-memory ledger repositories keep the rules the SQL adapter keeps."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from nexus_core.domain import posting_rules as P
from nexus_core.domain.ledger import Account, EntryType, JournalEntry, JournalLine
from nexus_core.errors import Conflict
from nexus_core.testing.fakes import InMemoryUnitOfWorkFactory
from nexus_core.testing.ledger_fakes import LedgerTables, recompute_totals, verify_balances

from .conftest import Books

D = Decimal
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def brute_sums(
    tables: LedgerTables, tenant_id: int, lo: date, hi: date, include_closing: bool = True
) -> dict[int, tuple[Decimal, Decimal]]:
    out: dict[int, tuple[Decimal, Decimal]] = {}
    for e in tables.entries.values():
        if e.tenant_id != tenant_id or not lo <= e.date <= hi:
            continue
        if not include_closing and e.type is EntryType.CLOSING:
            continue
        for ln in e.lines:
            d, c = out.get(ln.account_id, (D(0), D(0)))
            out[ln.account_id] = (d + ln.debit, c + ln.credit)
    return out


def nonzero(sums: dict[int, tuple[Decimal, Decimal]]) -> dict[int, tuple[Decimal, Decimal]]:
    return {k: v for k, v in sums.items() if v != (0, 0)}


def test_balances_are_maintained_and_ranges_decompose(books: Books) -> None:
    days = [
        date(2026, 1, 31),
        date(2026, 2, 1),
        date(2026, 2, 15),
        date(2026, 2, 28),
        date(2026, 3, 1),
        date(2026, 5, 20),
    ]
    for i, day in enumerate(days):
        books.post(P.cash_sale(P.CashSale(day, f"V-{i}", D(100 + i), D(16), D(116 + i), D(50))))
    books.close(2026, 1)
    tables = books.store.ledger
    verify_balances(tables)
    factory = books.nexus.uows
    assert isinstance(factory, InMemoryUnitOfWorkFactory)
    ranges = [
        (date(2026, 1, 1), date(2026, 12, 31)),
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 1, 31), date(2026, 3, 1)),
        (date(2026, 2, 2), date(2026, 2, 27)),
        (date(2026, 2, 15), date(2026, 2, 15)),
        (date(2025, 12, 1), date(2026, 1, 30)),
    ]
    with factory.tenant(books.tenant_id) as uow:
        for lo, hi in ranges:
            for inc in (True, False):
                got = uow.journal.sums_between(lo, hi, include_closing=inc)
                assert nonzero(got) == nonzero(brute_sums(tables, books.tenant_id, lo, hi, inc))
            assert nonzero(uow.journal.sums_before(lo)) == brute_sums(
                tables, books.tenant_id, date(1900, 1, 1), date.fromordinal(lo.toordinal() - 1)
            )


def test_drift_is_detected() -> None:
    tables = LedgerTables()
    entry = JournalEntry(
        id=1,
        tenant_id=1,
        date=date(2026, 1, 1),
        type=EntryType.MANUAL,
        reference=None,
        description="x",
        lines=(JournalLine(1, D(5), D(0)), JournalLine(2, D(0), D(5))),
        created_by="t",
        created_at=NOW,
    )
    tables.entries[1] = entry
    with pytest.raises(AssertionError, match="drifted"):
        verify_balances(tables)
    tables.month_totals, tables.day_totals = recompute_totals(tables)
    verify_balances(tables)


def test_tenants_do_not_see_each_other(books: Books) -> None:
    from .conftest import make_books

    books.post(P.cash_sale(P.CashSale(date(2026, 2, 1), "V-1", D(100), D(16), D(116), D(50))))
    other = make_books(name="Otra")
    factory = books.nexus.uows
    assert isinstance(factory, InMemoryUnitOfWorkFactory)
    # both tenants in one store: the second tenant's repositories see none of the first's rows
    with factory.platform() as platform:
        from nexus_core.services.tenants import CreateTenant, create_tenant

        created = create_tenant(
            CreateTenant(name="Tercera", owner_name="X", owner_pin="5555"), platform, books.nexus.deps
        )
        platform.commit()
    with factory.tenant(created.tenant_id) as uow:
        assert uow.journal.list() == ([], 0)
        assert uow.journal.sums_before(date(2030, 1, 1)) == {}
        assert uow.periods.list() == []
        assert len(uow.accounts.list()) == len(other.accounts())
        first_tenant_cash = books.id("101.01")
        assert uow.accounts.get(first_tenant_cash) is None
        assert not uow.journal.has_postings(first_tenant_cash)


def test_rollback_discards_lines_and_balances(books: Books) -> None:
    factory = books.nexus.uows
    assert isinstance(factory, InMemoryUnitOfWorkFactory)
    with factory.tenant(books.tenant_id) as uow:
        cash = uow.accounts.get_by_code("101.01")
        sales = uow.accounts.get_by_code("401.01")
        assert cash and sales and cash.id and sales.id
        uow.journal.add(
            JournalEntry.create(
                tenant_id=books.tenant_id,
                date=date(2026, 2, 1),
                type=EntryType.MANUAL,
                reference=None,
                description="x",
                lines=[
                    JournalLine.create(account_id=cash.id, debit="5", credit="0"),
                    JournalLine.create(account_id=sales.id, debit="0", credit="5", index=1),
                ],
                created_by="t",
                now=NOW,
            )
        )
        uow.periods.for_posting(2026, 2)
        # no commit
    tables = books.store.ledger
    assert tables.entries == {} and tables.month_totals == {} and tables.day_totals == {} and tables.periods == {}


def test_account_code_is_unique(books: Books) -> None:
    factory = books.nexus.uows
    assert isinstance(factory, InMemoryUnitOfWorkFactory)
    with factory.tenant(books.tenant_id) as uow:
        root = uow.accounts.get_by_code("100")
        with pytest.raises(Conflict, match="unique"):
            uow.accounts.add(Account.create(tenant_id=books.tenant_id, code="101", name="Caja", parent=root))
        cash = uow.accounts.get_by_code("101.01")
        assert cash is not None
        assert uow.accounts.with_children([root.id, cash.id]) == {root.id}
