"""Items: list and search, detail, create, update, history; categories, brands, barcodes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.items import EDITABLE_FIELDS
from nexus_core.services import inventory_lists, items
from nexus_http.endpoints import Call, RouteTable
from nexus_http.reply import Reply
from nexus_http.routes.inventory_wire import (
    EXAMPLE_ITEM,
    EXAMPLE_MOVEMENT,
    PREFIX,
    ItemList,
    item_json,
    line_json,
    movement_json,
    pagination,
    qty,
)
from nexus_http.routes.inventory_wire_items import (
    BarcodeOut,
    BrandList,
    CategoryCreated,
    CategoryIn,
    CategoryList,
    DetailQuery,
    HistoryOut,
    HistoryQuery,
    ItemChanges,
    ItemCreated,
    ItemDetailOut,
    ItemIn,
    ItemsQuery,
    ItemUpdated,
)

routes = RouteTable("inventory")


def _given_fields(call: Call) -> dict[str, Any]:
    """The item fields the client sent (typed by the wire class), ``null`` included."""
    return {name: getattr(call.body, name) for name in call.json if name in EDITABLE_FIELDS}


@routes.get(
    f"{PREFIX}/items",
    summary="List and search items (name words, part number typed any way, barcode) with their stock",
    permission="inventory.view",
    query=ItemsQuery,
    response=ItemList,
    inline=True,
    reads_inline=True,
    example={
        "data": [EXAMPLE_ITEM],
        "pagination": {"page": 1, "per_page": 50, "total": 1, "total_pages": 1, "total_capped": False},
    },
)
def list_items(call: Call) -> dict[str, Any]:
    p: ItemsQuery = call.params
    cmd = inventory_lists.ListItems(call.actor, p.q, p.branch_id, p.category_id, p.low_stock, p.page, p.per_page)
    found, page = call.run(inventory_lists.list_items, cmd)
    listed = {**pagination(page, found.total), "total_capped": found.capped}
    return {"data": [line_json(line) for line in found.rows], "pagination": listed}


@routes.get(
    f"{PREFIX}/items/{{item_id}}",
    summary="An item with its stock in every branch and its latest movements",
    permission="inventory.view",
    query=DetailQuery,
    response=ItemDetailOut,
    example={
        **EXAMPLE_ITEM,
        "on_hand": 25,
        "reserved": 2,
        "stock_value": Decimal("3750.00"),
        "branches": [{"branch_id": 1, "branch_name": "Sucursal Centro", "on_hand": 25, "reserved": 2, "stock": 23}],
        "movements": [EXAMPLE_MOVEMENT],
    },
)
def item_detail(call: Call) -> dict[str, Any]:
    cmd = items.GetItem(call.actor, call.path_int("item_id"), call.params.branch_id, history=20)
    detail = call.run(inventory_lists.item_detail, cmd)
    view, names = detail.view, detail.branch_names
    return {
        **item_json(view.item, branch_name=names.get(view.item.branch_id), stock=view.stock),
        "on_hand": qty(view.on_hand),
        "reserved": qty(view.reserved),
        "stock_value": view.item.stock_value,
        "branches": [
            {
                "branch_id": b.branch_id,
                "branch_name": names.get(b.branch_id),
                "on_hand": qty(b.on_hand),
                "reserved": qty(b.reserved),
                "stock": qty(b.available),
            }
            for b in view.balances
        ],
        "movements": [movement_json(m) for m in view.movements],
    }


@routes.post(
    f"{PREFIX}/items",
    summary="Create an item (an EAN-13 barcode is generated when none is given; initial_stock enters the home branch)",
    permission="inventory.create",
    body=ItemIn,
    response=ItemCreated,
    status=201,
    idempotent=True,
    example={"id": 1, "barcode": "7500000000011", "message": "Item created"},
)
def create_item(call: Call) -> Reply:
    body: ItemIn = call.body
    cmd = items.CreateItem(call.actor, _given_fields(call), cost=body.cost, initial_stock=body.initial_stock)
    return call.respond(
        items.create_item,
        cmd,
        lambda made: Reply({"id": made.id, "barcode": made.barcode, "message": "Item created"}, 201),
    )


@routes.put(
    f"{PREFIX}/items/{{item_id}}",
    summary="Change an item's fields (only those sent; cost follows purchases and cannot be set)",
    permission="inventory.edit",
    body=ItemChanges,
    response=ItemUpdated,
    example={"id": 1, "message": "Item updated"},
)
def update_item(call: Call) -> dict[str, Any]:
    # every key sent (typed where the wire class types it): the core judges which may change
    typed = attrs.asdict(call.body)
    fields = {name: typed.get(name, value) for name, value in call.json.items()}
    item = call.run(items.update_item, items.UpdateItem(call.actor, call.path_int("item_id"), fields))
    return {"id": item.id, "message": "Item updated"}


@routes.get(
    f"{PREFIX}/items/{{item_id}}/history",
    summary="An item's movements, newest first (limit 1-500, default 50)",
    permission="inventory.view",
    query=HistoryQuery,
    response=HistoryOut,
    example={"inventory_id": 1, "movements": [EXAMPLE_MOVEMENT]},
)
def item_history(call: Call) -> dict[str, Any]:
    p: HistoryQuery = call.params
    item_id = call.path_int("item_id")
    moves = call.run(
        inventory_lists.item_history, inventory_lists.ItemHistory(call.actor, item_id, p.limit, p.branch_id)
    )
    return {"inventory_id": item_id, "movements": [movement_json(m) for m in moves]}


@routes.get(
    f"{PREFIX}/categories",
    summary="The tenant's item categories",
    permission="inventory.view",
    response=CategoryList,
    example={"data": [{"id": 5, "name": "Frenos"}]},
)
def list_categories(call: Call) -> dict[str, Any]:
    found = call.run(items.list_categories, items.ListCategories(call.actor))
    return {"data": [{"id": c.id, "name": c.name} for c in found]}


@routes.post(
    f"{PREFIX}/categories",
    summary="Create an item category (names are unique whatever the case)",
    permission="inventory.create",
    body=CategoryIn,
    response=CategoryCreated,
    status=201,
    idempotent=True,
    example={"id": 5, "name": "Frenos", "message": "Category created"},
)
def create_category(call: Call) -> Reply:
    name = call.body.name
    return call.respond(
        items.create_category,
        items.CreateCategory(call.actor, name),
        lambda new_id: Reply({"id": new_id, "name": name.strip(), "message": "Category created"}, 201),
    )


@routes.get(
    f"{PREFIX}/brands",
    summary="The brands of the tenant's items",
    permission="inventory.view",
    response=BrandList,
    example={"data": ["Bosch", "Toyota"]},
)
def list_brands(call: Call) -> dict[str, Any]:
    return {"data": call.run(items.list_brands, items.ListBrands(call.actor))}


@routes.post(
    f"{PREFIX}/generate-barcode",
    summary="A valid EAN-13 (prefix 750) not used by any of the tenant's items",
    permission="inventory.create",
    response=BarcodeOut,
    example={"barcode": "7500000000028"},
)
def generate_barcode(call: Call) -> dict[str, Any]:
    return {"barcode": call.run(items.generate_barcode, items.GenerateBarcode(call.actor))}
