"""Wire classes of the sales endpoints (:mod:`.sales`) and a sale's JSON, with the seed's Spanish
payment method names (``efectivo``, ``tarjeta``, ``transferencia``, ``mixto``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.days import instant_text
from nexus_core.domain.posting_basics import PaymentMethod
from nexus_core.domain.sales import TENDER_METHODS, Sale
from nexus_http.routes.inventory_wire import qty

PREFIX = "/pos/api/sales"
SPANISH: dict[PaymentMethod, str] = {method: name for name, method in TENDER_METHODS.items()}


@attrs.frozen
class SaleLineIn:
    inventory_id: int
    quantity: Decimal
    unit_price: Decimal | None = None
    discount_pct: Decimal = Decimal(0)
    tax_rate: Decimal | str = Decimal("0.16")  # 0, 0.08, 0.16 or "exempt" (NUMBER_OR_WORD on the wire)


@attrs.frozen
class PaymentDetailIn:
    method: str
    amount: Decimal
    reference: str | None = None


@attrs.frozen
class SaleIn:
    items: list[SaleLineIn]
    payment_method: str
    amount_paid: Decimal | None = None
    payment_details: list[PaymentDetailIn] = attrs.Factory(list)
    customer_id: int | None = None
    sale_type: str | None = None  # cash, credit, mixed: "credit" puts what amount_paid leaves on account
    notes: str | None = None


@attrs.frozen
class SaleCreatedOut:
    sale_id: int
    folio: str
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    amount_paid: Decimal
    change: Decimal
    items_count: int
    register_id: int | None


@attrs.frozen
class SaleLineOut:
    inventory_id: int
    quantity: Decimal
    unit_price: Decimal
    discount_pct: Decimal
    tax_rate: str
    discount: Decimal
    subtotal: Decimal
    tax: Decimal
    total: Decimal


@attrs.frozen
class TenderOut:
    method: str
    amount: Decimal


@attrs.frozen
class SaleOut:
    id: int
    folio: str
    status: str
    branch_id: int
    employee_id: int | None
    register_id: int | None
    customer_id: int | None
    business_date: str
    created_at: str
    cancelled_at: str | None
    payment_method: str
    subtotal: Decimal
    discount: Decimal
    tax: Decimal
    total: Decimal
    amount_paid: Decimal
    change: Decimal
    payments: list[TenderOut]
    items: list[SaleLineOut]
    entry_id: int | None
    cancel_entry_id: int | None


def sale_created_json(s: Sale) -> dict[str, Any]:
    """What creating a sale answers (POST /sales, a converted quotation)."""
    return {
        "sale_id": s.id,
        "folio": s.folio,
        "subtotal": s.totals.subtotal,
        "tax": s.totals.tax,
        "total": s.totals.total,
        "amount_paid": s.payment.amount_paid,
        "change": s.payment.change,
        "items_count": len(s.lines),
        "register_id": s.register_id,
    }


def sale_json(s: Sale) -> dict[str, Any]:
    p, t = s.payment, s.totals
    return {
        "id": s.id,
        "folio": s.folio,
        "status": s.status.value,
        "branch_id": s.branch_id,
        "employee_id": s.employee_id,
        "register_id": s.register_id,
        "customer_id": s.customer_id,
        "business_date": s.business_date.isoformat(),
        "created_at": instant_text(s.created_at),
        "cancelled_at": None if s.cancelled_at is None else instant_text(s.cancelled_at),
        "payment_method": p.method.value,
        "subtotal": t.subtotal,
        "discount": t.discount,
        "tax": t.tax,
        "total": t.total,
        "amount_paid": p.amount_paid,
        "change": p.change,
        "payments": [{"method": SPANISH[tn.method], "amount": tn.amount} for tn in p.tenders],
        "items": [
            {
                "inventory_id": ln.item_id,
                "quantity": qty(ln.figures.quantity),
                "unit_price": ln.figures.unit_price,
                "discount_pct": ln.figures.discount_pct,
                "tax_rate": ln.figures.tax_rate.label,
                "discount": ln.figures.discount,
                "subtotal": ln.figures.subtotal,
                "tax": ln.figures.tax,
                "total": ln.figures.total,
            }
            for ln in s.lines
        ],
        "entry_id": s.entry_id,
        "cancel_entry_id": s.cancel_entry_id,
    }


D = Decimal
SALE_EXAMPLE: dict[str, Any] = {
    "id": 1,
    "folio": "V-0001",
    "status": "completed",
    "branch_id": 1,
    "employee_id": 1,
    "register_id": 1,
    "customer_id": None,
    "business_date": "2026-04-01",
    "created_at": "2026-04-01T12:00:00",
    "cancelled_at": None,
    "payment_method": "efectivo",
    "subtotal": D("700.00"),
    "discount": D("0.00"),
    "tax": D("112.00"),
    "total": D("812.00"),
    "amount_paid": D("1000.00"),
    "change": D("188.00"),
    "payments": [{"method": "efectivo", "amount": D("812.00")}],
    "items": [
        {
            "inventory_id": 1,
            "quantity": 2,
            "unit_price": D("350.00"),
            "discount_pct": D("0.00"),
            "tax_rate": "0.16",
            "discount": D("0.00"),
            "subtotal": D("700.00"),
            "tax": D("112.00"),
            "total": D("812.00"),
        }
    ],
    "entry_id": 14,
    "cancel_entry_id": None,
}
