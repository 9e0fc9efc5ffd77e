"""Inventory alerts and the five reports (valuation, ABC, no movement, low stock, branch comparison)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from nexus_core.services import inventory_reports as reports
from nexus_http.endpoints import Call, RouteTable
from nexus_http.routes.inventory_wire import (
    EXAMPLE_STOCK_ROW,
    PREFIX,
    day,
    pagination,
    qty,
    stock_row_json,
)
from nexus_http.routes.inventory_wire_reports import (
    AbcOut,
    AbcQuery,
    AlertsOut,
    AlertsQuery,
    BranchQuery,
    ComparisonOut,
    ComparisonQuery,
    NoMovementOut,
    NoMovementQuery,
    StockReportOut,
    ValuationOut,
)

routes = RouteTable("inventory")
_PAGE = {"page": 1, "per_page": 50, "total": 1, "total_pages": 1}


@routes.get(
    f"{PREFIX}/alerts",
    summary="Items with nothing available, below their minimum, above their maximum (branch asked, else home)",
    permission="inventory.view",
    query=AlertsQuery,
    response=AlertsOut,
    example={
        "zero_stock": [{**EXAMPLE_STOCK_ROW, "on_hand": 0, "stock": 0}],
        "low_stock": [EXAMPLE_STOCK_ROW],
        "over_stock": [],
        "counts": {"zero_stock": 1, "low_stock": 1, "over_stock": 0},
    },
)
def alerts(call: Call) -> dict[str, Any]:
    p: AlertsQuery = call.params
    a = call.run(reports.inventory_alerts, reports.GetAlerts(call.actor, p.branch_id, p.limit))
    return {
        "zero_stock": [stock_row_json(r) for r in a.zero_stock],
        "low_stock": [stock_row_json(r) for r in a.low_stock],
        "over_stock": [stock_row_json(r) for r in a.over_stock],
        "counts": {"zero_stock": a.zero_count, "low_stock": a.low_count, "over_stock": a.over_count},
    }


@routes.get(
    f"{PREFIX}/reports/valuation",
    summary="Inventory value at cost (weighted average) and at price_1, per item and in total",
    permission="inventory.view",
    query=BranchQuery,
    response=ValuationOut,
    example={
        "branch_id": None,
        "total_cost_value": Decimal("125000.00"),
        "total_sale_value": Decimal("350000.00"),
        "item_count": 1,
        "items": [
            {
                "inventory_id": 1,
                "part_number": "04465-02220",
                "name": "Pastillas de freno delanteras",
                "on_hand": 25,
                "cost": Decimal("150.00"),
                "cost_value": Decimal("3750.00"),
                "price_1": Decimal("350.00"),
                "sale_value": Decimal("8750.00"),
            }
        ],
        "pagination": _PAGE,
    },
)
def valuation(call: Call) -> dict[str, Any]:
    p: BranchQuery = call.params
    v, page = call.run(
        reports.valuation_report, reports.ReportQuery(call.actor, p.branch_id, page=p.page, per_page=p.per_page)
    )
    return {
        "branch_id": p.branch_id,
        "total_cost_value": v.total_cost_value,
        "total_sale_value": v.total_sale_value,
        "item_count": v.item_count,
        "items": [
            {
                "inventory_id": r.item_id,
                "part_number": r.part_number,
                "name": r.name,
                "on_hand": qty(r.on_hand),
                "cost": r.cost,
                "cost_value": r.cost_value,
                "price_1": r.price_1,
                "sale_value": r.sale_value,
            }
            for r in v.rows
        ],
        "pagination": pagination(page, v.item_count),
    }


@routes.get(
    f"{PREFIX}/reports/abc",
    summary="ABC by the cost of what was sold in the `days` complete days ending yesterday (A 80%, B 15%, C 5%)",
    permission="inventory.view",
    query=AbcQuery,
    response=AbcOut,
    example={
        "branch_id": None,
        "days": 90,
        "date_from": "2026-01-01",
        "date_to": "2026-03-31",
        "total_value": Decimal("450.00"),
        "classes": {
            "A": {"items": 1, "value": Decimal("450.00")},
            "B": {"items": 0, "value": Decimal("0.00")},
            "C": {"items": 0, "value": Decimal("0.00")},
        },
        "items": [
            {
                "inventory_id": 1,
                "part_number": "04465-02220",
                "name": "Pastillas de freno delanteras",
                "quantity": 3,
                "value": Decimal("450.00"),
                "share": Decimal("100.00"),
                "cumulative_share": Decimal("100.00"),
                "classification": "A",
            }
        ],
        "pagination": _PAGE,
    },
)
def abc(call: Call) -> dict[str, Any]:
    p: AbcQuery = call.params
    cmd = reports.ReportQuery(call.actor, p.branch_id, p.days, p.page, p.per_page)
    r, page, period = call.run(reports.abc_report, cmd)
    return {
        "branch_id": p.branch_id,
        "days": p.days,
        "date_from": day(period.since),
        "date_to": day(period.until),
        "total_value": r.total_value,
        "classes": {c.klass: {"items": c.items, "value": c.value} for c in r.classes},
        "items": [
            {
                "inventory_id": row.item_id,
                "part_number": row.part_number,
                "name": row.name,
                "quantity": qty(row.quantity),
                "value": row.value,
                "share": r.share(row),
                "cumulative_share": r.cumulative_share(row),
                "classification": row.klass,
            }
            for row in r.rows
        ],
        "pagination": pagination(page, r.total),
    }


@routes.get(
    f"{PREFIX}/reports/no-movement",
    summary="Items with units on hand and no movement in the last `days` days (default 60)",
    permission="inventory.view",
    query=NoMovementQuery,
    response=NoMovementOut,
    example={
        "branch_id": None,
        "days": 60,
        "date_from": "2026-02-01",
        "items": [{**EXAMPLE_STOCK_ROW, "branch_id": None, "last_movement": "2026-01-15"}],
        "pagination": _PAGE,
    },
)
def no_movement(call: Call) -> dict[str, Any]:
    p: NoMovementQuery = call.params
    cmd = reports.ReportQuery(call.actor, p.branch_id, p.days, p.page, p.per_page)
    found, page, period = call.run(reports.no_movement_report, cmd)
    return {
        "branch_id": p.branch_id,
        "days": p.days,
        "date_from": day(period.since),
        "items": [stock_row_json(r) for r in found.rows],
        "pagination": pagination(page, found.total),
    }


@routes.get(
    f"{PREFIX}/reports/low-stock",
    summary="Items whose available stock is below their minimum, largest shortfall first",
    permission="inventory.view",
    query=BranchQuery,
    response=StockReportOut,
    example={"branch_id": None, "items": [EXAMPLE_STOCK_ROW], "pagination": _PAGE},
)
def low_stock(call: Call) -> dict[str, Any]:
    p: BranchQuery = call.params
    cmd = reports.ReportQuery(call.actor, p.branch_id, page=p.page, per_page=p.per_page)
    found, page = call.run(reports.low_stock_report, cmd)
    return {
        "branch_id": p.branch_id,
        "items": [stock_row_json(r) for r in found.rows],
        "pagination": pagination(page, found.total),
    }


@routes.get(
    f"{PREFIX}/reports/branch-comparison",
    summary="Stock of every branch side by side (of one item with inventory_id)",
    permission="inventory.view",
    query=ComparisonQuery,
    response=ComparisonOut,
    example={
        "inventory_id": None,
        "branches": [
            {
                "branch_id": 1,
                "branch_name": "Sucursal Centro",
                "items_in_stock": 120,
                "on_hand": 2500,
                "reserved": 4,
                "stock": 2496,
                "cost_value": Decimal("125000.00"),
                "sale_value": Decimal("350000.00"),
            }
        ],
    },
)
def branch_comparison(call: Call) -> dict[str, Any]:
    item_id = call.params.inventory_id
    rows = call.run(reports.branch_comparison, reports.CompareBranches(call.actor, item_id))
    return {
        "inventory_id": item_id,
        "branches": [
            {
                "branch_id": r.branch_id,
                "branch_name": r.branch_name,
                "items_in_stock": r.items_in_stock,
                "on_hand": qty(r.on_hand),
                "reserved": qty(r.reserved),
                "stock": qty(r.available),
                "cost_value": r.cost_value,
                "sale_value": r.sale_value,
            }
            for r in rows
        ],
    }
