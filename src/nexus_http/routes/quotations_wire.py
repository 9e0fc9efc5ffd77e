"""Wire classes of quotations (:mod:`.quotations`) and a quotation's JSON. Lines come in as a sale's
(:class:`.sales_wire.SaleLineIn`) and go out as a sale's (:class:`.sales_wire.SaleLineOut`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.days import instant_text
from nexus_core.domain.sales import SaleLine
from nexus_core.services.quotations import QuotationView
from nexus_http.pagination import Pagination
from nexus_http.routes.inventory_wire import qty
from nexus_http.routes.sales_wire import SALE_EXAMPLE, PaymentDetailIn, SaleLineIn, SaleLineOut

PREFIX = "/pos/api/quotations"


@attrs.frozen
class QuotationIn:
    items: list[SaleLineIn]
    customer_id: int | None = None
    notes: str | None = None
    valid_days: int | None = None  # 15 when omitted


@attrs.frozen
class QuotationsQuery:
    status: str | None = None
    customer_id: int | None = None
    page: int = 1
    per_page: int = 50


@attrs.frozen
class QuotationOut:
    id: int
    folio: str
    status: str
    branch_id: int
    employee_id: int | None
    customer_id: int | None
    notes: str | None
    valid_days: int
    business_date: str
    valid_until: str
    created_at: str
    subtotal: Decimal
    discount: Decimal
    tax: Decimal
    total: Decimal
    sale_id: int | None
    converted_at: str | None
    cancelled_at: str | None
    items: list[SaleLineOut]


@attrs.frozen
class QuotationList:
    data: list[QuotationOut]
    pagination: Pagination


@attrs.frozen
class ConvertIn:
    """The payment fields of ``POST /sales``; ``register_id``, when given, must be the caller's open register."""

    payment_method: str
    amount_paid: Decimal | None = None
    payment_details: list[PaymentDetailIn] = attrs.Factory(list)
    register_id: int | None = None


@attrs.frozen
class ConvertedOut:
    quotation_id: int
    quotation_folio: str
    status: str
    sale_id: int
    folio: str
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    amount_paid: Decimal
    change: Decimal
    items_count: int
    register_id: int | None


def line_json(ln: SaleLine) -> dict[str, Any]:
    f = ln.figures
    return {
        "inventory_id": ln.item_id,
        "quantity": qty(f.quantity),
        "unit_price": f.unit_price,
        "discount_pct": f.discount_pct,
        "tax_rate": f.tax_rate.label,
        "discount": f.discount,
        "subtotal": f.subtotal,
        "tax": f.tax,
        "total": f.total,
    }


def quotation_json(view: QuotationView) -> dict[str, Any]:
    q, t = view.quotation, view.quotation.totals
    return {
        "id": q.id,
        "folio": q.folio,
        "status": view.status.value,
        "branch_id": q.branch_id,
        "employee_id": q.employee_id,
        "customer_id": q.customer_id,
        "notes": q.notes,
        "valid_days": q.valid_days,
        "business_date": q.business_date.isoformat(),
        "valid_until": q.valid_until.isoformat(),
        "created_at": instant_text(q.created_at),
        "subtotal": t.subtotal,
        "discount": t.discount,
        "tax": t.tax,
        "total": t.total,
        "sale_id": q.sale_id,
        "converted_at": None if q.converted_at is None else instant_text(q.converted_at),
        "cancelled_at": None if q.cancelled_at is None else instant_text(q.cancelled_at),
        "items": [line_json(ln) for ln in q.lines],
    }


D = Decimal
QUOTATION_EXAMPLE: dict[str, Any] = {
    "id": 1,
    "folio": "C-0001",
    "status": "active",
    "branch_id": 1,
    "employee_id": 1,
    "customer_id": 5,
    "notes": "Cotizacion para taller Perez",
    "valid_days": 15,
    "business_date": "2026-04-01",
    "valid_until": "2026-04-16",
    "created_at": "2026-04-01T12:00:00",
    "subtotal": D("700.00"),
    "discount": D("0.00"),
    "tax": D("112.00"),
    "total": D("812.00"),
    "sale_id": None,
    "converted_at": None,
    "cancelled_at": None,
    "items": SALE_EXAMPLE["items"],
}
CONVERTED_EXAMPLE: dict[str, Any] = {
    "quotation_id": 1,
    "quotation_folio": "C-0001",
    "status": "converted",
    "sale_id": 7,
    "folio": "V-0007",
    "subtotal": D("700.00"),
    "tax": D("112.00"),
    "total": D("812.00"),
    "amount_paid": D("1000.00"),
    "change": D("188.00"),
    "items_count": 1,
    "register_id": 1,
}
