"""Products of the parcels surface: the tenant's inventory items, in its default branch
(docs/parcels.md#products). ``stock_total`` is what the point of sale calls ``stock``: available,
``on_hand - reserved``; a unit an order reserved has already left it.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from nexus_core.domain.items import Item, parse_price
from nexus_core.domain.money import MAX_QUANTITY, ZERO
from nexus_core.domain.stock import Movement
from nexus_core.domain.text import optional_text, require_text
from nexus_core.errors import InvalidInput
from nexus_core.ports.inventory_queries import ItemSearch, Page
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor
from nexus_core.services.items import next_barcode
from nexus_core.services.parcels_access import acting_user, default_branch, user_context
from nexus_core.services.runner import Deps, read_only
from nexus_core.services.stock_postings import receive_opening_stock

STOCK_ENTRIES = 20  # recent movements shown per product with include_stock=1


@attrs.frozen
class ProductView:
    item: Item
    stock_total: Decimal
    entries: tuple[Movement, ...] = ()


@attrs.frozen
class ListProducts:
    actor: Actor
    include_stock: bool = False
    page: int = 1
    per_page: int = 200


@read_only
def list_products(cmd: ListProducts, uow: UnitOfWork, deps: Deps) -> list[ProductView]:
    """The items with what the default branch has available, and their latest movements there on request."""
    if cmd.page < 1 or not 1 <= cmd.per_page <= 200:
        raise InvalidInput("page must be 1 or more and per_page 1-200", field="per_page")
    branch_id = default_branch(uow)
    rows = uow.inventory_queries.search_items(ItemSearch(branch_id=branch_id, page=Page(cmd.page, cmd.per_page))).rows
    views = []
    for row in rows:
        assert row.item.id is not None
        entries = []
        if cmd.include_stock:
            entries = uow.movements.for_item(row.item.id, limit=STOCK_ENTRIES, branch_id=branch_id)
        views.append(ProductView(row.item, row.stock, tuple(entries)))
    return views


@attrs.frozen
class CreateProduct:
    actor: Actor
    nombre: object
    descripcion: object = None
    precio_usd: object = None
    stock: object = None


@attrs.frozen
class CreatedProduct:
    id: int
    stock_inserted: int | None  # the id of the movement that recorded the initial stock


def _initial_stock(value: object) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_QUANTITY:
        raise InvalidInput(f"stock must be a whole number of units from 0 to {MAX_QUANTITY:,.0f}", field="stock")
    return Decimal(value) if value else None


def create_product(cmd: CreateProduct, uow: UnitOfWork, deps: Deps) -> CreatedProduct:
    """An inventory item in the default branch; its initial ``stock`` enters as a movement by the user."""
    user = acting_user(uow, cmd.actor)
    fields = {
        "name": require_text(cmd.nombre, field="nombre", max_len=200),
        "description": optional_text(cmd.descripcion, field="descripcion", max_len=2000),
        "price_1": parse_price(ZERO if cmd.precio_usd is None else cmd.precio_usd, field="precio_usd"),
        "branch_id": default_branch(uow),
    }
    stock = _initial_stock(cmd.stock)
    now = deps.clock.now()
    item = Item.create(tenant_id=uow.tenant_id, fields=fields, barcode=next_barcode(uow), cost=ZERO, now=now)
    item_id = uow.items.add(item)
    if stock is None:
        return CreatedProduct(item_id, None)
    ctx = user_context(uow, deps, user)
    receive_opening_stock(uow, deps, item, stock, employee=None, ctx=ctx)
    latest = uow.movements.for_item(item_id, limit=1)
    return CreatedProduct(item_id, latest[0].id if latest else None)
