"""The ledger ports behave alike on the fakes, SQLite and PostgreSQL: chart of accounts, journal
with maintained balances, periods and receivables."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import attrs
import pytest

from contract.builders import NOW, new_tenant
from nexus_core.domain.chart import AccountNature
from nexus_core.domain.ledger import Account, CfdiRef, EntryType, JournalEntry, JournalLine
from nexus_core.domain.periods import PeriodStatus
from nexus_core.domain.receivables import Receivable
from nexus_core.errors import Conflict
from nexus_core.ports.repositories import AccountSums
from nexus_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from nexus_core.services.ledger import seed_chart

D = Decimal
UUID = "6F9619FF-8B86-D011-B42D-00C04FC964FF"


def ledger_tenant(uows: UnitOfWorkFactory, name: str = "Refaccionaria Uno") -> int:
    """A committed tenant with the seeded SAT chart."""
    tenant_id, _ = new_tenant(uows, name)
    with uows.tenant(tenant_id) as uow:
        seed_chart(uow)
        uow.commit()
    return tenant_id


def ids(uow: UnitOfWork, *codes: str) -> list[int]:
    out = []
    for code in codes:
        account = uow.accounts.get_by_code(code)
        assert account is not None and account.id is not None
        out.append(account.id)
    return out


def entry(
    uow: UnitOfWork,
    day: date,
    *lines: tuple[str, str, str],
    type: EntryType = EntryType.MANUAL,
    reference: str | None = "R-1",
    cfdi: CfdiRef | None = None,
) -> JournalEntry:
    """An entry from (code, debit, credit) lines."""
    built = []
    for code, dr, cr in lines:
        (account_id,) = ids(uow, code)
        built.append(JournalLine.create(account_id=account_id, debit=D(dr), credit=D(cr), cfdi=cfdi or CfdiRef()))
    return JournalEntry.create(
        tenant_id=uow.tenant_id,
        date=day,
        type=type,
        reference=reference,
        description=f"Poliza {day.isoformat()}",
        lines=built,
        created_by="Ana Lopez",
        now=NOW,
    )


def post(uows: UnitOfWorkFactory, tenant_id: int, day: date, *lines: tuple[str, str, str], **kw: object) -> int:
    with uows.tenant(tenant_id) as uow:
        entry_id = uow.journal.add(entry(uow, day, *lines, **kw))  # type: ignore[arg-type]
        uow.commit()
    return entry_id


def sale(amount: str) -> tuple[tuple[str, str, str], ...]:
    return (("101.01", amount, "0"), ("401.01", "0", amount))


# --- accounts ------------------------------------------------------------------------------------


def test_account_add_get_round_trips_every_field(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id = ledger_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        parent = uow.accounts.get_by_code("102")
        assert parent is not None and parent.id is not None
        new = Account.create(
            tenant_id=tenant_id,
            code="102.02",
            name="Bancos extranjeros",
            sat_code="102.02",
            parent=parent,
            description="Cuenta en USD",
        )
        new_id = uow.accounts.add(new)
        assert new.id == new_id
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        for got in (uow.accounts.get(new_id), uow.accounts.get_by_code("102.02")):
            assert got is not None
            assert (got.id, got.tenant_id, got.code, got.sat_code, got.name) == (
                new_id,
                tenant_id,
                "102.02",
                "102.02",
                "Bancos extranjeros",
            )
            assert (got.nature, got.parent_id, got.level, got.is_active, got.description) == (
                AccountNature.DEBIT,
                parent.id,
                3,
                True,
                "Cuenta en USD",
            )
        root = uow.accounts.get_by_code("100")
        assert root is not None and (root.parent_id, root.level, root.description) == (None, 1, None)
        assert uow.accounts.get(new_id + 10_000) is None
        assert uow.accounts.get_by_code("999") is None


def test_account_list_is_ordered_by_code_and_has_children(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id = ledger_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        listed = uow.accounts.list()
        codes = [a.code for a in listed]
        assert codes == sorted(codes) and len(codes) == len(set(codes)) and "601.84.03" in codes
        by_code = {a.code: a.id for a in listed}
        asked = {by_code[c] for c in ("100", "601.84", "601.84.01", "101.01")}
        assert uow.accounts.with_children(asked) == {by_code["100"], by_code["601.84"]}
        assert uow.accounts.with_children(set()) == set()


def test_accounts_are_read_in_bulk_by_id_and_by_code(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id = ledger_tenant(uow_factory)
    other_id = ledger_tenant(uow_factory, "Otra")
    with uow_factory.tenant(other_id) as uow:
        foreign = uow.accounts.get_by_code("101.01")
        assert foreign is not None and foreign.id is not None
    with uow_factory.tenant(tenant_id) as uow:
        by_code = uow.accounts.get_many_by_code(["101.01", "401.01", "999.99"])
        assert sorted(by_code) == ["101.01", "401.01"]
        wanted = [a.id for a in by_code.values() if a.id is not None]
        by_id = uow.accounts.get_many([*wanted, foreign.id, 10**9])
        assert sorted(by_id) == sorted(wanted)  # another tenant's id is as absent as a missing one
        assert {a.code for a in by_id.values()} == {"101.01", "401.01"}
        assert uow.accounts.get_many([]) == {} and uow.accounts.get_many_by_code([]) == {}


def test_accounts_for_posting_come_with_whether_they_have_subaccounts(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id = ledger_tenant(uow_factory)
    other_id = ledger_tenant(uow_factory, "Otra")
    with uow_factory.tenant(other_id) as uow:
        foreign = uow.accounts.get_by_code("101.01")
        assert foreign is not None and foreign.id is not None
    with uow_factory.tenant(tenant_id) as uow:
        codes = ["100", "601.84", "601.84.01", "101.01"]
        by_code = uow.accounts.for_posting_by_code([*codes, "999.99"])
        assert sorted(by_code) == sorted(codes)
        assert {c for c, p in by_code.items() if p.has_children} == {"100", "601.84"}
        for code, posting in by_code.items():
            assert attrs.asdict(posting.account) == attrs.asdict(uow.accounts.get_by_code(code))
        wanted = [p.account.id for p in by_code.values() if p.account.id is not None]
        by_id = uow.accounts.for_posting([*wanted, foreign.id, 10**9])  # another tenant's id is absent
        assert sorted(by_id) == sorted(wanted)
        assert {p.account.code: (p.account.id, p.has_children) for p in by_id.values()} == {
            c: (p.account.id, p.has_children) for c, p in by_code.items()
        }
        assert uow.accounts.for_posting([]) == {} and uow.accounts.for_posting_by_code([]) == {}


def test_account_update_writes_every_mutable_field(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id = ledger_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        account = uow.accounts.get_by_code("601.84.02")
        assert account is not None
        account.is_active = False
        account.name = "Mermas"
        account.description = "ya no se usa"
        uow.accounts.update(account)
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        got = uow.accounts.get_by_code("601.84.02")
        assert got is not None and (got.is_active, got.name, got.description) == (False, "Mermas", "ya no se usa")


def test_account_code_is_unique_per_tenant(uow_factory: UnitOfWorkFactory) -> None:
    one = ledger_tenant(uow_factory, "Uno")
    two = ledger_tenant(uow_factory, "Dos")  # the same seeded codes in another tenant are fine
    with pytest.raises(Conflict), uow_factory.tenant(one) as uow:
        root = uow.accounts.get_by_code("100")
        uow.accounts.add(Account.create(tenant_id=one, code="101", name="Caja otra vez", parent=root))
        uow.commit()
    with uow_factory.tenant(two) as uow:
        root = uow.accounts.get_by_code("100")
        uow.accounts.add(Account.create(tenant_id=two, code="199", name="Otros activos", parent=root))
        uow.commit()
    with uow_factory.tenant(one) as uow:
        assert [a.name for a in uow.accounts.list() if a.code == "101"] == ["Caja"]
        assert uow.accounts.get_by_code("199") is None


# --- journal -------------------------------------------------------------------------------------


def test_journal_add_get_round_trips_the_entry_and_its_lines_in_order(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id = ledger_tenant(uow_factory)
    cfdi = CfdiRef.create(uuid=UUID.lower(), rfc="EKU9003173C9", total="1160.00")
    with uow_factory.tenant(tenant_id) as uow:
        e = entry(
            uow,
            date(2026, 3, 5),
            ("115.01", "1000.00", "0"),
            ("119.01", "160.00", "0"),
            ("201.01", "0", "1160.00"),
            type=EntryType.PURCHASE,
            reference="C-77",
            cfdi=cfdi,
        )
        entry_id = uow.journal.add(e)
        assert e.id == entry_id
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        got = uow.journal.get(entry_id)
        assert got is not None
        assert (got.id, got.tenant_id, got.date, got.type, got.reference) == (
            entry_id,
            tenant_id,
            date(2026, 3, 5),
            EntryType.PURCHASE,
            "C-77",
        )
        assert type(got.date) is date
        assert (got.description, got.created_by, got.created_at) == ("Poliza 2026-03-05", "Ana Lopez", NOW)
        assert got.created_at.utcoffset() == UTC.utcoffset(None)
        inventory, vat, suppliers = ids(uow, "115.01", "119.01", "201.01")
        assert [(ln.account_id, ln.debit, ln.credit) for ln in got.lines] == [
            (inventory, D("1000.00"), D(0)),
            (vat, D("160.00"), D(0)),
            (suppliers, D(0), D("1160.00")),
        ]
        assert all(ln.cfdi == CfdiRef(UUID, "EKU9003173C9", D("1160.00")) for ln in got.lines)
        assert all(isinstance(ln.debit, Decimal) for ln in got.lines)
        assert got.total == D("1160.00")
        assert uow.journal.get(entry_id + 10_000) is None


def test_journal_list_filters_orders_newest_first_and_counts(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id = ledger_tenant(uow_factory)
    days = [date(2026, 1, 10), date(2026, 2, 1), date(2026, 2, 1), date(2026, 2, 20), date(2026, 3, 31)]
    posted = [post(uow_factory, tenant_id, d, *sale(f"{10 + i}.00")) for i, d in enumerate(days)]
    purchase = post(
        uow_factory, tenant_id, date(2026, 2, 15), ("115.01", "5", "0"), ("201.01", "0", "5"), type=EntryType.PURCHASE
    )
    newest_first = [posted[4], posted[3], purchase, posted[2], posted[1], posted[0]]
    with uow_factory.tenant(tenant_id) as uow:
        rows, total = uow.journal.list()
        assert [e.id for e in rows] == newest_first and total == 6
        assert all(len(e.lines) == 2 for e in rows)
        assert rows[0].lines[0].debit == D("14.00")

        rows, total = uow.journal.list(offset=1, limit=2)
        assert [e.id for e in rows] == newest_first[1:3] and total == 6
        rows, total = uow.journal.list(offset=10, limit=2)
        assert rows == [] and total == 6

        rows, total = uow.journal.list(date_from=date(2026, 2, 1), date_to=date(2026, 2, 28))
        assert [e.id for e in rows] == [posted[3], purchase, posted[2], posted[1]] and total == 4
        rows, total = uow.journal.list(date_from=date(2026, 2, 16))
        assert [e.id for e in rows] == [posted[4], posted[3]] and total == 2
        rows, total = uow.journal.list(date_to=date(2026, 2, 1), limit=1)
        assert [e.id for e in rows] == [posted[2]] and total == 3

        rows, total = uow.journal.list(type=EntryType.PURCHASE)
        assert [e.id for e in rows] == [purchase] and total == 1
        assert rows[0].lines[0].debit == D(5)
        rows, total = uow.journal.list(type=EntryType.MANUAL, date_from=date(2026, 2, 2), date_to=date(2026, 3, 1))
        assert [e.id for e in rows] == [posted[3]] and total == 1
        assert uow.journal.list(type=EntryType.CLOSING) == ([], 0)


def test_has_postings(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id = ledger_tenant(uow_factory)
    post(uow_factory, tenant_id, date(2026, 1, 10), *sale("10"))
    with uow_factory.tenant(tenant_id) as uow:
        cash, sales, banks = ids(uow, "101.01", "401.01", "102.01")
        assert uow.journal.has_postings(cash) and uow.journal.has_postings(sales)
        assert not uow.journal.has_postings(banks)


def _brute(entries: Iterable[JournalEntry], lo: date, hi: date, include_closing: bool) -> AccountSums:
    out: AccountSums = {}
    for e in entries:
        if not lo <= e.date <= hi or (not include_closing and e.type is EntryType.CLOSING):
            continue
        for ln in e.lines:
            d, c = out.get(ln.account_id, (D(0), D(0)))
            out[ln.account_id] = (d + ln.debit, c + ln.credit)
    return out


def _nonzero(sums: AccountSums) -> AccountSums:
    return {k: v for k, v in sums.items() if v != (0, 0)}


def test_maintained_balances_answer_every_range_like_the_lines(uow_factory: UnitOfWorkFactory) -> None:
    """Sums over whole months, partial months and month boundaries, with and without closing
    entries, equal a recomputation from the entries' lines."""
    tenant_id = ledger_tenant(uow_factory)
    day = date(2025, 12, 20)
    for i in range(24):  # Dec 2025 .. Apr 2026, several entries a day on some days
        post(uow_factory, tenant_id, day, *sale(f"{100 + i}.{i:02d}"))
        if i % 3 == 0:
            post(uow_factory, tenant_id, day, ("601.84.01", f"{i + 1}.50", "0"), ("101.01", "0", f"{i + 1}.50"))
        day += timedelta(days=5 + i % 4)
    # the same account on both sides of one entry, twice
    post(
        uow_factory,
        tenant_id,
        date(2026, 2, 14),
        ("102.01", "7.00", "0"),
        ("102.01", "3.00", "0"),
        ("101.01", "0", "10.00"),
        ("102.01", "0", "0.25"),
        ("101.01", "0.25", "0"),
    )
    for end in (date(2026, 1, 31), date(2026, 2, 28)):
        post(
            uow_factory,
            tenant_id,
            end,
            ("401.01", "50", "0"),
            ("601.84.01", "0", "20"),
            ("305.01", "0", "30"),
            type=EntryType.CLOSING,
            reference=f"CIERRE-{end:%Y-%m}",
        )
    other = ledger_tenant(uow_factory, "Otra")
    post(uow_factory, other, date(2026, 2, 10), *sale("999"))  # another tenant's postings never count

    bounds = [
        date(2025, 11, 30),
        date(2025, 12, 1),
        date(2025, 12, 20),
        date(2025, 12, 31),
        date(2026, 1, 1),
        date(2026, 1, 15),
        date(2026, 1, 31),
        date(2026, 2, 1),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 3, 1),
        date(2026, 3, 31),
        date(2026, 4, 10),
        date(2026, 5, 31),
    ]
    with uow_factory.tenant(tenant_id) as uow:
        entries, total = uow.journal.list(limit=1000)
        assert total == len(entries) == 24 + 8 + 1 + 2
        for include_closing in (True, False):
            for i, lo in enumerate(bounds):
                for hi in bounds[i:]:
                    got = uow.journal.sums_between(lo, hi, include_closing=include_closing)
                    assert _nonzero(got) == _nonzero(_brute(entries, lo, hi, include_closing)), (lo, hi)
                    opening, period = uow.journal.sums_before_and_between(lo, hi, include_closing=include_closing)
                    assert (_nonzero(opening), _nonzero(period)) == (
                        _nonzero(_brute(entries, date.min, lo - timedelta(days=1), include_closing)),
                        _nonzero(got),
                    ), (lo, hi)
                before = uow.journal.sums_before(lo, include_closing=include_closing)
                assert _nonzero(before) == _nonzero(_brute(entries, date.min, lo - timedelta(days=1), include_closing))
            assert uow.journal.sums_between(bounds[-1], bounds[0], include_closing=include_closing) == {}
        everything = uow.journal.sums_between(date(2000, 1, 1), date(2099, 12, 31))
        assert sum(d for d, _ in everything.values()) == sum(c for _, c in everything.values())
        assert all(isinstance(v, Decimal) for pair in everything.values() for v in pair)


