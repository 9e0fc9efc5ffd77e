"""Posting rules: pure functions from business facts to balanced :class:`EntryDraft` s.

One function per case of docs/accounting.md's "Posting rules" table. Facts carry amounts already
computed by the use case (one tax computation per line, rounded half-up, summed): the rules never
round sale figures again, so a ticket, its invoice and its posting agree to the cent. The one
rounding here is the share of IVA a customer payment moves from 209.01 to 208.01.

Drafts name accounts by chart code (see :mod:`nexus_core.domain.chart`); the one write path
``nexus_core.services.posting.post_entry`` resolves them and writes the entry. Layaway rules are
in :mod:`.layaway_rules`, purchase and stock rules in :mod:`.purchase_rules`, the shared helpers in
:mod:`.posting_basics`; every rule is importable from here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Callable

import attrs

from nexus_core.domain import chart
from nexus_core.domain.layaway_rules import (
    LayawayCancellation,
    LayawayCompletion,
    LayawayPayment,
    layaway_cancellation,
    layaway_completion,
    layaway_payment,
)
from nexus_core.domain.ledger import NO_CFDI, CfdiRef, DraftLine, EntryDraft, EntryType, line_amount
from nexus_core.domain.money import ZERO
from nexus_core.domain.posting_basics import (
    AdjustmentKind,
    LayawayOutcome,
    PaymentMethod,
    PurchaseSettlement,
    SaleAmounts,
    Tender,
    check_amounts,
    cr,
    dr,
    draft,
    money_account,
    revenue_lines,
)
from nexus_core.domain.purchase_rules import (
    Purchase,
    StockAdjustment,
    SupplierPayment,
    purchase,
    stock_adjustment,
    supplier_payment,
)
from nexus_core.domain.return_rules import CreditSaleReturned, SaleReturned, credit_sale_return, sale_return
from nexus_core.domain.tax import paid_share
from nexus_core.errors import InvalidInput

__all__ = [
    "AdjustmentKind",
    "CashCutDifference",
    "CashSale",
    "CreditSale",
    "CreditSaleReturned",
    "CustomerPayment",
    "Fact",
    "LayawayCancellation",
    "LayawayCompletion",
    "LayawayOutcome",
    "LayawayPayment",
    "PaymentMethod",
    "Purchase",
    "PurchaseSettlement",
    "SaleAmounts",
    "SaleCancellation",
    "SaleReturned",
    "StockAdjustment",
    "SupplierPayment",
    "Tender",
    "cash_cut_difference",
    "cash_sale",
    "credit_sale",
    "credit_sale_return",
    "customer_payment",
    "draft_for",
    "layaway_cancellation",
    "layaway_completion",
    "layaway_payment",
    "money_account",
    "purchase",
    "reverse",
    "sale_cancellation",
    "sale_return",
    "stock_adjustment",
    "supplier_payment",
    "vat_collected_share",
]


@attrs.frozen
class CashSale(SaleAmounts):
    """A sale paid at the counter. ``tenders`` (net of change) split a mixed payment; empty means
    the whole total was paid with ``payment``."""

    payment: PaymentMethod = PaymentMethod.CASH
    tenders: tuple[Tender, ...] = ()

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        for t in self.tenders:
            check_amounts(t, "amount")
        if self.tenders and sum((t.amount for t in self.tenders), ZERO) != self.total:
            raise InvalidInput("tenders must add up to the total", field="tenders")


def cash_sale(fact: CashSale) -> EntryDraft:
    """Dr 101.01/102.01 total / Cr 401.01 subtotal / Cr 208.01 IVA; Dr 501.01 / Cr 115.01 at cost."""
    tenders = fact.tenders or (Tender(fact.payment, fact.total),)
    by_account: dict[str, Decimal] = {}
    for t in tenders:
        code = money_account(t.method)
        by_account[code] = by_account.get(code, ZERO) + t.amount
    lines = [dr(code, amount, fact.cfdi) for code, amount in sorted(by_account.items())]
    lines += revenue_lines(fact, chart.VAT_COLLECTED)
    return draft(fact, EntryType.SALE, f"Venta {fact.folio}", lines)


@attrs.frozen
class CreditSale(SaleAmounts):
    """A sale charged to a customer's account (the receivable is the selling issue's record)."""


def credit_sale(fact: CreditSale) -> EntryDraft:
    """Dr 105.01 total / Cr 401.01 subtotal / Cr 209.01 IVA (not yet collected); cost of sales."""
    lines = [dr(chart.CUSTOMERS, fact.total, fact.cfdi), *revenue_lines(fact, chart.VAT_UNCOLLECTED)]
    return draft(fact, EntryType.SALE, f"Venta a credito {fact.folio}", lines)


@attrs.frozen
class CustomerPayment:
    """A payment against a credit charge of ``charge_total`` carrying ``charge_tax`` of IVA, of which
    ``paid_before`` had already been paid."""

    date: date
    folio: str
    amount: Decimal
    charge_total: Decimal
    charge_tax: Decimal
    paid_before: Decimal = ZERO
    method: PaymentMethod = PaymentMethod.CASH
    cfdi: CfdiRef = NO_CFDI

    def __attrs_post_init__(self) -> None:
        check_amounts(self, "charge_tax", "paid_before", positive=("amount", "charge_total"))
        if self.charge_tax > self.charge_total:
            raise InvalidInput("charge_tax must not exceed charge_total", field="charge_tax")
        if self.paid_before + self.amount > self.charge_total:
            open_amount = self.charge_total - self.paid_before
            raise InvalidInput(f"amount {self.amount} exceeds the open balance {open_amount}", field="amount")


def vat_collected_share(fact: CustomerPayment) -> Decimal:
    """IVA this payment moves from 209.01 to 208.01: :func:`~nexus_core.domain.tax.paid_share` of the
    charge's IVA (the differences telescope, so the payments that settle a charge move exactly its IVA)."""
    return paid_share(fact.charge_tax, fact.charge_total, fact.paid_before, fact.amount)


