"""Returns of credit sales: how much of a return is a credit note and how much is money (ADR 32).

A sale on a customer's account (``sale.payment.on_account > 0``) left a charge (a receivable) that
payments and earlier credit notes settled in part. A return of ``total`` first lowers what is still
owed on that charge (the credit note, ``credited``: the customer owes less, no money moves); the rest,
the part already paid, is refunded as for a cash sale: through the sale's own counter tenders, each up
to what it collected minus earlier refunds, then in cash (what later payments brought in comes back
from the drawer). The refund of a sale on account therefore never exceeds what was actually paid.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import attrs

from nexus_core.domain.money import ZERO
from nexus_core.domain.posting_basics import PaymentMethod, Tender
from nexus_core.domain.returns import SaleReturn
from nexus_core.domain.sales import Sale


@attrs.frozen
class CreditReturnSplit:
    credited: Decimal  # off the customer's account
    refunds: tuple[Tender, ...]  # money back, in the order given


def split_credit_return(
    sale: Sale, previous: Sequence[SaleReturn], total: Decimal, open_amount: Decimal
) -> CreditReturnSplit:
    """``total`` returned from a credit sale whose charge still has ``open_amount`` owed."""
    credited = min(total, max(open_amount, ZERO))
    left = total - credited
    used = {m: sum((r.refunded(m) for r in previous), ZERO) for m in PaymentMethod}
    out: dict[PaymentMethod, Decimal] = {}
    for tender in sale.payment.tenders:  # what was paid at the counter
        take = min(tender.amount - used[tender.method], left)
        if take > 0:
            out[tender.method] = out.get(tender.method, ZERO) + take
            used[tender.method] += take
            left -= take
    if left > 0:  # paid later on account: back in cash
        out[PaymentMethod.CASH] = out.get(PaymentMethod.CASH, ZERO) + left
    return CreditReturnSplit(credited, tuple(Tender(m, a) for m, a in out.items()))
