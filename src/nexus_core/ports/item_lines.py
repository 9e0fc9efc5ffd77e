"""A row of the item list as its page shows it (``GET /pos/api/inventory/items``), and nothing more.

The list is the catalog's hot read: a search box fires it on every keystroke. Its rows carry only
what the page shows (no timestamps, no stock value, no domain object with its rules), so the adapter
builds them straight from the driver's tuples. The same search through
:meth:`~nexus_core.ports.inventory_queries.InventoryQueries.search_items` gives the same items in the
same order with the same figures (a contract test holds the two together).
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from nexus_core.ports.inventory_queries import ItemRow


class ItemLine(NamedTuple):
    """An item with what one branch holds of it: the branch asked for, else its home branch
    (``branch_name`` is the home branch's)."""

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
    on_hand: Decimal
    reserved: Decimal

    @property
    def stock(self) -> Decimal:
        """What can be sold: ``on_hand - reserved``."""
        return self.on_hand - self.reserved


def line_of(row: ItemRow) -> ItemLine:
    """The line of a full search row (the in-memory adapter, and the contract that ties the two)."""
    item = row.item
    assert item.id is not None
    return ItemLine(
        id=item.id,
        part_number=item.part_number,
        barcode=item.barcode,
        name=item.name,
        description=item.description,
        branch_id=item.branch_id,
        branch_name=row.branch_name,
        category_id=item.category_id,
        brand=item.brand,
        unit=item.unit,
        cost=item.cost,
        price_1=item.price_1,
        price_2=item.price_2,
        price_3=item.price_3,
        tax_rate=item.tax_rate,
        min_stock=item.min_stock,
        max_stock=item.max_stock,
        location=item.location,
        image_url=item.image_url,
        catalog_part_id=item.catalog_part_id,
        is_active=item.is_active,
        on_hand=row.on_hand,
        reserved=row.reserved,
    )
