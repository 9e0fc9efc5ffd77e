"""A customer's account: its movements (charges, payments, cancellations), the statement with its
running balance, customer payments (folio ``PAG-0001``) and how a payment is applied to open charges.

The account's movements are append-only and signed: a credit sale charges its total (+), a payment
(also the part of a credit sale paid at the counter) and a cancelled charge lower it (-). The
customer's ``balance`` is their sum, and so is the sum of the customer's open receivables and, for
the customer, the 105.01 Clientes balance (checked by a property test).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

import attrs

from nexus_core.domain.ledger import EntryDraft
from nexus_core.domain.money import ZERO
from nexus_core.domain.posting_basics import PaymentMethod
from nexus_core.domain.receivables import Receivable
from nexus_core.errors import RuleViolation


class AccountEntryKind(enum.StrEnum):
    SALE = "sale"
    PAYMENT = "payment"
    CANCELLATION = "cancellation"
    RETURN = "return"  # a credit note: goods of a credit sale came back (ADR 32)


@attrs.frozen
class AccountEntry:
    """One movement of a customer's account, dated on the tenant's business day."""

    id: int | None
    tenant_id: int
    customer_id: int
    kind: AccountEntryKind
    reference: str
    amount: Decimal  # + charges the account, - lowers it
    business_date: date
    created_at: datetime


@attrs.frozen
class StatementLine:
    date: date
    type: AccountEntryKind
    reference: str
    amount: Decimal
    balance: Decimal  # the account's balance after this movement


def statement_lines(opening: Decimal, entries: Iterable[AccountEntry]) -> list[StatementLine]:
    """The running balance after each movement, from ``opening`` (the balance before the first one);
    ``entries`` in the order they happened. Returned newest first, as the seed's statement shows it."""
    lines, balance = [], opening
    for e in entries:
        balance += e.amount
        lines.append(StatementLine(e.business_date, e.kind, e.reference, e.amount, balance))
    lines.reverse()
    return lines


@attrs.frozen
class ReceivedPayment:
    """A payment (abono) received from a customer, with its gapless folio ``PAG-0001``."""

    id: int | None
    tenant_id: int
    customer_id: int
    folio: str
    amount: Decimal
    method: PaymentMethod
    reference: str | None
    notes: str | None
    register_id: int | None
    employee_id: int | None
    business_date: date
    created_at: datetime
    entry_id: int | None = None


def allocate(amount: Decimal, open_charges: Sequence[Receivable]) -> list[tuple[Receivable, Decimal]]:
    """``amount`` applied to ``open_charges`` in the order given (oldest first): each takes what it
    still owes until the amount runs out. More than they owe together is refused."""
    applied: list[tuple[Receivable, Decimal]] = []
    left = amount
    for charge in open_charges:
        if left == 0:
            break
        share = min(left, charge.open_amount)
        if share > 0:
            applied.append((charge, share))
            left -= share
    if left > 0:
        owed = sum((c.open_amount for c in open_charges), ZERO)
        raise RuleViolation(f"amount {amount} exceeds the open charges of {owed}", field="amount")
    return applied


def one_entry(drafts: Sequence[EntryDraft], *, description: str) -> EntryDraft:
    """Several rules' drafts of one business event as one entry (the first one's type, date and
    reference), e.g. a credit sale and the part of it paid at the counter."""
    first = drafts[0]
    return EntryDraft.create(
        type=first.type,
        date=first.date,
        reference=first.reference,
        description=description,
        lines=[ln for d in drafts for ln in d.lines],
    )
