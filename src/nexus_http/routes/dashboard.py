"""Dashboard stats (docs/insight.md#dashboard): today, this month, top products and sales by local hour and by
employee, from the maintained aggregates (:mod:`nexus_core.services.dashboard`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from nexus_core.services import dashboard
from nexus_http.endpoints import Call, RouteTable

routes = RouteTable("dashboard")
PREFIX = "/pos/api/dashboard"


@attrs.frozen
class DashboardPeriodOut:
    date_from: str
    date_to: str
    sales_count: int
    sales_total: Decimal


@attrs.frozen
class DashboardTopProductOut:
    inventory_id: int
    name: str
    quantity: Decimal
    total: Decimal


@attrs.frozen
class DashboardHourOut:
    hour: int
    sales_count: int
    sales_total: Decimal


@attrs.frozen
class DashboardStatsOut:
    today: DashboardPeriodOut
    month: DashboardPeriodOut
    top_products: list[DashboardTopProductOut]
    hourly_sales: list[DashboardHourOut]


@attrs.frozen
class DashboardEmployeeOut:
    employee_id: int
    name: str
    sales_count: int
    sales_total: Decimal


@attrs.frozen
class DashboardEmployeesOut:
    date: str
    data: list[DashboardEmployeeOut]


_HOURS_EXAMPLE = [{"hour": h, "sales_count": 0, "sales_total": Decimal("0.00")} for h in range(24)]
_DAY_EXAMPLE = {"date_from": "2026-04-01", "date_to": "2026-04-01", "sales_count": 2, "sales_total": Decimal("580.00")}
_HOURS_EXAMPLE[10] = {"hour": 10, "sales_count": 2, "sales_total": Decimal("580.00")}


@routes.get(
    f"{PREFIX}/stats",
    summary="Today's and this month's sales, the month's top products and today's sales by local hour",
    permission=dashboard.DASHBOARD_PERMISSION,
    response=DashboardStatsOut,
    example={
        "today": _DAY_EXAMPLE,
        "month": _DAY_EXAMPLE,
        "top_products": [
            {"inventory_id": 1, "name": "Balata delantera", "quantity": Decimal("2.000"), "total": Decimal("580.00")}
        ],
        "hourly_sales": _HOURS_EXAMPLE,
    },
)
def stats(call: Call) -> dict[str, Any]:
    s = call.run(dashboard.dashboard_stats, dashboard.GetDashboardStats(call.actor))
    day = s.today.isoformat()
    return {
        "today": {
            "date_from": day,
            "date_to": day,
            "sales_count": s.today_figures.sales_count,
            "sales_total": s.today_figures.sales_total,
        },
        "month": {
            "date_from": s.month_from.isoformat(),
            "date_to": day,
            "sales_count": s.month_figures.sales_count,
            "sales_total": s.month_figures.sales_total,
        },
        "top_products": [
            {"inventory_id": p.item_id, "name": p.name, "quantity": p.quantity, "total": p.total}
            for p in s.top_products
        ],
        "hourly_sales": [
            {"hour": h.hour, "sales_count": h.sales_count, "sales_total": h.sales_total} for h in s.hourly
        ],
    }


@routes.get(
    f"{PREFIX}/stats/employees",
    summary="Today's sales per employee (the tenant's local day), best seller first",
    permission=dashboard.DASHBOARD_PERMISSION,
    response=DashboardEmployeesOut,
    example={
        "date": "2026-04-01",
        "data": [{"employee_id": 2, "name": "Carlos Cajero", "sales_count": 2, "sales_total": Decimal("580.00")}],
    },
)
def employees(call: Call) -> dict[str, Any]:
    day, rows = call.run(dashboard.employee_stats, dashboard.GetEmployeeStats(call.actor))
    return {
        "date": day.isoformat(),
        "data": [
            {
                "employee_id": r.employee_id,
                "name": r.name,
                "sales_count": r.figures.sales_count,
                "sales_total": r.figures.sales_total,
            }
            for r in rows
        ],
    }
