"""Wire classes of the counter's lists (:mod:`.selling_lists`): the sales list, the register history
and the daily summary."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.daily_summary import DailySummary
from nexus_core.domain.days import instant_text
from nexus_core.domain.register import RegisterSession
from nexus_http.pagination import Pagination
from nexus_http.routes.register_wire import CUT_X_EXAMPLE, CutSummaryOut


def _doc(text: str) -> dict[str, str]:
    return {"description": text}


@attrs.frozen
class SalesQuery:
    date_from: date | None = attrs.field(default=None, metadata=_doc("First business day (YYYY-MM-DD)."))
    date_to: date | None = attrs.field(default=None, metadata=_doc("Last business day (YYYY-MM-DD)."))
    employee_id: int | None = None
    customer_id: int | None = None
    status: str | None = attrs.field(
        default=None, metadata=_doc("completed, cancelled, returned or partially_returned.")
    )
    register_id: int | None = None
    page: int = 1
    per_page: int = attrs.field(default=50, metadata=_doc("At most 200 (more is served as 200)."))


@attrs.frozen
class SaleRowOut:
    id: int
    folio: str
    status: str
    business_date: str
    created_at: str
    branch_id: int
    employee_id: int | None
    register_id: int | None
    customer_id: int | None
    payment_method: str
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    items_count: int


@attrs.frozen
class SaleList:
    data: list[SaleRowOut]
    pagination: Pagination


@attrs.frozen
class RegisterHistoryQuery:
    date_from: date | None = attrs.field(default=None, metadata=_doc("First day of Z cuts (YYYY-MM-DD)."))
    date_to: date | None = attrs.field(default=None, metadata=_doc("Last day of Z cuts (YYYY-MM-DD)."))
    page: int = 1
    per_page: int = 50


@attrs.frozen
class ClosedRegisterOut:
    register_id: int
    folio: str | None
    branch_id: int
    employee_id: int | None
    opened_at: str
    closed_at: str | None
    business_date: str | None
    closed_on: str | None
    summary: CutSummaryOut


@attrs.frozen
class RegisterHistoryList:
    data: list[ClosedRegisterOut]
    pagination: Pagination


@attrs.frozen
class DaySummaryQuery:
    date: date | None = attrs.field(default=None, metadata=_doc("Business day (YYYY-MM-DD); today by default."))


@attrs.frozen
class DayRegisterOut:
    register_id: int
    employee_id: int | None
    status: str
    opened_at: str
    closed_at: str | None
    folio: str | None
    opening_amount: Decimal
    expected_cash: Decimal
    counted_amount: Decimal | None
    difference: Decimal | None


@attrs.frozen
class DailySummaryOut:
    date: str
    registers_count: int
    open_count: int
    closed_count: int
    opening_amount: Decimal
    sales_count: int
    total_sales: Decimal
    sales_cash: Decimal
    sales_card: Decimal
    sales_transfer: Decimal
    sales_credit: Decimal
    cancelled_count: int
    returns_count: int
    returns_total: Decimal
    returns_cash: Decimal
    returns_card: Decimal
    returns_transfer: Decimal
    movements_in: Decimal
    movements_out: Decimal
    expected_cash: Decimal
    counted_amount: Decimal
    difference: Decimal
    registers: list[DayRegisterOut]


def _opt_instant(value: Any) -> str | None:
    return None if value is None else instant_text(value)


def closed_register_json(s: RegisterSession) -> dict[str, Any]:
    return {
        "register_id": s.id,
        "folio": s.cut_folio,
        "branch_id": s.branch_id,
        "employee_id": s.employee_id,
        "opened_at": instant_text(s.opened_at),
        "closed_at": _opt_instant(s.closed_at),
        "business_date": None if s.business_date is None else s.business_date.isoformat(),
        "closed_on": None if s.closed_on is None else s.closed_on.isoformat(),
        "summary": s.summary().figures(),
    }


def daily_summary_json(d: DailySummary) -> dict[str, Any]:
    t = d.totals
    return {
        "date": d.day.isoformat(),
        "registers_count": len(d.sessions),
        "open_count": d.open_count,
        "closed_count": d.closed_count,
        "opening_amount": d.opening_total,
        "sales_count": t.sales_count,
        "total_sales": t.sales_total,
        "sales_cash": t.sales_cash,
        "sales_card": t.sales_card,
        "sales_transfer": t.sales_transfer,
        "sales_credit": t.sales_credit,
        "cancelled_count": t.cancelled_count,
        "returns_count": t.returns_count,
        "returns_total": t.returns_total,
        "returns_cash": t.returns_cash,
        "returns_card": t.returns_card,
        "returns_transfer": t.returns_transfer,
        "movements_in": t.movements_in,
        "movements_out": t.movements_out,
        "expected_cash": d.expected_cash,
        "counted_amount": d.counted_total,
        "difference": d.difference_total,
        "registers": [
            {
                "register_id": s.id,
                "employee_id": s.employee_id,
                "status": s.status.value,
                "opened_at": instant_text(s.opened_at),
                "closed_at": _opt_instant(s.closed_at),
                "folio": s.cut_folio,
                "opening_amount": s.opening_amount,
                "expected_cash": s.expected_cash,
                "counted_amount": s.counted_amount,
                "difference": s.difference,
            }
            for s in d.sessions
        ],
    }


D = Decimal
PAGE_EXAMPLE = {"page": 1, "per_page": 50, "total": 1, "total_pages": 1}
SALE_ROW_EXAMPLE: dict[str, Any] = {
    "id": 1,
    "folio": "V-0001",
    "status": "completed",
    "business_date": "2026-04-01",
    "created_at": "2026-04-01T12:00:00",
    "branch_id": 1,
    "employee_id": 1,
    "register_id": 1,
    "customer_id": None,
    "payment_method": "efectivo",
    "subtotal": D("700.00"),
    "tax": D("112.00"),
    "total": D("812.00"),
    "items_count": 1,
}
Z_SUMMARY = {**CUT_X_EXAMPLE, "counted_amount": D("4980.00"), "difference": D("-20.00")}
HISTORY_EXAMPLE: dict[str, Any] = {
    "data": [
        {
            "register_id": 1,
            "folio": "Z-0001",
            "branch_id": 1,
            "employee_id": 2,
            "opened_at": "2026-04-01T14:00:00",
            "closed_at": "2026-04-02T04:00:00",
            "business_date": "2026-04-01",
            "closed_on": "2026-04-01",
            "summary": Z_SUMMARY,
        }
    ],
    "pagination": PAGE_EXAMPLE,
}
DAILY_EXAMPLE: dict[str, Any] = {
    "date": "2026-04-01",
    "registers_count": 1,
    "open_count": 0,
    "closed_count": 1,
    "opening_amount": D("2000.00"),
    "sales_count": 12,
    "total_sales": D("6750.00"),
    "sales_cash": D("3500.00"),
    "sales_card": D("2100.00"),
    "sales_transfer": D("1150.00"),
    "sales_credit": D("0.00"),
    "cancelled_count": 0,
    "returns_count": 0,
    "returns_total": D("0.00"),
    "returns_cash": D("0.00"),
    "returns_card": D("0.00"),
    "returns_transfer": D("0.00"),
    "movements_in": D("0.00"),
    "movements_out": D("500.00"),
    "expected_cash": D("5000.00"),
    "counted_amount": D("4980.00"),
    "difference": D("-20.00"),
    "registers": [
        {
            "register_id": 1,
            "employee_id": 2,
            "status": "closed",
            "opened_at": "2026-04-01T14:00:00",
            "closed_at": "2026-04-02T04:00:00",
            "folio": "Z-0001",
            "opening_amount": D("2000.00"),
            "expected_cash": D("5000.00"),
            "counted_amount": D("4980.00"),
            "difference": D("-20.00"),
        }
    ],
}
