"""Posting rules of apartados (layaways): deposits, completion, cancellation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from nexus_core.domain import chart
from nexus_core.domain.ledger import EntryDraft, EntryType
from nexus_core.domain.money import ZERO
from nexus_core.domain.posting_basics import (
    LayawayOutcome,
    PaymentMethod,
    SaleAmounts,
    check_amounts,
    cr,
    dr,
    draft,
    money_account,
    revenue_lines,
)
from nexus_core.errors import InvalidInput


@attrs.frozen
class LayawayPayment:
    """A deposit on an apartado: a customer advance until the layaway completes."""

    date: date
    folio: str
    amount: Decimal
    method: PaymentMethod = PaymentMethod.CASH

    def __attrs_post_init__(self) -> None:
        check_amounts(self, positive=("amount",))


def layaway_payment(fact: LayawayPayment) -> EntryDraft:
    """Dr 101.01/102.01 / Cr 206.01 anticipo de cliente."""
    lines = [dr(money_account(fact.method), fact.amount), cr(chart.CUSTOMER_ADVANCES, fact.amount)]
    return draft(fact, EntryType.LAYAWAY, f"Abono a apartado {fact.folio}", lines)


@attrs.frozen
class LayawayCompletion(SaleAmounts):
    """A fully paid apartado handed over: the advance becomes a sale."""


def layaway_completion(fact: LayawayCompletion) -> EntryDraft:
    """Dr 206.01 total / Cr 401.01 subtotal / Cr 208.01 IVA; Dr 501.01 / Cr 115.01 at cost."""
    lines = [dr(chart.CUSTOMER_ADVANCES, fact.total, fact.cfdi), *revenue_lines(fact, chart.VAT_COLLECTED)]
    return draft(fact, EntryType.LAYAWAY, f"Entrega de apartado {fact.folio}", lines)


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
        check_amounts(self, "penalty", positive=("deposits",))
        if self.outcome is LayawayOutcome.FORFEIT and self.penalty:
            raise InvalidInput("a forfeited layaway keeps all deposits; penalty applies to refunds", field="penalty")
        if self.penalty > self.deposits:
            raise InvalidInput("penalty must not exceed the deposits", field="penalty")


def layaway_cancellation(fact: LayawayCancellation) -> EntryDraft:
    """Dr 206.01 deposits / Cr 101.01|102.01 refunded / Cr 403.01.03 kept."""
    kept = fact.deposits if fact.outcome is LayawayOutcome.FORFEIT else fact.penalty
    lines = [
        dr(chart.CUSTOMER_ADVANCES, fact.deposits),
        cr(money_account(fact.method), fact.deposits - kept),
        cr(chart.FORFEITED_LAYAWAYS, kept),
    ]
    if fact.outcome is LayawayOutcome.FORFEIT:
        how = "anticipos retenidos"
    elif kept:
        how = f"reembolso con penalizacion de {kept}"
    else:
        how = "reembolso"
    return draft(fact, EntryType.LAYAWAY, f"Cancelacion de apartado {fact.folio} ({how})", lines)
