"""Wire classes of layaways (:mod:`.layaways`) and a layaway's JSON, with the seed's Spanish payment
method names (``efectivo``, ``tarjeta``, ``transferencia``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.days import instant_text
from nexus_core.domain.layaways import Installment, Layaway
from nexus_http.pagination import Pagination
from nexus_http.routes.quotations_wire import line_json
from nexus_http.routes.sales_wire import SALE_EXAMPLE, SPANISH, SaleLineIn, SaleLineOut

PREFIX = "/pos/api/layaways"


@attrs.frozen
class LayawayIn:
    items: list[SaleLineIn]
    down_payment: Decimal
    customer_id: int | None = None  # required: the core says so when it is missing
    due_date: date | None = None  # required, YYYY-MM-DD, not before today
    payment_method: str = "efectivo"
    register_id: int | None = None
    notes: str | None = None


@attrs.frozen
class LayawaysQuery:
    status: str | None = None
    customer_id: int | None = None
    page: int = 1
    per_page: int = 50


@attrs.frozen
class LayawayPaymentIn:
    amount: Decimal
    payment_method: str = "efectivo"
    register_id: int | None = None


@attrs.frozen
class LayawayCancelIn:
    """``policy`` refund (default) or forfeit; a refund less ``penalty``, paid by ``refund_method``."""

    reason: str | None = None
    policy: str | None = None
    penalty: Decimal | None = None
    refund_method: str = "efectivo"


@attrs.frozen
class InstallmentOut:
    id: int
    folio: str
    amount: Decimal
    payment_method: str
    register_id: int | None
    business_date: str
    created_at: str
    entry_id: int


@attrs.frozen
class LayawayRowOut:
    """A layaway in a list (its payments are in its detail)."""

    id: int
    folio: str
    status: str
    branch_id: int
    employee_id: int | None
    customer_id: int
    notes: str | None
    due_date: str
    business_date: str
    created_at: str
    subtotal: Decimal
    discount: Decimal
    tax: Decimal
    total: Decimal
    paid: Decimal
    balance: Decimal
    completed_at: str | None
    cancelled_at: str | None
    policy: str | None
    penalty: Decimal
    refunded: Decimal
    refund_method: str | None
    cancel_reason: str | None
    completion_entry_id: int | None
    cancel_entry_id: int | None
    items: list[SaleLineOut]


@attrs.frozen
class LayawayOut(LayawayRowOut):
    payments: list[InstallmentOut]


@attrs.frozen
class LayawayList:
    data: list[LayawayRowOut]
    pagination: Pagination


@attrs.frozen
class LayawayPaymentOut:
    layaway_id: int
    layaway_folio: str
    status: str
    paid: Decimal
    balance: Decimal
    payment: InstallmentOut


def installment_json(p: Installment) -> dict[str, Any]:
    return {
        "id": p.id,
        "folio": p.folio,
        "amount": p.amount,
        "payment_method": SPANISH[p.method],
        "register_id": p.register_id,
        "business_date": p.business_date.isoformat(),
        "created_at": instant_text(p.at),
        "entry_id": p.entry_id,
    }


def layaway_json(x: Layaway, *, payments: bool = True) -> dict[str, Any]:
    t = x.totals
    row = {
        "id": x.id,
        "folio": x.folio,
        "status": x.status.value,
        "branch_id": x.branch_id,
        "employee_id": x.employee_id,
        "customer_id": x.customer_id,
        "notes": x.notes,
        "due_date": x.due_date.isoformat(),
        "business_date": x.business_date.isoformat(),
        "created_at": instant_text(x.created_at),
        "subtotal": t.subtotal,
        "discount": t.discount,
        "tax": t.tax,
        "total": t.total,
        "paid": x.paid,
        "balance": x.balance,
        "completed_at": None if x.completed_at is None else instant_text(x.completed_at),
        "cancelled_at": None if x.cancelled_at is None else instant_text(x.cancelled_at),
        "policy": None if x.policy is None else x.policy.value,
        "penalty": x.penalty,
        "refunded": x.refunded,
        "refund_method": None if x.refund_method is None else SPANISH[x.refund_method],
        "cancel_reason": x.cancel_reason,
        "completion_entry_id": x.completion_entry_id,
        "cancel_entry_id": x.cancel_entry_id,
        "items": [line_json(ln) for ln in x.lines],
    }
    if payments:
        row["payments"] = [installment_json(p) for p in x.payments]
    return row


D = Decimal
INSTALLMENT_EXAMPLE: dict[str, Any] = {
    "id": 1,
    "folio": "AB-0001",
    "amount": D("2000.00"),
    "payment_method": "efectivo",
    "register_id": 1,
    "business_date": "2026-04-01",
    "created_at": "2026-04-01T12:00:00",
    "entry_id": 20,
}
LAYAWAY_EXAMPLE: dict[str, Any] = {
    "id": 1,
    "folio": "A-0001",
    "status": "active",
    "branch_id": 1,
    "employee_id": 1,
    "customer_id": 5,
    "notes": "Apartado motor de arranque",
    "due_date": "2026-04-30",
    "business_date": "2026-04-01",
    "created_at": "2026-04-01T12:00:00",
    "subtotal": D("700.00"),
    "discount": D("0.00"),
    "tax": D("112.00"),
    "total": D("812.00"),
    "paid": D("300.00"),
    "balance": D("512.00"),
    "completed_at": None,
    "cancelled_at": None,
    "policy": None,
    "penalty": D("0.00"),
    "refunded": D("0.00"),
    "refund_method": None,
    "cancel_reason": None,
    "completion_entry_id": None,
    "cancel_entry_id": None,
    "items": SALE_EXAMPLE["items"],
    "payments": [{**INSTALLMENT_EXAMPLE, "amount": D("300.00")}],
}
LAYAWAY_ROW_EXAMPLE: dict[str, Any] = {k: v for k, v in LAYAWAY_EXAMPLE.items() if k != "payments"}
PAYMENT_EXAMPLE: dict[str, Any] = {
    "layaway_id": 1,
    "layaway_folio": "A-0001",
    "status": "active",
    "paid": D("500.00"),
    "balance": D("312.00"),
    "payment": {**INSTALLMENT_EXAMPLE, "id": 2, "folio": "AB-0002", "amount": D("200.00")},
}
