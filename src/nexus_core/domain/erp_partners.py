"""What an ERP sync job exports about customers and purchases (docs/insight.md#erp-sync).

A customer goes out as ``customer:<id>`` with its fiscal data; a purchase is a stock receipt
(``POST /pos/api/inventory/purchase``): its ``purchase`` movements, grouped into one document by their
reference and instant, and named ``purchase:<first movement id>`` (movements are append-only, so the id
is stable).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs


@attrs.frozen
class CustomerDoc:
    doc_id: str  # "customer:<id>"
    code: str  # "NX-C<id>": the key the ERP keeps for it
    name: str
    rfc: str | None
    razon_social: str | None
    regimen_fiscal: str | None
    codigo_postal: str | None
    uso_cfdi: str | None
    email: str | None
    phone: str | None
    address: str | None
    credit_limit: Decimal
    credit_days: int
    active: bool


@attrs.frozen
class PurchaseDocLine:
    code: str  # the item's part number, else its barcode
    name: str
    quantity: Decimal
    unit_cost: Decimal
    subtotal: Decimal
    tax_rate: Decimal
    tax: Decimal


@attrs.frozen
class PurchaseDoc:
    doc_id: str  # "purchase:<first movement id>"
    reference: str  # the supplier's invoice number, or the generated COMPRA-<instant>
    invoice_number: str | None
    supplier: str | None  # what the receipt stored as its reason: "supplier / notes"
    date: date
    branch_id: int
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    lines: tuple[PurchaseDocLine, ...]
