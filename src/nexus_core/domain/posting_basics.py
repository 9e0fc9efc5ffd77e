"""The building blocks of the posting rules: payment enums, amount checks, line helpers, and
:func:`draft`, the one place a rule turns a fact's lines into an :class:`EntryDraft`."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Protocol

import attrs

from nexus_core.domain import chart
from nexus_core.domain.ledger import NO_CFDI, CfdiRef, DraftLine, EntryDraft, EntryType, line_amount
from nexus_core.domain.money import ZERO
from nexus_core.errors import InvalidInput


class Dated(Protocol):
    """What every fact carries: the business date (local to the tenant) and its folio."""

    @property
    def date(self) -> date: ...
    @property
    def folio(self) -> str: ...


def draft(fact: Dated, type: EntryType, description: str, lines: Iterable[DraftLine]) -> EntryDraft:
    """The fact's entry: dated and referenced by the fact, balanced by :meth:`EntryDraft.create`."""
    return EntryDraft.create(type=type, date=fact.date, reference=fact.folio, description=description, lines=lines)


class PaymentMethod(enum.StrEnum):
    CASH = "cash"
    CARD = "card"
    TRANSFER = "transfer"


class PurchaseSettlement(enum.StrEnum):
    CREDIT = "credit"  # owed to the supplier (201.01)
    CASH = "cash"  # paid from the drawer (101.01)
    TRANSFER = "transfer"  # paid from the bank (102.01)


class AdjustmentKind(enum.StrEnum):
    SHRINKAGE = "shrinkage"  # merma: stock lost
    SURPLUS = "surplus"  # stock found


class LayawayOutcome(enum.StrEnum):
    REFUND = "refund"  # deposits returned to the customer (less any penalty kept)
    FORFEIT = "forfeit"  # the shop keeps the deposits


def money_account(method: PaymentMethod) -> str:
    """Cash goes to the drawer; card and transfer settle in the bank."""
    return chart.CASH if method is PaymentMethod.CASH else chart.BANKS


def check_amounts(fact: object, *names: str, positive: tuple[str, ...] = ()) -> None:
    """Amounts of a fact are non-negative Decimals with at most 2 places (``positive``: > 0)."""
    for name in (*names, *positive):
        value = getattr(fact, name)
        if not isinstance(value, Decimal) or line_amount(value, field=name) != value:
            raise InvalidInput(f"{name} must be a non-negative Decimal with at most 2 decimals", field=name)
    for name in positive:
        if getattr(fact, name) == 0:
            raise InvalidInput(f"{name} must be greater than zero", field=name)


def check_totals(subtotal: Decimal, tax: Decimal, total: Decimal) -> None:
    if subtotal + tax != total:
        raise InvalidInput(f"total {total} != subtotal {subtotal} + tax {tax}", field="total")


def dr(code: str, amount: Decimal, cfdi: CfdiRef = NO_CFDI) -> DraftLine:
    return DraftLine(account_code=code, debit=amount, credit=ZERO, cfdi=cfdi)


def cr(code: str, amount: Decimal, cfdi: CfdiRef = NO_CFDI) -> DraftLine:
    return DraftLine(account_code=code, debit=ZERO, credit=amount, cfdi=cfdi)


def cost_lines(cost: Decimal) -> list[DraftLine]:
    return [dr(chart.COST_OF_SALES, cost), cr(chart.INVENTORY, cost)]


@attrs.frozen
class Tender:
    method: PaymentMethod
    amount: Decimal


@attrs.frozen
class SaleAmounts:
    """What every sale-like fact carries: its folio and the ticket's figures (total = subtotal + tax)."""

    date: date
    folio: str
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    cost: Decimal
    cfdi: CfdiRef = NO_CFDI

    def __attrs_post_init__(self) -> None:
        check_amounts(self, "subtotal", "tax", "total", "cost")
        check_totals(self.subtotal, self.tax, self.total)


def revenue_lines(fact: SaleAmounts, vat_account: str) -> list[DraftLine]:
    """Cr 401.01 subtotal / Cr the IVA account; Dr 501.01 / Cr 115.01 at cost."""
    return [
        cr(chart.SALES, fact.subtotal, fact.cfdi),
        cr(vat_account, fact.tax, fact.cfdi),
        *cost_lines(fact.cost),
    ]
