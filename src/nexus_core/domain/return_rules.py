"""Posting rule of a sale return (devolución): the mirror of the sale's revenue, through 402.01.

Dr 402.01 Devoluciones sobre ventas subtotal / Dr 208.01 IVA trasladado cobrado tax / Cr 101.01 (cash
refunded) or 102.01 (card or transfer refunded) total; and the goods back into stock at the cost they
left with: Dr 115.01 / Cr 501.01. A credit sale's return (:class:`CreditSaleReturned`, ADR 32) is a
credit note for what is still owed (Cr 105.01, its pending IVA out of 209.01) and money for the rest.
Amounts come from the return's share of the sale's figures
(:mod:`nexus_core.domain.returns`): nothing is rounded here.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from nexus_core.domain import chart
from nexus_core.domain.ledger import EntryDraft, EntryType
from nexus_core.domain.money import ZERO
from nexus_core.domain.posting_basics import SaleAmounts, Tender, check_amounts, cr, dr, draft, money_account
from nexus_core.domain.tax import paid_share
from nexus_core.errors import InvalidInput


@attrs.frozen
class SaleReturned(SaleAmounts):
    """A return of (part of) a sale, refunded through ``refunds`` (they add up to the total)."""

    sale_folio: str = ""
    refunds: tuple[Tender, ...] = ()

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        for t in self.refunds:
            check_amounts(t, "amount")
        if sum((t.amount for t in self.refunds), ZERO) != self.total:
            raise InvalidInput("refunds must add up to the total", field="refunds")


def sale_return(fact: SaleReturned) -> EntryDraft:
    """Dr 402.01 subtotal / Dr 208.01 IVA / Cr 101.01|102.01 refunded; Dr 115.01 / Cr 501.01 at cost."""
    by_account: dict[str, Decimal] = {}
    for t in fact.refunds:
        code = money_account(t.method)
        by_account[code] = by_account.get(code, ZERO) + t.amount
    lines = [dr(chart.SALES_RETURNS, fact.subtotal, fact.cfdi), dr(chart.VAT_COLLECTED, fact.tax, fact.cfdi)]
    lines += [cr(code, amount, fact.cfdi) for code, amount in sorted(by_account.items())]
    lines += [dr(chart.INVENTORY, fact.cost), cr(chart.COST_OF_SALES, fact.cost)]
    what = f"Devolucion {fact.folio}" + (f" de la venta {fact.sale_folio}" if fact.sale_folio else "")
    return draft(fact, EntryType.SALE, what, lines)


@attrs.frozen
class CreditSaleReturned(SaleAmounts):
    """A return of (part of) a sale on a customer's account (ADR 32): ``credited`` comes off the
    sale's charge (a credit note), ``refunds`` give back money for the part already paid
    (``credited`` + refunds = total). The charge was ``charge_total`` with ``charge_tax`` of IVA, of
    which ``settled_before`` was already settled (paid or credited) before this return."""

    sale_folio: str = ""
    refunds: tuple[Tender, ...] = ()
    credited: Decimal = ZERO
    charge_total: Decimal = ZERO
    charge_tax: Decimal = ZERO
    settled_before: Decimal = ZERO

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        for t in self.refunds:
            check_amounts(t, "amount")
        check_amounts(self, "credited", "charge_total", "charge_tax", "settled_before")
        if self.credited + sum((t.amount for t in self.refunds), ZERO) != self.total:
            raise InvalidInput("credited and refunds must add up to the total", field="refunds")
        if self.settled_before + self.credited > self.charge_total:
            raise InvalidInput("credited exceeds what is still owed on the charge", field="credited")
        if self.charge_tax > self.charge_total:
            raise InvalidInput("charge_tax must not exceed charge_total", field="charge_tax")


def pending_vat_share(fact: CreditSaleReturned) -> Decimal:
    """The IVA still pending (209.01) that the credit note cancels: the share a payment of ``credited``
    would move (:func:`nexus_core.domain.tax.paid_share`, the rule payments use), so payments and credit
    notes that settle a charge take exactly its IVA out of 209.01."""
    return paid_share(fact.charge_tax, fact.charge_total, fact.settled_before, fact.credited)


def credit_sale_return(fact: CreditSaleReturned) -> EntryDraft:
    """Dr 402.01 subtotal / Dr 209.01 the pending IVA of the credited part / Dr 208.01 the rest of the
    IVA (a credit when negative) / Cr 105.01 credited / Cr 101.01|102.01 refunded; goods back at cost."""
    pending = pending_vat_share(fact)
    collected = fact.tax - pending
    lines = [dr(chart.SALES_RETURNS, fact.subtotal, fact.cfdi), dr(chart.VAT_UNCOLLECTED, pending, fact.cfdi)]
    lines.append(
        dr(chart.VAT_COLLECTED, collected, fact.cfdi) if collected >= 0 else cr(chart.VAT_COLLECTED, -collected)
    )
    lines.append(cr(chart.CUSTOMERS, fact.credited, fact.cfdi))
    by_account: dict[str, Decimal] = {}
    for t in fact.refunds:
        code = money_account(t.method)
        by_account[code] = by_account.get(code, ZERO) + t.amount
    lines += [cr(code, amount, fact.cfdi) for code, amount in sorted(by_account.items())]
    lines += [dr(chart.INVENTORY, fact.cost), cr(chart.COST_OF_SALES, fact.cost)]
    what = f"Nota de credito {fact.folio}" + (f" de la venta {fact.sale_folio}" if fact.sale_folio else "")
    return draft(fact, EntryType.SALE, what, lines)