def customer_payment(fact: CustomerPayment) -> EntryDraft:
    """Dr 101.01/102.01 / Cr 105.01; Dr 209.01 / Cr 208.01 the paid share of IVA."""
    vat = vat_collected_share(fact)
    lines = [
        dr(money_account(fact.method), fact.amount, fact.cfdi),
        cr(chart.CUSTOMERS, fact.amount, fact.cfdi),
        dr(chart.VAT_UNCOLLECTED, vat, fact.cfdi),
        cr(chart.VAT_COLLECTED, vat, fact.cfdi),
    ]
    return draft(fact, EntryType.PAYMENT, f"Cobro a cliente {fact.folio}", lines)


@attrs.frozen
class CashCutDifference:
    """``difference = counted - expected`` of a cut Z: negative is a shortage, positive an overage."""

    date: date
    folio: str
    difference: Decimal

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.difference, Decimal) or line_amount(abs(self.difference), field="difference") != abs(
            self.difference
        ):
            raise InvalidInput("difference must be a Decimal with at most 2 decimals", field="difference")
        if self.difference == 0:
            raise InvalidInput("a cut without difference posts nothing", field="difference")


def cash_cut_difference(fact: CashCutDifference) -> EntryDraft:
    """Short: Dr 601.84.03 faltantes / Cr 101.01. Over: Dr 101.01 / Cr 403.01.02 sobrantes."""
    amount = abs(fact.difference)
    if fact.difference < 0:
        lines = [dr(chart.CASH_SHORTAGE, amount), cr(chart.CASH, amount)]
        what = "Faltante de caja"
    else:
        lines = [dr(chart.CASH, amount), cr(chart.CASH_OVERAGE, amount)]
        what = "Sobrante de caja"
    return draft(fact, EntryType.CUT, f"{what} {fact.folio}", lines)


def reverse(
    draft: EntryDraft,
    *,
    date: date,
    reference: str | None,
    description: str,
    type: EntryType = EntryType.CANCELLATION,
) -> EntryDraft:
    """The entry that undoes ``draft``: same accounts and amounts, sides swapped."""
    lines = [
        DraftLine(account_code=ln.account_code, debit=ln.credit, credit=ln.debit, cfdi=ln.cfdi) for ln in draft.lines
    ]
    return EntryDraft.create(type=type, date=date, reference=reference, description=description, lines=lines)


@attrs.frozen
class SaleCancellation:
    """A cancelled sale: ``original`` is the sale's draft as posted (see ``services.posting.draft_of_entry``)."""

    date: date
    folio: str
    original: EntryDraft


def sale_cancellation(fact: SaleCancellation) -> EntryDraft:
    """The reversing entry of the sale, never an edit of it."""
    return reverse(
        fact.original, date=fact.date, reference=fact.folio, description=f"Cancelacion de venta {fact.folio}"
    )


Fact = (
    CashSale
    | CreditSale
    | CustomerPayment
    | Purchase
    | SupplierPayment
    | StockAdjustment
    | LayawayPayment
    | LayawayCompletion
    | LayawayCancellation
    | CashCutDifference
    | SaleCancellation
    | SaleReturned
    | CreditSaleReturned
)

_RULES: dict[type, Callable[[Any], EntryDraft]] = {
    CashSale: cash_sale,
    CreditSale: credit_sale,
    CustomerPayment: customer_payment,
    Purchase: purchase,
    SupplierPayment: supplier_payment,
    StockAdjustment: stock_adjustment,
    LayawayPayment: layaway_payment,
    LayawayCompletion: layaway_completion,
    LayawayCancellation: layaway_cancellation,
    CashCutDifference: cash_cut_difference,
    SaleCancellation: sale_cancellation,
    SaleReturned: sale_return,
    CreditSaleReturned: credit_sale_return,
}


def draft_for(fact: Fact) -> EntryDraft:
    """The draft of any fact, by its class."""
    return _RULES[type(fact)](fact)