# --- tenant isolation ----------------------------------------------------------------------------


def test_ledger_repositories_never_show_another_tenants_rows(uow_factory: UnitOfWorkFactory) -> None:
    one = ledger_tenant(uow_factory, "Uno")
    two = ledger_tenant(uow_factory, "Dos")
    entry_id = post(uow_factory, one, date(2026, 1, 10), *sale("10"))
    with uow_factory.tenant(one) as uow:
        (cash_one,) = ids(uow, "101.01")
        uow.periods.for_posting(2026, 1)
        receivable_id = uow.receivables.add(_receivable(one, "F-1", "100", date(2026, 1, 1), date(2026, 1, 31)))
        root = uow.accounts.get_by_code("100")
        extra_id = uow.accounts.add(Account.create(tenant_id=one, code="199", name="Otros", parent=root))
        uow.commit()
    with uow_factory.tenant(two) as uow:
        assert uow.accounts.get(cash_one) is None and uow.accounts.get(extra_id) is None
        assert uow.accounts.get_by_code("199") is None
        assert cash_one not in {a.id for a in uow.accounts.list()}
        assert not uow.journal.has_postings(cash_one)
        assert uow.journal.get(entry_id) is None
        assert uow.journal.list() == ([], 0)
        assert uow.journal.sums_between(date(2026, 1, 1), date(2026, 12, 31)) == {}
        assert uow.journal.sums_between(date(2026, 1, 5), date(2026, 1, 20)) == {}
        assert uow.journal.sums_before(date(2027, 1, 1)) == {}
        assert uow.journal.sums_before(date(2026, 1, 20)) == {}
        assert uow.journal.sums_before_and_between(date(2026, 1, 20), date(2027, 1, 1)) == ({}, {})
        assert uow.periods.get(2026, 1) is None and uow.periods.list() == []
        assert uow.receivables.get(receivable_id) is None
        assert uow.receivables.list_open(date(2026, 12, 31)) == []
        (cash_two,) = ids(uow, "101.01")
        assert uow.accounts.with_children([cash_two]) == set()
        assert not uow.accounts.for_posting([cash_two])[cash_two].has_children
    with uow_factory.tenant(one) as uow:
        root = uow.accounts.get(extra_id)
        assert root is not None and root.parent_id is not None
        assert uow.accounts.with_children([root.parent_id]) == {root.parent_id}


