"""Wire classes of the cash register endpoints (:mod:`.register`) and the cut's JSON."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

PREFIX = "/pos/api/register"


@attrs.frozen
class RegisterOpenIn:
    opening_amount: Decimal


@attrs.frozen
class RegisterOpenedOut:
    register_id: int
    opened_at: str
    opening_amount: Decimal
    message: str


@attrs.frozen
class RegisterCurrentOut:
    register_id: int
    opened_at: str
    opening_amount: Decimal
    current_cash: Decimal
    sales_count: int
    sales_total: Decimal


@attrs.frozen
class CashMovementIn:
    type: str
    amount: Decimal
    reason: str
    register_id: int | None = None  # when given, must be the caller's open register


@attrs.frozen
class CashMovementOut:
    id: int
    register_id: int
    type: str
    amount: Decimal
    reason: str
    created_at: str
    message: str


@attrs.frozen
class CutXQuery:
    register_id: int | None = None


@attrs.frozen
class CutSummaryOut:
    register_id: int
    opening_amount: Decimal
    cash_received: Decimal
    change_given: Decimal
    cash_refunded: Decimal
    sales_cash: Decimal
    sales_card: Decimal
    sales_transfer: Decimal
    sales_credit: Decimal
    movements_in: Decimal
    movements_out: Decimal
    expected_cash: Decimal
    sales_count: int
    cancelled_count: int
    total_sales: Decimal
    layaway_cash: Decimal
    payments_cash: Decimal  # customers' payments on account taken here (in expected_cash)
    payments_card: Decimal
    payments_transfer: Decimal
    returns_cash: Decimal
    returns_card: Decimal
    returns_transfer: Decimal
    returns_total: Decimal
    returns_count: int
    counted_amount: Decimal | None
    difference: Decimal | None


@attrs.frozen
class CutZIn:
    counted_amount: Decimal
    register_id: int | None = None


@attrs.frozen
class CutZOut:
    register_id: int
    folio: str
    expected_cash: Decimal
    counted_amount: Decimal
    difference: Decimal
    entry_id: int | None
    summary: CutSummaryOut


D = Decimal
CUT_X_EXAMPLE: dict[str, Any] = {
    "register_id": 1,
    "opening_amount": D("2000.00"),
    "cash_received": D("4000.00"),
    "change_given": D("500.00"),
    "cash_refunded": D("0.00"),
    "sales_cash": D("3500.00"),
    "sales_card": D("2100.00"),
    "sales_transfer": D("1150.00"),
    "sales_credit": D("0.00"),
    "movements_in": D("0.00"),
    "movements_out": D("500.00"),
    "expected_cash": D("5000.00"),
    "sales_count": 12,
    "cancelled_count": 0,
    "total_sales": D("6750.00"),
    "layaway_cash": D("0.00"),
    "payments_cash": D("0.00"),
    "payments_card": D("0.00"),
    "payments_transfer": D("0.00"),
    "returns_cash": D("0.00"),
    "returns_card": D("0.00"),
    "returns_transfer": D("0.00"),
    "returns_total": D("0.00"),
    "returns_count": 0,
    "counted_amount": None,
    "difference": None,
}
CUT_Z_EXAMPLE: dict[str, Any] = {
    "register_id": 1,
    "folio": "Z-0001",
    "expected_cash": D("5000.00"),
    "counted_amount": D("4980.00"),
    "difference": D("-20.00"),
    "entry_id": 31,
    "summary": {**CUT_X_EXAMPLE, "counted_amount": D("4980.00"), "difference": D("-20.00")},
}
