"""Posting rule of a sale return (devolución): the mirror of the sale's revenue, through 402.01.

Dr 402.01 Devoluciones sobre ventas subtotal / Dr 208.01 IVA trasladado cobrado tax / Cr 101.01 (cash
refunded) or 102.01 (card or transfer refunded) total; and the goods back into stock at the cost they
left with: Dr 115.01 / Cr 501.01. Amounts come from the return's share of the sale's figures
(:mod:`nexus_core.domain.returns`): nothing is rounded here.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from nexus_core.domain import chart
from nexus_core.domain.ledger import EntryDraft, EntryType
from nexus_core.domain.money import ZERO
from nexus_core.domain.posting_basics import SaleAmounts, Tender, check_amounts, cr, dr, draft, money_account
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
