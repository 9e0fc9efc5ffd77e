"""The counter's lists: ``GET /pos/api/sales`` (filters, pages), ``GET /pos/api/register/history``
(closed sessions with their frozen Z figures) and ``GET /pos/api/register/daily-summary`` (every
register of a business day consolidated). Read-only use cases of :mod:`nexus_core.services.selling_lists`."""

from __future__ import annotations

from typing import Any

from nexus_core.domain.days import instant_text
from nexus_core.services import selling_lists as lists
from nexus_http.endpoints import Call, RouteTable
from nexus_http.routes.inventory_wire import pagination
from nexus_http.routes.selling_lists_wire import (
    DAILY_EXAMPLE,
    HISTORY_EXAMPLE,
    PAGE_EXAMPLE,
    SALE_ROW_EXAMPLE,
    DailySummaryOut,
    DaySummaryQuery,
    RegisterHistoryList,
    RegisterHistoryQuery,
    SaleList,
    SalesQuery,
    closed_register_json,
    daily_summary_json,
)

routes = RouteTable("selling-lists")


@routes.get(
    "/pos/api/sales",
    summary="Sales, newest first (filters: date_from, date_to, employee_id, customer_id, status, register_id)",
    permission="pos.view",
    query=SalesQuery,
    response=SaleList,
    example={"data": [SALE_ROW_EXAMPLE], "pagination": PAGE_EXAMPLE},
)
def list_sales(call: Call) -> dict[str, Any]:
    q: SalesQuery = call.params
    cmd = lists.ListSales(
        call.actor, q.date_from, q.date_to, q.employee_id, q.customer_id, q.status, q.register_id, q.page, q.per_page
    )
    found, page = call.run(lists.list_sales, cmd)
    return {
        "data": [
            {
                "id": r.id,
                "folio": r.folio,
                "status": r.status,
                "business_date": r.business_date.isoformat(),
                "created_at": instant_text(r.created_at),
                "branch_id": r.branch_id,
                "employee_id": r.employee_id,
                "register_id": r.register_id,
                "customer_id": r.customer_id,
                "payment_method": r.payment_method,
                "subtotal": r.subtotal,
                "tax": r.tax,
                "total": r.total,
                "items_count": r.items_count,
            }
            for r in found.rows
        ],
        "pagination": pagination(page, found.total),
    }


@routes.get(
    "/pos/api/register/history",
    summary="Closed registers (Z cuts) by the day they were closed, newest first, with their frozen figures",
    permission="pos.sell",
    query=RegisterHistoryQuery,
    response=RegisterHistoryList,
    example=HISTORY_EXAMPLE,
)
def register_history(call: Call) -> dict[str, Any]:
    q: RegisterHistoryQuery = call.params
    found, page = call.run(
        lists.register_history, lists.RegisterHistory(call.actor, q.date_from, q.date_to, q.page, q.per_page)
    )
    return {"data": [closed_register_json(s) for s in found.rows], "pagination": pagination(page, found.total)}


@routes.get(
    "/pos/api/register/daily-summary",
    summary="Every register opened on a business day (today by default), consolidated",
    permission="pos.sell",
    query=DaySummaryQuery,
    response=DailySummaryOut,
    example=DAILY_EXAMPLE,
)
def daily_summary(call: Call) -> dict[str, Any]:
    q: DaySummaryQuery = call.params
    return daily_summary_json(call.run(lists.register_daily_summary, lists.DailySummaryQuery(call.actor, q.date)))
