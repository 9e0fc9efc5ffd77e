"""Wire classes of items, categories, brands and barcodes, for :mod:`.inventory_items`."""

from __future__ import annotations

from decimal import Decimal

import attrs

from nexus_http.routes.inventory_wire import (
    ItemOut,
    MovementOut,
)


@attrs.frozen
class ItemsQuery:
    q: str | None = None
    page: int = 1
    per_page: int = 50
    branch_id: int | None = None
    category_id: int | None = None
    low_stock: bool = False


@attrs.frozen
class DetailQuery:
    branch_id: int | None = None


@attrs.frozen
class HistoryQuery:
    limit: int = 50
    branch_id: int | None = None


@attrs.frozen
class ItemChanges:
    """An update: every field optional, only those sent change (``cost`` is refused by the core:
    it follows purchases)."""

    part_number: str | None = None
    barcode: str | None = None
    name: str | None = None
    description: str | None = None
    branch_id: int | None = None
    category_id: int | None = None
    brand: str | None = None
    unit: str | None = None
    cost: Decimal | None = None
    price_1: Decimal | None = None
    price_2: Decimal | None = None
    price_3: Decimal | None = None
    tax_rate: Decimal | None = None
    min_stock: Decimal | None = None
    max_stock: Decimal | None = None
    location: str | None = None
    image_url: str | None = None
    catalog_part_id: int | None = None
    is_active: bool | None = None


@attrs.frozen
class ItemIn(ItemChanges):
    """A new item: needs ``name`` (and ``branch_id``, default the caller's branch);
    ``initial_stock`` units enter its home branch at ``cost``."""

    initial_stock: Decimal | None = None


@attrs.frozen
class CategoryIn:
    name: str


@attrs.frozen
class ItemCreated:
    id: int
    barcode: str
    message: str


@attrs.frozen
class ItemUpdated:
    id: int
    message: str


@attrs.frozen
class BranchStockOut:
    branch_id: int
    branch_name: str | None
    on_hand: Decimal
    reserved: Decimal
    stock: Decimal


@attrs.frozen
class ItemDetailOut(ItemOut):
    on_hand: Decimal
    reserved: Decimal
    stock_value: Decimal
    branches: list[BranchStockOut]
    movements: list[MovementOut]


@attrs.frozen
class HistoryOut:
    inventory_id: int
    movements: list[MovementOut]


@attrs.frozen
class CategoryOut:
    id: int
    name: str


@attrs.frozen
class CategoryList:
    data: list[CategoryOut]


@attrs.frozen
class CategoryCreated:
    id: int
    name: str
    message: str


@attrs.frozen
class BrandList:
    data: list[str]


@attrs.frozen
class BarcodeOut:
    barcode: str