# --- periods -------------------------------------------------------------------------------------


def test_periods_lifecycle(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id = ledger_tenant(uow_factory)
    closed_at = datetime(2026, 2, 3, 10, 30, tzinfo=UTC)
    with uow_factory.tenant(tenant_id) as uow:
        assert uow.periods.get(2026, 1) is None and uow.periods.latest_closed() is None
        opened = uow.periods.for_posting(2026, 1)
        assert (opened.tenant_id, opened.year, opened.month, opened.status) == (tenant_id, 2026, 1, PeriodStatus.OPEN)
        assert (opened.closed_at, opened.closed_by) == (None, None)
        again = uow.periods.for_posting(2026, 1)  # an existing row is returned, not duplicated
        assert again.key == (2026, 1) and not again.is_closed
        period, latest = uow.periods.for_posting_with_latest_close(2026, 1)
        assert (period.key, period.is_closed, latest) == ((2026, 1), False, None)
        fresh, latest = uow.periods.for_posting_with_latest_close(2026, 7)  # creates its row too
        assert (fresh.key, fresh.is_closed, latest) == ((2026, 7), False, None)
        uow.periods.for_posting(2025, 12)
        uow.periods.for_posting(2026, 3)
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        assert [p.key for p in uow.periods.list()] == [(2026, 7), (2026, 3), (2026, 1), (2025, 12)]
        for key in ((2025, 12), (2026, 1)):
            period = uow.periods.for_closing(*key)
            period.close(now=closed_at, by="Ana Lopez")
            uow.periods.save(period)
        created = uow.periods.for_closing(2026, 2)  # closing creates a missing row too
        assert not created.is_closed
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        got = uow.periods.get(2026, 1)
        assert got is not None and got.is_closed
        assert (got.closed_at, got.closed_by) == (closed_at, "Ana Lopez")
        latest = uow.periods.latest_closed()
        assert latest is not None and latest.key == (2026, 1)
        assert [(p.key, p.status) for p in uow.periods.list()] == [
            ((2026, 7), PeriodStatus.OPEN),
            ((2026, 3), PeriodStatus.OPEN),
            ((2026, 2), PeriodStatus.OPEN),
            ((2026, 1), PeriodStatus.CLOSED),
            ((2025, 12), PeriodStatus.CLOSED),
        ]
        assert uow.periods.for_posting(2026, 1).is_closed  # the lock returns the row as it is
        for key in ((2025, 12), (2026, 3), (2026, 8)):  # existing rows (one statement) and a new one
            period, latest = uow.periods.for_posting_with_latest_close(*key)
            assert (period.key, period.is_closed, latest) == (key, key == (2025, 12), (2026, 1))


def test_a_period_left_uncommitted_is_not_written(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id = ledger_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        uow.journal.add(entry(uow, date(2026, 1, 10), *sale("10")))
        uow.periods.for_posting(2026, 1)
    with uow_factory.tenant(tenant_id) as uow:
        assert uow.periods.list() == [] and uow.journal.list() == ([], 0)
        assert uow.journal.sums_before(date(2027, 1, 1)) == {}


# --- receivables ---------------------------------------------------------------------------------


def _receivable(tenant_id: int, reference: str, amount: str, issued: date, due: date, customer: int = 1) -> Receivable:
    return Receivable.create(
        tenant_id=tenant_id,
        customer_id=customer,
        customer_name=f"Cliente {customer}",
        reference=reference,
        amount=amount,
        issued_on=issued,
        due_date=due,
    )


def test_receivables_round_trip_and_list_open_as_of(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id = ledger_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        late = _receivable(tenant_id, "F-1", "100.50", date(2026, 1, 1), date(2026, 1, 31))
        early = _receivable(tenant_id, "F-2", "200", date(2026, 1, 5), date(2026, 1, 10), customer=2)
        same_due = _receivable(tenant_id, "F-3", "300", date(2026, 1, 6), date(2026, 1, 31))
        paid = _receivable(tenant_id, "F-4", "50", date(2026, 1, 2), date(2026, 1, 3))
        future = _receivable(tenant_id, "F-5", "75", date(2026, 3, 1), date(2026, 3, 30))
        for r in (late, early, same_due, paid, future):
            assert uow.receivables.add(r) == r.id
        paid.apply_payment(D(50))
        late.apply_payment(D("0.50"))
        uow.receivables.update(paid)
        uow.receivables.update(late)
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        got = uow.receivables.get(late.id or 0)
        assert got is not None
        assert (got.id, got.tenant_id, got.customer_id, got.customer_name, got.reference) == (
            late.id,
            tenant_id,
            1,
            "Cliente 1",
            "F-1",
        )
        assert (got.amount, got.open_amount, got.issued_on, got.due_date) == (
            D("100.50"),
            D("100.00"),
            date(2026, 1, 1),
            date(2026, 1, 31),
        )
        assert [r.reference for r in uow.receivables.list_open(date(2026, 2, 1))] == ["F-2", "F-1", "F-3"]
        assert [r.reference for r in uow.receivables.list_open(date(2026, 1, 5))] == ["F-2", "F-1"]
        assert [r.reference for r in uow.receivables.list_open(date(2026, 12, 31))] == ["F-2", "F-1", "F-3", "F-5"]
        assert uow.receivables.list_open(date(2025, 12, 31)) == []
        assert uow.receivables.get((late.id or 0) + 10_000) is None
