"""Posting rules: pure functions from business facts to balanced :class:`EntryDraft` s.

One function per case of domain.md's "Postings" list. Facts carry amounts already computed by the
use case (one tax computation per line, rounded half-up, summed): the rules never round sale
figures again, so a ticket, its invoice and its posting agree to the cent. The one rounding here is
the share of IVA a customer payment moves from 209.01 to 208.01.

Drafts name accounts by chart code (see :mod:`nexus_core.domain.chart`); the service
``nexus_core.services.ledger.post_entry`` resolves them and writes the entry.
"""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal
from typing import Any, Callable

import attrs

from nexus_core.domain import chart
from nexus_core.domain.ledger import NO_CFDI, CfdiRef, DraftLine, EntryDraft, EntryType, line_amount
from nexus_core.domain.money import ZERO, round_money
from nexus_core.errors import InvalidInput


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


def _check(fact: object, *names: str, positive: tuple[str, ...] = ()) -> None:
    """Amounts of a fact are non-negative Decimals with at most 2 places (``positive``: > 0)."""
    for name in (*names, *positive):
        value = getattr(fact, name)
        if not isinstance(value, Decimal) or line_amount(value, field=name) != value:
            raise InvalidInput(f"{name} must be a non-negative Decimal with at most 2 decimals", field=name)
    for name in positive:
        if getattr(fact, name) == 0:
            raise InvalidInput(f"{name} must be greater than zero", field=name)


def _check_totals(subtotal: Decimal, tax: Decimal, total: Decimal) -> None:
    if subtotal + tax != total:
        raise InvalidInput(f"total {total} != subtotal {subtotal} + tax {tax}", field="total")


def _dr(code: str, amount: Decimal, cfdi: CfdiRef = NO_CFDI) -> DraftLine:
    return DraftLine(account_code=code, debit=amount, credit=ZERO, cfdi=cfdi)


def _cr(code: str, amount: Decimal, cfdi: CfdiRef = NO_CFDI) -> DraftLine:
    return DraftLine(account_code=code, debit=ZERO, credit=amount, cfdi=cfdi)


def _cost_lines(cost: Decimal) -> list[DraftLine]:
    return [_dr(chart.COST_OF_SALES, cost), _cr(chart.INVENTORY, cost)]


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
        _check(self, "subtotal", "tax", "total", "cost")
        _check_totals(self.subtotal, self.tax, self.total)


