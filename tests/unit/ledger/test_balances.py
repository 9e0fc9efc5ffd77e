"""What one entry adds to the maintained balances is computed once, in the domain."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from nexus_core.domain.accounts import Account
from nexus_core.domain.balances import BalanceTotals, balance_changes
from nexus_core.domain.chart import AccountNature
from nexus_core.domain.ledger import EntryType, JournalEntry, JournalLine

D = Decimal


def _entry(type: EntryType) -> JournalEntry:
    lines = [
        JournalLine.create(account_id=1, debit=D("10.00"), credit=0),
        JournalLine.create(account_id=1, debit=D("5.00"), credit=0),
        JournalLine.create(account_id=2, debit=0, credit=D("15.00")),
    ]
    return JournalEntry.create(
        tenant_id=1,
        date=date(2026, 3, 31),
        type=type,
        reference=None,
        description="x",
        lines=lines,
        created_by="t",
        now=datetime(2026, 4, 1, tzinfo=UTC),
    )


def test_lines_of_one_account_become_one_change() -> None:
    assert _entry(EntryType.MANUAL).balance_changes() == {
        1: BalanceTotals(D("15.00"), D("0.00")),
        2: BalanceTotals(D("0.00"), D("15.00")),
    }


def test_a_closing_entry_also_fills_the_closing_columns() -> None:
    changes = _entry(EntryType.CLOSING).balance_changes()
    assert changes[1] == BalanceTotals(D("15.00"), D("0.00"), D("15.00"), D("0.00"))
    total = BalanceTotals() + changes[1] + _entry(EntryType.MANUAL).balance_changes()[1]
    assert total.sides(include_closing=False) == (D("15.00"), D("0.00"))
    assert total.sides() == (D("30.00"), D("0.00"))
    assert balance_changes([], closing=True) == {}


def test_a_level_4_account_keeps_its_parents_sat_code() -> None:
    parent = Account(
        id=9,
        tenant_id=1,
        code="601.84",
        sat_code="601.84",
        name="Otros gastos generales",
        nature=AccountNature.DEBIT,
        parent_id=8,
        level=3,
    )
    child = Account.create(tenant_id=1, code="601.84.04", name="Papeleria", parent=parent)
    assert (child.level, child.sat_code) == (4, "601.84")
    assert Account.create(tenant_id=1, code="601.84.05", name="X", parent=parent, sat_code="601.85").sat_code == (
        "601.85"
    )
