"""The posting rule of a delivered order: its units' cost leaves inventory for cost of sales.

Creating an order only reserves stock (no entry); cancelling or returning it releases the
reservation (no entry). Delivering consumes it: Dr 501.01 cost of sales / Cr 115.01 inventory, at
the weighted average cost the stock engine computed. What the customer pays is the delivery
business's own affair and is not posted here (docs/parcels.md).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from nexus_core.domain.ledger import EntryDraft, EntryType
from nexus_core.domain.posting_basics import cost_lines, draft


@attrs.frozen
class OrderDelivered:
    date: date
    folio: str  # PED-<numero_orden>
    cost: Decimal


def order_delivered(fact: OrderDelivered) -> EntryDraft:
    return draft(fact, EntryType.SALE, f"Pedido entregado {fact.folio}", cost_lines(fact.cost))
