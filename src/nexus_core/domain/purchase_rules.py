"""Posting rules of purchases, supplier payments and stock adjustments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from nexus_core.domain import chart
from nexus_core.domain.ledger import NO_CFDI, CfdiRef, EntryDraft, EntryType
from nexus_core.domain.posting_basics import (
    AdjustmentKind,
    PaymentMethod,
    PurchaseSettlement,
    check_amounts,
    check_totals,
    cr,
    dr,
    draft,
    money_account,
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
        check_amounts(self, "subtotal", "tax", "total")
        check_totals(self.subtotal, self.tax, self.total)


_SETTLEMENT_ACCOUNT = {
    PurchaseSettlement.CREDIT: chart.SUPPLIERS,
    PurchaseSettlement.CASH: chart.CASH,
    PurchaseSettlement.TRANSFER: chart.BANKS,
}


def purchase(fact: Purchase) -> EntryDraft:
    """Dr 115.01 subtotal / Dr 118.01 IVA / Cr 201.01 (or 101.01 cash, 102.01 transfer) total."""
    lines = [
        dr(chart.INVENTORY, fact.subtotal, fact.cfdi),
        dr(chart.VAT_CREDITABLE_PAID, fact.tax, fact.cfdi),
        cr(_SETTLEMENT_ACCOUNT[fact.settlement], fact.total, fact.cfdi),
    ]
    return draft(fact, EntryType.PURCHASE, f"Compra {fact.folio}", lines)


@attrs.frozen
class SupplierPayment:
    """Paying a supplier for a purchase made on credit."""

    date: date
    folio: str
    amount: Decimal
    method: PaymentMethod = PaymentMethod.TRANSFER
    cfdi: CfdiRef = NO_CFDI

    def __attrs_post_init__(self) -> None:
        check_amounts(self, positive=("amount",))


def supplier_payment(fact: SupplierPayment) -> EntryDraft:
    """Dr 201.01 / Cr 101.01 or 102.01."""
    lines = [dr(chart.SUPPLIERS, fact.amount, fact.cfdi), cr(money_account(fact.method), fact.amount, fact.cfdi)]
    return draft(fact, EntryType.PAYMENT, f"Pago a proveedor {fact.folio}", lines)


@attrs.frozen
class StockAdjustment:
    """An inventory difference valued at cost (a physical count, a damaged part)."""

    date: date
    folio: str
    kind: AdjustmentKind
    amount: Decimal

    def __attrs_post_init__(self) -> None:
        check_amounts(self, positive=("amount",))


def stock_adjustment(fact: StockAdjustment) -> EntryDraft:
    """Shrinkage: Dr 601.84.02 mermas / Cr 115.01. Surplus: the reverse."""
    if fact.kind is AdjustmentKind.SHRINKAGE:
        lines = [dr(chart.SHRINKAGE, fact.amount), cr(chart.INVENTORY, fact.amount)]
        what = "Merma de inventario"
    else:
        lines = [dr(chart.INVENTORY, fact.amount), cr(chart.SHRINKAGE, fact.amount)]
        what = "Sobrante de inventario"
    return draft(fact, EntryType.ADJUSTMENT, f"{what} {fact.folio}", lines)
