"""What the inventory routes share: the prefix, the JSON of items, stock rows and movements, and
the wire classes that describe them (docs/inventory.md). Routes translate and nothing more."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.days import instant_text
from nexus_core.domain.items import Item
from nexus_core.domain.stock import Movement
from nexus_core.ports.inventory_queries import Page, StockRow
from nexus_core.ports.item_lines import ItemLine
from nexus_http.pagination import Pagination

PREFIX = "/pos/api/inventory"


def qty(amount: Decimal) -> Decimal | int:
    """A quantity as people write it: ``23``, ``2.5``."""
    if amount == amount.to_integral_value():
        return int(amount)
    return amount.normalize()


def rate(value: Decimal) -> Decimal:
    return value.normalize() if value != 0 else Decimal("0")


def pagination(page: Page, total: int) -> dict[str, int]:
    return {"page": page.number, "per_page": page.size, "total": total, "total_pages": -(-total // page.size)}


def item_json(item: Item, *, branch_name: str | None, stock: Decimal) -> dict[str, Any]:
    """The seed's item row; ``stock`` is what can be sold in the branch asked (else home)."""
    return {
        "id": item.id,
        "part_number": item.part_number,
        "barcode": item.barcode,
        "name": item.name,
        "description": item.description,
        "branch_id": item.branch_id,
        "branch_name": branch_name,
        "category_id": item.category_id,
        "brand": item.brand,
        "unit": item.unit,
        "cost": item.cost,
        "price_1": item.price_1,
        "price_2": item.price_2,
        "price_3": item.price_3,
        "tax_rate": rate(item.tax_rate),
        "min_stock": qty(item.min_stock),
        "max_stock": None if item.max_stock is None else qty(item.max_stock),
        "location": item.location,
        "image_url": item.image_url,
        "catalog_part_id": item.catalog_part_id,
        "is_active": item.is_active,
        "stock": qty(stock),
    }


def line_json(line: ItemLine) -> dict[str, Any]:
    """:func:`item_json` of a list row (the same keys, in the same order)."""
    return {
        "id": line.id,
        "part_number": line.part_number,
        "barcode": line.barcode,
        "name": line.name,
        "description": line.description,
        "branch_id": line.branch_id,
        "branch_name": line.branch_name,
        "category_id": line.category_id,
        "brand": line.brand,
        "unit": line.unit,
        "cost": line.cost,
        "price_1": line.price_1,
        "price_2": line.price_2,
        "price_3": line.price_3,
        "tax_rate": rate(line.tax_rate),
        "min_stock": qty(line.min_stock),
        "max_stock": None if line.max_stock is None else qty(line.max_stock),
        "location": line.location,
        "image_url": line.image_url,
        "catalog_part_id": line.catalog_part_id,
        "is_active": line.is_active,
        "stock": qty(line.on_hand - line.reserved),
    }


def movement_json(m: Movement) -> dict[str, Any]:
    return {
        "id": m.id,
        "type": m.kind.value,
        "branch_id": m.branch_id,
        "quantity": qty(m.quantity),
        "reserved_change": qty(m.reserved_delta),
        "unit_cost": None if m.unit_cost is None else m.unit_cost,
        "value": m.value,
        "reference": m.reference,
        "reason": m.reason,
        "created_by": m.actor_name,
        "created_at": instant_text(m.at),
        "business_date": m.business_date.isoformat(),
    }


def stock_row_json(r: StockRow) -> dict[str, Any]:
    return {
        "inventory_id": r.item_id,
        "part_number": r.part_number,
        "name": r.name,
        "branch_id": r.branch_id,
        "on_hand": qty(r.on_hand),
        "reserved": qty(r.reserved),
        "stock": qty(r.stock),
        "min_stock": qty(r.min_stock),
        "max_stock": None if r.max_stock is None else qty(r.max_stock),
        "cost": r.cost,
        "last_movement": None if r.last_movement is None else r.last_movement.isoformat(),
    }


def day(value: date) -> str:
    return value.isoformat()


# --- wire classes (answers) ---------------------------------------------------------------------


@attrs.frozen
class ItemOut:
    id: int
    part_number: str | None
    barcode: str
    name: str
    description: str | None
    branch_id: int
    branch_name: str | None
    category_id: int | None
    brand: str | None
    unit: str
    cost: Decimal
    price_1: Decimal
    price_2: Decimal
    price_3: Decimal
    tax_rate: Decimal
    min_stock: Decimal
    max_stock: Decimal | None
    location: str | None
    image_url: str | None
    catalog_part_id: int | None
    is_active: bool
    stock: Decimal


@attrs.frozen
class ItemListPagination(Pagination):
    """The list's pagination; ``total_capped``: a search stopped counting at 250 hits (``total``
    is then 250 and there are more; later pages are still served)."""

    total_capped: bool


@attrs.frozen
class ItemList:
    data: list[ItemOut]
    pagination: ItemListPagination


@attrs.frozen
class MovementOut:
    id: int
    type: str
    branch_id: int
    quantity: Decimal
    reserved_change: Decimal
    unit_cost: Decimal | None
    value: Decimal
    reference: str
    reason: str | None
    created_by: str
    created_at: str
    business_date: str


@attrs.frozen
class StockRowOut:
    inventory_id: int
    part_number: str | None
    name: str
    branch_id: int | None
    on_hand: Decimal
    reserved: Decimal
    stock: Decimal
    min_stock: Decimal
    max_stock: Decimal | None
    cost: Decimal
    last_movement: str | None


EXAMPLE_ITEM: dict[str, Any] = {
    "id": 1,
    "part_number": "04465-02220",
    "barcode": "7500000000011",
    "name": "Pastillas de freno delanteras",
    "description": "Pastillas ceramicas originales Toyota",
    "branch_id": 1,
    "branch_name": "Sucursal Centro",
    "category_id": 5,
    "brand": "Toyota",
    "unit": "PZA",
    "cost": Decimal("150.00"),
    "price_1": Decimal("350.00"),
    "price_2": Decimal("300.00"),
    "price_3": Decimal("280.00"),
    "tax_rate": Decimal("0.16"),
    "min_stock": 5,
    "max_stock": 50,
    "location": "A-3-2",
    "image_url": None,
    "catalog_part_id": 12345,
    "is_active": True,
    "stock": 23,
}

EXAMPLE_MOVEMENT: dict[str, Any] = {
    "id": 7,
    "type": "purchase",
    "branch_id": 1,
    "quantity": 20,
    "reserved_change": 0,
    "unit_cost": Decimal("145.00"),
    "value": Decimal("2900.00"),
    "reference": "FAC-001",
    "reason": "Distribuidora Central / Compra semanal",
    "created_by": "Admin",
    "created_at": "2026-04-01T16:00:00",
    "business_date": "2026-04-01",
}

EXAMPLE_STOCK_ROW: dict[str, Any] = {
    "inventory_id": 1,
    "part_number": "04465-02220",
    "name": "Pastillas de freno delanteras",
    "branch_id": 1,
    "on_hand": 3,
    "reserved": 0,
    "stock": 3,
    "min_stock": 5,
    "max_stock": 50,
    "cost": Decimal("150.00"),
    "last_movement": None,
}