def _revenue_lines(fact: SaleAmounts, vat_account: str) -> list[DraftLine]:
    """Cr 401.01 subtotal / Cr the IVA account; Dr 501.01 / Cr 115.01 at cost."""
    return [
        _cr(chart.SALES, fact.subtotal, fact.cfdi),
        _cr(vat_account, fact.tax, fact.cfdi),
        *_cost_lines(fact.cost),
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
            _check(t, "amount")
        if self.tenders and sum((t.amount for t in self.tenders), ZERO) != self.total:
            raise InvalidInput("tenders must add up to the total", field="tenders")


def cash_sale(fact: CashSale) -> EntryDraft:
    """Dr 101.01/102.01 total / Cr 401.01 subtotal / Cr 208.01 IVA; Dr 501.01 / Cr 115.01 at cost."""
    tenders = fact.tenders or (Tender(fact.payment, fact.total),)
    by_account: dict[str, Decimal] = {}
    for t in tenders:
        code = money_account(t.method)
        by_account[code] = by_account.get(code, ZERO) + t.amount
    lines = [_dr(code, amount, fact.cfdi) for code, amount in sorted(by_account.items())]
    lines += _revenue_lines(fact, chart.VAT_COLLECTED)
    return EntryDraft.create(
        type=EntryType.SALE, date=fact.date, reference=fact.folio, description=f"Venta {fact.folio}", lines=lines
    )


@attrs.frozen
class CreditSale(SaleAmounts):
    """A sale charged to a customer's account (the receivable is the selling issue's record)."""


def credit_sale(fact: CreditSale) -> EntryDraft:
    """Dr 105.01 total / Cr 401.01 subtotal / Cr 209.01 IVA (not yet collected); cost of sales."""
    lines = [_dr(chart.CUSTOMERS, fact.total, fact.cfdi), *_revenue_lines(fact, chart.VAT_UNCOLLECTED)]
    return EntryDraft.create(
        type=EntryType.SALE,
        date=fact.date,
        reference=fact.folio,
        description=f"Venta a credito {fact.folio}",
        lines=lines,
    )


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
        _check(self, "charge_tax", "paid_before", positive=("amount", "charge_total"))
        if self.charge_tax > self.charge_total:
            raise InvalidInput("charge_tax must not exceed charge_total", field="charge_tax")
        if self.paid_before + self.amount > self.charge_total:
            open_amount = self.charge_total - self.paid_before
            raise InvalidInput(f"amount {self.amount} exceeds the open balance {open_amount}", field="amount")


def vat_collected_share(fact: CustomerPayment) -> Decimal:
    """IVA this payment moves from 209.01 to 208.01.

    The collected share of IVA after a payment is ``paid * tax / total`` rounded half-up once; this
    payment moves the difference from the share before it. The differences telescope, so the
    payments that settle a charge move exactly its IVA, never a cent more or less.
    """

    def share(paid: Decimal) -> Decimal:
        return round_money(paid * fact.charge_tax / fact.charge_total)

    return share(fact.paid_before + fact.amount) - share(fact.paid_before)


def customer_payment(fact: CustomerPayment) -> EntryDraft:
    """Dr 101.01/102.01 / Cr 105.01; Dr 209.01 / Cr 208.01 the paid share of IVA."""
    vat = vat_collected_share(fact)
    lines = [
        _dr(money_account(fact.method), fact.amount, fact.cfdi),
        _cr(chart.CUSTOMERS, fact.amount, fact.cfdi),
        _dr(chart.VAT_UNCOLLECTED, vat, fact.cfdi),
        _cr(chart.VAT_COLLECTED, vat, fact.cfdi),
    ]
    return EntryDraft.create(
        type=EntryType.PAYMENT,
        date=fact.date,
        reference=fact.folio,
        description=f"Cobro a cliente {fact.folio}",
        lines=lines,
    )


@attrs.frozen
class Purchase:
    """Merchandise bought from a supplier, on credit or paid at once."""

    date: date
    folio: str
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    settlement: PurchaseSettlement = PurchaseSettlement.CREDIT
    cfdi: CfdiRef = NO_CFDI

    def __attrs_post_init__(self) -> None:
        _check(self, "subtotal", "tax", "total")
        _check_totals(self.subtotal, self.tax, self.total)


_SETTLEMENT_ACCOUNT = {
    PurchaseSettlement.CREDIT: chart.SUPPLIERS,
    PurchaseSettlement.CASH: chart.CASH,
    PurchaseSettlement.TRANSFER: chart.BANKS,
}


def purchase(fact: Purchase) -> EntryDraft:
    """Dr 115.01 subtotal / Dr 118.01 IVA / Cr 201.01 (or 101.01 cash, 102.01 transfer) total."""
    lines = [
        _dr(chart.INVENTORY, fact.subtotal, fact.cfdi),
        _dr(chart.VAT_CREDITABLE_PAID, fact.tax, fact.cfdi),
        _cr(_SETTLEMENT_ACCOUNT[fact.settlement], fact.total, fact.cfdi),
    ]
    return EntryDraft.create(
        type=EntryType.PURCHASE, date=fact.date, reference=fact.folio, description=f"Compra {fact.folio}", lines=lines
    )


@attrs.frozen
class SupplierPayment:
    """Paying a supplier for a purchase made on credit."""

    date: date
    folio: str
    amount: Decimal
    method: PaymentMethod = PaymentMethod.TRANSFER
    cfdi: CfdiRef = NO_CFDI

    def __attrs_post_init__(self) -> None:
        _check(self, positive=("amount",))


def supplier_payment(fact: SupplierPayment) -> EntryDraft:
    """Dr 201.01 / Cr 101.01 or 102.01."""
    lines = [_dr(chart.SUPPLIERS, fact.amount, fact.cfdi), _cr(money_account(fact.method), fact.amount, fact.cfdi)]
    return EntryDraft.create(
        type=EntryType.PAYMENT,
        date=fact.date,
        reference=fact.folio,
        description=f"Pago a proveedor {fact.folio}",
        lines=lines,
    )


@attrs.frozen
class StockAdjustment:
    """An inventory difference valued at cost (a physical count, a damaged part)."""

    date: date
    folio: str
    kind: AdjustmentKind
    amount: Decimal

    def __attrs_post_init__(self) -> None:
        _check(self, positive=("amount",))


def stock_adjustment(fact: StockAdjustment) -> EntryDraft:
    """Shrinkage: Dr 601.84.02 mermas / Cr 115.01. Surplus: the reverse."""
    if fact.kind is AdjustmentKind.SHRINKAGE:
        lines = [_dr(chart.SHRINKAGE, fact.amount), _cr(chart.INVENTORY, fact.amount)]
        what = "Merma de inventario"
    else:
        lines = [_dr(chart.INVENTORY, fact.amount), _cr(chart.SHRINKAGE, fact.amount)]
        what = "Sobrante de inventario"
    return EntryDraft.create(
        type=EntryType.ADJUSTMENT, date=fact.date, reference=fact.folio, description=f"{what} {fact.folio}", lines=lines
    )


@attrs.frozen
class LayawayPayment:
    """A deposit on an apartado: a customer advance until the layaway completes."""

    date: date
    folio: str
    amount: Decimal
    method: PaymentMethod = PaymentMethod.CASH

    def __attrs_post_init__(self) -> None:
        _check(self, positive=("amount",))


def layaway_payment(fact: LayawayPayment) -> EntryDraft:
    """Dr 101.01/102.01 / Cr 206.01 anticipo de cliente."""
    lines = [_dr(money_account(fact.method), fact.amount), _cr(chart.CUSTOMER_ADVANCES, fact.amount)]
    return EntryDraft.create(
        type=EntryType.LAYAWAY,
        date=fact.date,
        reference=fact.folio,
        description=f"Abono a apartado {fact.folio}",
        lines=lines,
    )


@attrs.frozen
class LayawayCompletion(SaleAmounts):
    """A fully paid apartado handed over: the advance becomes a sale."""


def layaway_completion(fact: LayawayCompletion) -> EntryDraft:
    """Dr 206.01 total / Cr 401.01 subtotal / Cr 208.01 IVA; Dr 501.01 / Cr 115.01 at cost."""
    lines = [_dr(chart.CUSTOMER_ADVANCES, fact.total, fact.cfdi), *_revenue_lines(fact, chart.VAT_COLLECTED)]
    return EntryDraft.create(
        type=EntryType.LAYAWAY,
        date=fact.date,
        reference=fact.folio,
        description=f"Entrega de apartado {fact.folio}",
        lines=lines,
    )


@attrs.frozen
class LayawayCancellation:
    """A cancelled apartado: ``deposits`` go back (REFUND, less an optional ``penalty`` the shop
    keeps) or stay with the shop (FORFEIT). The outcome is written in the entry's description."""

    date: date
    folio: str
    deposits: Decimal
    outcome: LayawayOutcome
    penalty: Decimal = ZERO
    method: PaymentMethod = PaymentMethod.CASH

    def __attrs_post_init__(self) -> None:
        _check(self, "penalty", positive=("deposits",))
        if self.outcome is LayawayOutcome.FORFEIT and self.penalty:
            raise InvalidInput("a forfeited layaway keeps all deposits; penalty applies to refunds", field="penalty")
        if self.penalty > self.deposits:
            raise InvalidInput("penalty must not exceed the deposits", field="penalty")


def layaway_cancellation(fact: LayawayCancellation) -> EntryDraft:
    """Dr 206.01 deposits / Cr 101.01|102.01 refunded / Cr 403.01.03 kept."""
    kept = fact.deposits if fact.outcome is LayawayOutcome.FORFEIT else fact.penalty
    lines = [
        _dr(chart.CUSTOMER_ADVANCES, fact.deposits),
        _cr(money_account(fact.method), fact.deposits - kept),
        _cr(chart.FORFEITED_LAYAWAYS, kept),
    ]
    if fact.outcome is LayawayOutcome.FORFEIT:
        how = "anticipos retenidos"
    elif kept:
        how = f"reembolso con penalizacion de {kept}"
    else:
        how = "reembolso"
    return EntryDraft.create(
        type=EntryType.LAYAWAY,
        date=fact.date,
        reference=fact.folio,
        description=f"Cancelacion de apartado {fact.folio} ({how})",
        lines=lines,
    )


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
        lines = [_dr(chart.CASH_SHORTAGE, amount), _cr(chart.CASH, amount)]
        what = "Faltante de caja"
    else:
        lines = [_dr(chart.CASH, amount), _cr(chart.CASH_OVERAGE, amount)]
        what = "Sobrante de caja"
    return EntryDraft.create(
        type=EntryType.CUT, date=fact.date, reference=fact.folio, description=f"{what} {fact.folio}", lines=lines
    )


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
    """A cancelled sale: ``original`` is the sale's draft as posted (see ``services.ledger.draft_of_entry``)."""

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
}


def draft_for(fact: Fact) -> EntryDraft:
    """The draft of any fact, by its class."""
    return _RULES[type(fact)](fact)
