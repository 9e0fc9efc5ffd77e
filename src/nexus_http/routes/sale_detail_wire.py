"""Wire of ``GET /pos/api/sales/{id}``: a sale's JSON (:func:`.sales_wire.sale_json`) plus its returns
and its customer's name and fiscal data."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.days import instant_text
from nexus_core.services.sale_detail import SaleDetail
from nexus_http.routes.inventory_wire import qty
from nexus_http.routes.sales_wire import SALE_EXAMPLE, SPANISH, SaleOut, TenderOut, sale_json


@attrs.frozen
class SaleDetailReturnLineOut:
    inventory_id: int
    quantity: Decimal
    subtotal: Decimal
    tax: Decimal
    total: Decimal


@attrs.frozen
class SaleDetailReturnOut:
    id: int
    folio: str
    business_date: str
    created_at: str
    reason: str | None
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    refund: Decimal  # money given back
    refunds: list[TenderOut]
    credited: Decimal  # a credit sale's return: what came off the customer's account
    items: list[SaleDetailReturnLineOut]


@attrs.frozen
class SaleDetailCustomerOut:
    id: int
    name: str
    rfc: str | None
    razon_social: str | None


@attrs.frozen
class SaleDetailOut(SaleOut):
    customer: SaleDetailCustomerOut | None
    returns: list[SaleDetailReturnOut]


def sale_detail_json(d: SaleDetail) -> dict[str, Any]:
    c = d.customer
    return {
        **sale_json(d.sale),
        "customer": None if c is None else {"id": c.id, "name": c.name, "rfc": c.rfc, "razon_social": c.razon_social},
        "returns": [
            {
                "id": r.id,
                "folio": r.folio,
                "business_date": r.business_date.isoformat(),
                "created_at": instant_text(r.created_at),
                "reason": r.reason,
                "subtotal": r.subtotal,
                "tax": r.tax,
                "total": r.total,
                "refund": r.refunded_total,
                "refunds": [{"method": SPANISH[t.method], "amount": t.amount} for t in r.refunds],
                "credited": r.credited,
                "items": [
                    {
                        "inventory_id": ln.item_id,
                        "quantity": qty(ln.quantity),
                        "subtotal": ln.subtotal,
                        "tax": ln.tax,
                        "total": ln.total,
                    }
                    for ln in r.lines
                ],
            }
            for r in d.returns
        ],
    }


D = Decimal
SALE_DETAIL_EXAMPLE: dict[str, Any] = {
    **SALE_EXAMPLE,
    "status": "partially_returned",
    "customer": {"id": 1, "name": "Taller Perez", "rfc": "XAXX010101000", "razon_social": "Taller Mecanico Perez"},
    "returns": [
        {
            "id": 1,
            "folio": "D-0001",
            "business_date": "2026-04-01",
            "created_at": "2026-04-01T12:30:00",
            "reason": "Parte equivocada",
            "subtotal": D("350.00"),
            "tax": D("56.00"),
            "total": D("406.00"),
            "refund": D("406.00"),
            "refunds": [{"method": "efectivo", "amount": D("406.00")}],
            "credited": D("0.00"),
            "items": [
                {"inventory_id": 1, "quantity": 1, "subtotal": D("350.00"), "tax": D("56.00"), "total": D("406.00")}
            ],
        }
    ],
}
