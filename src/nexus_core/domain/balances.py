"""Maintained balances: what one journal entry adds to each account's monthly and daily totals.

Reports never scan journal lines; they read per-(account, month) and per-(account, day) totals
that every posting updates in its own transaction (docs/adr/0009-ledger-maintained-balances.md).
This module is the one place that says what an entry adds to those totals: its debits and credits
per account, and, for a closing entry, the same amounts again in separate *closing* columns, so
the income statement can leave closing entries out. The SQL adapter and the in-memory fakes only
store what :func:`balance_changes` computes.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import attrs

from nexus_core.domain.money import ZERO, checked_add, from_cents, to_cents


@attrs.frozen
class BalanceTotals:
    """Debit and credit totals of one account over one month or one day, and the part of them
    posted by closing entries. Also what one entry adds (a *change*)."""

    debit: Decimal = ZERO
    credit: Decimal = ZERO
    closing_debit: Decimal = ZERO
    closing_credit: Decimal = ZERO

    def __add__(self, other: BalanceTotals) -> BalanceTotals:
        # In checked integer cents, like the SQL columns (docs/adr/0017-bounds.md): past 64 bits is refused.
        return BalanceTotals(
            add_checked(self.debit, other.debit),
            add_checked(self.credit, other.credit),
            add_checked(self.closing_debit, other.closing_debit),
            add_checked(self.closing_credit, other.closing_credit),
        )

    def sides(self, *, include_closing: bool = True) -> tuple[Decimal, Decimal]:
        """(debit, credit), with or without what closing entries posted."""
        if include_closing:
            return self.debit, self.credit
        return self.debit - self.closing_debit, self.credit - self.closing_credit


def add_checked(total: Decimal, amount: Decimal, *, what: str = "an account's maintained balance") -> Decimal:
    """``total + amount``, refused with :class:`~nexus_core.domain.money.TotalOutOfRange` beyond 64-bit cents."""
    return from_cents(checked_add(to_cents(total), to_cents(amount), what=what))


COLUMNS = tuple(f.name for f in attrs.fields(BalanceTotals))


def balance_changes(lines: Iterable[tuple[int, Decimal, Decimal]], *, closing: bool) -> dict[int, BalanceTotals]:
    """What an entry's ``(account_id, debit, credit)`` lines add, one change per account.

    Lines of one account are summed first: one balance row is touched once per entry (PostgreSQL
    refuses an UPSERT that touches the same row twice in one statement).
    """
    out: dict[int, BalanceTotals] = {}
    for account_id, debit, credit in lines:
        change = BalanceTotals(debit, credit, debit if closing else ZERO, credit if closing else ZERO)
        out[account_id] = out.get(account_id, BalanceTotals()) + change
    return out
