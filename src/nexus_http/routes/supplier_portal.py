"""Supplier portal (docs/insight.md#supplier-portal): anonymous demand and the best-moving parts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from nexus_core.services import supplier_portal as sp
from nexus_http.endpoints import Call, RouteTable

routes = RouteTable("supplier-portal")
PREFIX = "/pos/api/supplier-portal"


@attrs.frozen
class DemandQuery:
    days: int = 30
    group_id: int | None = None
    branch_id: int | None = None


@attrs.frozen
class TopPartsQuery:
    days: int = 30


@attrs.frozen
class DemandRowOut:
    zone: str
    postal_code: str | None
    state: str | None
    group_id: int | None
    group_name: str | None
    week: str
    quantity: Decimal


@attrs.frozen
class DemandOut:
    days: int
    date_from: str
    date_to: str
    data: list[DemandRowOut]


@attrs.frozen
class TopPartOut:
    inventory_id: int
    part_number: str | None
    name: str
    brand: str | None
    group_id: int | None
    quantity_sold: Decimal
    available_stock: Decimal


@attrs.frozen
class TopPartsOut:
    days: int
    date_from: str
    date_to: str
    data: list[TopPartOut]


@routes.get(
    f"{PREFIX}/demand",
    summary="Quantities sold per zone (branch postal code and state), part group and ISO week; aggregates only",
    permission=sp.PERMISSION,
    query=DemandQuery,
    response=DemandOut,
    example={
        "days": 30,
        "date_from": "2026-03-03",
        "date_to": "2026-04-01",
        "data": [
            {
                "zone": "64000",
                "postal_code": "64000",
                "state": "Nuevo León",
                "group_id": 1,
                "group_name": "Frenos",
                "week": "2026-W14",
                "quantity": Decimal("12.000"),
            }
        ],
    },
)
def demand(call: Call) -> dict[str, Any]:
    q: DemandQuery = call.params
    d = call.run(sp.demand, sp.GetDemand(call.actor, q.days, group_id=q.group_id, branch_id=q.branch_id))
    return {
        "days": q.days,
        "date_from": d.date_from.isoformat(),
        "date_to": d.date_to.isoformat(),
        "data": [
            {
                "zone": r.zone.key,
                "postal_code": r.zone.postal_code,
                "state": r.zone.state,
                "group_id": r.group_id,
                "group_name": r.group_name,
                "week": r.week,
                "quantity": r.quantity,
            }
            for r in d.rows
        ],
    }


@routes.get(
    f"{PREFIX}/top-parts",
    summary="The 50 best-moving parts of the last days with their available stock (all branches)",
    permission=sp.PERMISSION,
    query=TopPartsQuery,
    response=TopPartsOut,
    example={
        "days": 30,
        "date_from": "2026-03-03",
        "date_to": "2026-04-01",
        "data": [
            {
                "inventory_id": 1,
                "part_number": "BRK-001",
                "name": "Balata delantera",
                "brand": "Brembo",
                "group_id": 1,
                "quantity_sold": Decimal("12.000"),
                "available_stock": Decimal("38.000"),
            }
        ],
    },
)
def top_parts(call: Call) -> dict[str, Any]:
    q: TopPartsQuery = call.params
    first, last, parts = call.run(sp.top_parts, sp.GetTopParts(call.actor, q.days))
    return {
        "days": q.days,
        "date_from": first.isoformat(),
        "date_to": last.isoformat(),
        "data": [
            {
                "inventory_id": p.item_id,
                "part_number": p.part_number,
                "name": p.name,
                "brand": p.brand,
                "group_id": p.group_id,
                "quantity_sold": p.quantity_sold,
                "available_stock": p.available,
            }
            for p in parts
        ],
    }
