"""The posting rule of an approved BNPL application (ADR 30).

The provider takes over the customer's debt: the shop's receivable moves from the customer (105.01) to
the provider (107.05, *deudores diversos*). The customer's obligation is extinguished, so the paid share
of the charge's IVA is collected (LIVA art. 1-B) and moves from 209.01 to 208.01 exactly as a customer
payment's does (:func:`~nexus_core.domain.posting_rules.vat_collected_share`). An approval larger than
what is still open on the charge (the customer paid part meanwhile) leaves the excess as the customer's
advance (206.01), owed back to them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from nexus_core.domain import chart
from nexus_core.domain.ledger import EntryDraft, EntryType
from nexus_core.domain.money import ZERO
from nexus_core.domain.posting_basics import check_amounts, cr, dr, draft
from nexus_core.domain.posting_rules import CustomerPayment, vat_collected_share
from nexus_core.errors import InvalidInput


@attrs.frozen
class BnplSettlement:
    """``amount`` approved by the provider, of which ``applied`` goes to a charge of ``charge_total``
    (``charge_tax`` of IVA, ``paid_before`` already paid); the rest is the customer's advance."""

    date: date
    folio: str
    provider: str
    amount: Decimal
    applied: Decimal
    charge_total: Decimal
    charge_tax: Decimal
    paid_before: Decimal = ZERO

    def __attrs_post_init__(self) -> None:
        check_amounts(self, "applied", "charge_tax", "paid_before", positive=("amount", "charge_total"))
        if self.applied > self.amount:
            raise InvalidInput("applied must not exceed amount", field="applied")


def bnpl_settlement(fact: BnplSettlement) -> EntryDraft:
    """Dr 107.05 amount / Cr 105.01 applied / Cr 206.01 excess; Dr 209.01 / Cr 208.01 the paid IVA."""
    vat = ZERO
    if fact.applied > 0:
        paid = CustomerPayment(
            date=fact.date,
            folio=fact.folio,
            amount=fact.applied,
            charge_total=fact.charge_total,
            charge_tax=fact.charge_tax,
            paid_before=fact.paid_before,
        )
        vat = vat_collected_share(paid)
    lines = [
        dr(chart.BNPL_RECEIVABLE, fact.amount),
        cr(chart.CUSTOMERS, fact.applied),
        cr(chart.CUSTOMER_ADVANCES, fact.amount - fact.applied),
        dr(chart.VAT_UNCOLLECTED, vat),
        cr(chart.VAT_COLLECTED, vat),
    ]
    return draft(fact, EntryType.PAYMENT, f"Financiamiento {fact.provider} {fact.folio}", lines)
