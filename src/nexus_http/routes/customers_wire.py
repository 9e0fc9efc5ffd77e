"""Wire classes of the customer endpoints (:mod:`.customers`) and a customer's JSON."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.customer_accounts import ReceivedPayment, StatementLine
from nexus_core.domain.customers import Customer
from nexus_core.domain.days import instant_text
from nexus_core.domain.vehicles import Vehicle
from nexus_http.pagination import Pagination
from nexus_http.routes.sales_wire import SPANISH

PREFIX = "/pos/api/customers"


@attrs.frozen
class CustomerChanges:
    """An update: every field optional, only those sent change (fiscal fields are checked again)."""

    name: str | None = None
    rfc: str | None = None
    razon_social: str | None = None
    regimen_fiscal: str | None = None
    codigo_postal: str | None = None
    uso_cfdi: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    price_tier: str | None = None
    credit_limit: Decimal | None = None
    credit_days: int | None = None
    branch_id: int | None = None
    active: bool | None = None


@attrs.frozen
class CustomerIn(CustomerChanges):
    """A new customer: ``name`` is required; ``price_tier`` mostrador (default), taller or mayoreo."""


@attrs.frozen
class CustomersQuery:
    q: str | None = attrs.field(
        default=None, metadata={"description": "Text found in the name, RFC, phone or razón social (any case)."}
    )
    page: int = 1
    per_page: int = attrs.field(default=50, metadata={"description": "At most 200."})
    branch_id: int | None = None


@attrs.frozen
class StatementQuery:
    date_from: date | None = attrs.field(default=None, metadata={"description": "First business day (YYYY-MM-DD)."})
    date_to: date | None = attrs.field(default=None, metadata={"description": "Last business day (YYYY-MM-DD)."})


@attrs.frozen
class VehicleIn:
    brand: str
    model: str
    year: int | None = None
    engine: str | None = None
    mye_id: int | None = None
    plate: str | None = None
    vin: str | None = None


@attrs.frozen
class CustomerPaymentIn:
    amount: Decimal
    payment_method: str = "efectivo"
    reference: str | None = None
    notes: str | None = None


@attrs.frozen
class CustomerOut:
    id: int
    name: str
    rfc: str | None
    razon_social: str | None
    regimen_fiscal: str | None
    codigo_postal: str | None
    uso_cfdi: str | None
    email: str | None
    phone: str | None
    address: str | None
    price_tier: str
    credit_limit: Decimal
    credit_days: int
    balance: Decimal
    available_credit: Decimal
    branch_id: int | None
    active: bool
    created_at: str
    updated_at: str


@attrs.frozen
class CustomerList:
    data: list[CustomerOut]
    pagination: Pagination


@attrs.frozen
class CustomerCreated:
    id: int
    message: str


@attrs.frozen
class StatementCustomer:
    id: int
    name: str
    credit_limit: Decimal
    balance: Decimal


@attrs.frozen
class TransactionOut:
    date: str
    type: str
    reference: str
    amount: Decimal
    balance: Decimal


@attrs.frozen
class StatementOut:
    customer: StatementCustomer
    opening_balance: Decimal
    transactions: list[TransactionOut]


@attrs.frozen
class VehicleOut:
    id: int
    customer_id: int
    brand: str
    model: str
    year: int | None
    engine: str | None
    mye_id: int | None
    plate: str | None
    vin: str | None


@attrs.frozen
class VehicleList:
    data: list[VehicleOut]


@attrs.frozen
class CustomerPaymentOut:
    payment_id: int
    folio: str
    customer_id: int
    amount: Decimal
    payment_method: str
    reference: str | None
    balance: Decimal
    register_id: int | None
    entry_id: int | None
    date: str
    cfdi_pago_ids: list[int] = attrs.Factory(list)  # CFDIs tipo P queued for stamped PPD invoices


def customer_json(c: Customer) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "rfc": c.rfc,
        "razon_social": c.razon_social,
        "regimen_fiscal": c.regimen_fiscal,
        "codigo_postal": c.codigo_postal,
        "uso_cfdi": c.uso_cfdi,
        "email": c.email,
        "phone": c.phone,
        "address": c.address,
        "price_tier": c.price_tier.value,
        "credit_limit": c.credit_limit,
        "credit_days": c.credit_days,
        "balance": c.balance,
        "available_credit": c.available_credit,
        "branch_id": c.branch_id,
        "active": c.active,
        "created_at": instant_text(c.created_at),
        "updated_at": instant_text(c.updated_at),
    }


def line_json(ln: StatementLine) -> dict[str, Any]:
    return {
        "date": ln.date.isoformat(),
        "type": ln.type.value,
        "reference": ln.reference,
        "amount": ln.amount,
        "balance": ln.balance,
    }


def vehicle_json(v: Vehicle) -> dict[str, Any]:
    return {
        "id": v.id,
        "customer_id": v.customer_id,
        "brand": v.brand,
        "model": v.model,
        "year": v.year,
        "engine": v.engine,
        "mye_id": v.mye_id,
        "plate": v.plate,
        "vin": v.vin,
    }


def payment_json(p: ReceivedPayment, balance: Decimal, cfdi_pago_ids: list[int] | None = None) -> dict[str, Any]:
    return {
        "payment_id": p.id,
        "folio": p.folio,
        "customer_id": p.customer_id,
        "amount": p.amount,
        "payment_method": SPANISH[p.method],
        "reference": p.reference,
        "balance": balance,
        "register_id": p.register_id,
        "entry_id": p.entry_id,
        "date": p.business_date.isoformat(),
        "cfdi_pago_ids": cfdi_pago_ids or [],
    }


D = Decimal
CUSTOMER_EXAMPLE: dict[str, Any] = {
    "id": 5,
    "name": "Taller Perez",
    "rfc": "XAXX010101000",
    "razon_social": "Taller Mecanico Perez SA de CV",
    "regimen_fiscal": "601",
    "codigo_postal": "06600",
    "uso_cfdi": "G03",
    "email": "taller@correo.com",
    "phone": "555-9876",
    "address": "Calle Reforma 50",
    "price_tier": "taller",
    "credit_limit": D("50000.00"),
    "credit_days": 30,
    "balance": D("12500.00"),
    "available_credit": D("37500.00"),
    "branch_id": 1,
    "active": True,
    "created_at": "2026-03-01T10:00:00",
    "updated_at": "2026-03-28T12:00:00",
}
VEHICLE_EXAMPLE: dict[str, Any] = {
    "id": 1,
    "customer_id": 5,
    "brand": "Toyota",
    "model": "Hilux",
    "year": 2019,
    "engine": "2.7L",
    "mye_id": None,
    "plate": "ABC-123-D",
    "vin": "MR0FZ29G301234567",
}
STATEMENT_EXAMPLE: dict[str, Any] = {
    "customer": {"id": 5, "name": "Taller Perez", "credit_limit": D("50000.00"), "balance": D("12500.00")},
    "opening_balance": D("10500.00"),
    "transactions": [
        {"date": "2026-03-28", "type": "sale", "reference": "V-0045", "amount": D("5000.00"), "balance": D("12500.00")},
        {
            "date": "2026-03-25",
            "type": "payment",
            "reference": "PAG-0012",
            "amount": D("-3000.00"),
            "balance": D("7500.00"),
        },
    ],
}
