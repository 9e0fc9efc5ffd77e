"""Wire classes, JSON and examples of the catalog endpoints (:mod:`.catalog`, docs/catalog.md)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.catalog import Step
from nexus_core.ports.catalog import Part
from nexus_core.services.catalog_search import CrossView, Hit
from nexus_core.services.catalog_stock import Stocked
from nexus_http.pagination import Pagination
from nexus_http.routes.inventory_wire import qty

PREFIX = "/pos/api/catalog"

# --- query strings ------------------------------------------------------------------------------


@attrs.frozen
class ModelsQuery:
    brand_id: int


@attrs.frozen
class YearsQuery:
    model_id: int


@attrs.frozen
class EnginesQuery:
    model_id: int
    year_id: int


@attrs.frozen
class CategoriesQuery:
    mye_id: int


@attrs.frozen
class GroupsQuery:
    mye_id: int
    category_id: int


@attrs.frozen
class PartsQuery:
    mye_id: int
    group_id: int
    page: int = 1
    per_page: int = 30
    branch_id: int | None = None


@attrs.frozen
class PartQuery:
    branch_id: int | None = None


@attrs.frozen
class SearchQuery:
    q: str
    limit: int = 50
    branch_id: int | None = None


# --- answers ------------------------------------------------------------------------------------


@attrs.frozen
class CatalogBrandOut:
    id: int
    name: str
    part_count: int


@attrs.frozen
class CatalogBrandList:
    data: list[CatalogBrandOut]


@attrs.frozen
class CatalogNamedOut:
    id: int
    name: str


@attrs.frozen
class CatalogNamedList:
    data: list[CatalogNamedOut]


@attrs.frozen
class CatalogYearOut:
    id: int
    year: int


@attrs.frozen
class CatalogYearList:
    data: list[CatalogYearOut]


@attrs.frozen
class CatalogEngineOut:
    mye_id: int
    engine_id: int
    code: str | None
    name: str


@attrs.frozen
class CatalogEngineList:
    data: list[CatalogEngineOut]


@attrs.frozen
class CatalogCountedOut:
    id: int
    name: str
    part_count: int


@attrs.frozen
class CatalogCountedList:
    data: list[CatalogCountedOut]


@attrs.frozen
class CatalogPartOut:
    id: int
    part_number: str
    name: str
    manufacturer: str
    is_oe: bool
    local_stock: Decimal
    local_price: Decimal | None
    alternatives_count: int


@attrs.frozen
class CatalogPartList:
    data: list[CatalogPartOut]
    pagination: Pagination


@attrs.frozen
class CatalogStepOut:
    from_part_id: int
    to_part_id: int
    source: str
    direction: str


@attrs.frozen
class CatalogHitOut:
    id: int
    part_number: str
    name: str
    manufacturer: str
    is_oe: bool
    matched_via: str
    chain: list[CatalogStepOut]
    local_stock: Decimal
    local_price: Decimal | None
    in_stock: bool


@attrs.frozen
class CatalogHitList:
    data: list[CatalogHitOut]


@attrs.frozen
class CatalogBranchStockOut:
    branch_id: int
    branch_name: str | None
    stock: Decimal


@attrs.frozen
class CatalogCrossOut:
    part_id: int
    part_number: str
    manufacturer: str
    name: str
    source: str
    direction: str
    outgoing: bool
    local_stock: Decimal
    local_price: Decimal | None
    in_stock: bool


@attrs.frozen
class CatalogPartDetailOut:
    id: int
    part_number: str
    name: str
    manufacturer: str
    is_oe: bool
    attributes: dict[str, str]
    branch_id: int | None
    local_stock: Decimal
    local_price: Decimal | None
    stock_by_branch: list[CatalogBranchStockOut]
    alternatives: list[CatalogHitOut]
    cross_references: list[CatalogCrossOut]


# --- JSON ---------------------------------------------------------------------------------------


def stock_json(s: Stocked) -> dict[str, Any]:
    return {"local_stock": qty(s.stock), "local_price": s.price}


def part_json(p: Part) -> dict[str, Any]:
    return {"id": p.id, "part_number": p.part_number, "name": p.name, "manufacturer": p.manufacturer, "is_oe": p.is_oe}


def step_json(s: Step) -> dict[str, Any]:
    direction = s.direction.value
    return {"from_part_id": s.from_part, "to_part_id": s.to_part, "source": s.source.value, "direction": direction}


def hit_json(h: Hit) -> dict[str, Any]:
    return {
        **part_json(h.part),
        "matched_via": h.matched_via.value,
        "chain": [step_json(s) for s in h.chain],
        **stock_json(h.stocked),
        "in_stock": h.stocked.in_stock,
    }


def cross_json(x: CrossView) -> dict[str, Any]:
    p = x.part
    return {
        "part_id": p.id,
        "part_number": p.part_number,
        "manufacturer": p.manufacturer,
        "name": p.name,
        "source": x.source,
        "direction": x.direction,
        "outgoing": x.outgoing,
        **stock_json(x.stocked),
        "in_stock": x.stocked.in_stock,
    }


def attributes_json(text: str | None) -> dict[str, str]:
    """``Posicion=Delantera;Material=Ceramica`` as an object."""
    pairs = (pair.partition("=") for pair in (text or "").split(";") if "=" in pair)
    return {k.strip(): v.strip() for k, _, v in pairs}


# --- examples -----------------------------------------------------------------------------------

EXAMPLE_PART = {
    "id": 500,
    "part_number": "04465-02220",
    "name": "Balatas delanteras Toyota Corolla original",
    "manufacturer": "TOYOTA",
    "is_oe": True,
    "local_stock": 5,
    "local_price": Decimal("350.00"),
}
EXAMPLE_HIT = {
    **EXAMPLE_PART,
    "id": 502,
    "part_number": "P 83 024",
    "name": "Balatas delanteras Brembo",
    "manufacturer": "BREMBO",
    "is_oe": False,
    "matched_via": "aftermarket_cross",
    "chain": [
        {"from_part_id": 500, "to_part_id": 501, "source": "supplier", "direction": "both"},
        {"from_part_id": 501, "to_part_id": 502, "source": "user", "direction": "both"},
    ],
    "local_stock": 0,
    "local_price": None,
    "in_stock": False,
}
EXAMPLE_CROSS = {
    "part_id": 501,
    "part_number": "0 986 494 104",
    "manufacturer": "BOSCH",
    "name": "Balatas delanteras cerámicas Bosch",
    "source": "supplier",
    "direction": "both",
    "outgoing": False,
    "local_stock": 2,
    "local_price": Decimal("300.00"),
    "in_stock": True,
}
