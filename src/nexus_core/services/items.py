"""Items and categories: create, read, update (docs/adr/0019-stock-engine.md).

What ``stock`` means on the wire: what can be sold in a branch, ``on_hand - reserved``, of the
branch the query names, else of the item's home branch (:attr:`ItemView.stock`). A reserved unit
(a layaway, a delivery order) has already left ``stock``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.items import DEFAULT_BARCODE_PREFIX, EDITABLE_FIELDS, Category, Item, ean13, parse_barcode
from nexus_core.domain.stock import Movement, StockBalance
from nexus_core.errors import InvalidInput, NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.runner import Deps, read_only
from nexus_core.services.stock_postings import receive_opening_stock


@attrs.frozen
class ItemView:
    """An item with its stock rows; ``stock`` is what can be sold in ``branch_id``."""

    item: Item
    branch_id: int
    balances: tuple[StockBalance, ...]
    movements: tuple[Movement, ...] = ()

    def balance(self, branch_id: int | None = None) -> StockBalance:
        wanted = self.branch_id if branch_id is None else branch_id
        assert self.item.id is not None
        return next((b for b in self.balances if b.branch_id == wanted), StockBalance(self.item.id, wanted))

    @property
    def on_hand(self) -> Decimal:
        return self.balance().on_hand

    @property
    def reserved(self) -> Decimal:
        return self.balance().reserved

    @property
    def stock(self) -> Decimal:
        return self.balance().available


def require_branch(uow: UnitOfWork, branch_id: int, *, field: str = "branch_id") -> None:
    """The tenant's active branch, or a 404 exactly like a missing id."""
    branch = uow.branches.get(branch_id)
    if branch is None:
        raise NotFound(f"branch {branch_id} not found", field=field)
    if not branch.is_active:
        raise RuleViolation(f"branch {branch_id} is not active", field=field)


def require_item(uow: UnitOfWork, item_id: int, *, field: str = "inventory_id") -> Item:
    item = uow.items.get(item_id)
    if item is None:
        raise NotFound(f"item {item_id} not found", field=field)
    return item


def _check_references(uow: UnitOfWork, fields: Mapping[str, object]) -> None:
    if isinstance(fields.get("branch_id"), int):
        require_branch(uow, fields["branch_id"])  # type: ignore[arg-type]
    category_id = fields.get("category_id")
    if isinstance(category_id, int) and uow.categories.get(category_id) is None:
        raise NotFound(f"category {category_id} not found", field="category_id")


def _check_unique(uow: UnitOfWork, item: Item) -> None:
    same_code = uow.items.get_by_barcode(item.barcode)
    if same_code is not None and same_code.id != item.id:
        raise RuleViolation(f"barcode {item.barcode} is already used by item {same_code.id}", field="barcode")
    key = item.part_number_key
    if key is not None:
        same_part = uow.items.get_by_part_number_key(key)
        if same_part is not None and same_part.id != item.id:
            raise RuleViolation(
                f"part number {item.part_number} is already used by item {same_part.id} ({same_part.part_number})",
                field="part_number",
            )


def next_barcode(uow: UnitOfWork, prefix: str = DEFAULT_BARCODE_PREFIX) -> str:
    """A valid EAN-13 with ``prefix`` not yet used by the tenant: one above its greatest such code."""
    top = uow.items.max_barcode(prefix)
    serial = 1 if top is None else int(top[len(prefix) : 12]) + 1
    try:
        return ean13(serial, prefix)
    except ValueError:
        raise RuleViolation(f"every barcode with prefix {prefix} is used; give the barcode") from None


@attrs.frozen
class CreateItem:
    """``fields``: the client's item fields (see :data:`nexus_core.domain.items.EDITABLE_FIELDS`;
    ``branch_id`` absent or null: the actor's branch, if any); ``cost`` the initial unit cost; ``initial_stock`` units
    received into the home branch at that cost."""

    actor: Actor
    fields: Mapping[str, Any]
    cost: Any = None
    initial_stock: Any = None


@attrs.frozen
class CreatedItem:
    id: int
    barcode: str


def create_item(cmd: CreateItem, uow: UnitOfWork, deps: Deps) -> CreatedItem:
    employee = authorize(uow, cmd.actor, "inventory.create")
    fields = dict(cmd.fields)
    if fields.get("branch_id") is None and cmd.actor.branch_id is not None:
        fields["branch_id"] = cmd.actor.branch_id
    given = parse_barcode(fields.pop("barcode", None))
    item = Item.create(
        tenant_id=uow.tenant_id,
        fields=fields,
        barcode=given or next_barcode(uow),
        cost=cmd.cost,
        now=deps.clock.now(),
    )
    _check_references(uow, fields)
    _check_unique(uow, item)
    item_id = uow.items.add(item)
    if cmd.initial_stock is not None:
        receive_opening_stock(uow, deps, item, cmd.initial_stock, employee=employee)
    return CreatedItem(item_id, item.barcode)


# Fields of an item that an update refuses, and why: the stock engine keeps them.
NOT_EDITABLE = {
    "cost": "cost is the weighted average of the purchases; record a purchase or an adjustment instead",
    "initial_stock": "initial_stock is only for a new item: record a purchase or an adjustment",
}


@attrs.frozen
class UpdateItem:
    """A partial update: only the fields given change; other keys (not item fields) are ignored.
    ``cost`` and ``initial_stock`` are the stock engine's and are refused (:data:`NOT_EDITABLE`)."""

    actor: Actor
    item_id: int
    fields: Mapping[str, Any]


def update_item(cmd: UpdateItem, uow: UnitOfWork, deps: Deps) -> Item:
    authorize(uow, cmd.actor, "inventory.edit")
    item = require_item(uow, cmd.item_id, field="item_id")
    for name, why in NOT_EDITABLE.items():
        if name in cmd.fields:
            raise RuleViolation(why, field=name)
    fields = {name: value for name, value in cmd.fields.items() if name in EDITABLE_FIELDS}
    if not fields:
        raise InvalidInput("nothing to update: give at least one field")
    item.apply(fields, now=deps.clock.now())
    _check_references(uow, fields)
    _check_unique(uow, item)
    uow.items.update(item)
    return item


@attrs.frozen
class GetItem:
    actor: Actor
    item_id: int
    branch_id: int | None = None
    history: int = 0  # how many of the latest movements to include


@read_only
def get_item(cmd: GetItem, uow: UnitOfWork, deps: Deps) -> ItemView:
    cmd.actor.require("inventory.view")
    item = require_item(uow, cmd.item_id, field="item_id")
    if cmd.branch_id is not None and uow.branches.get(cmd.branch_id) is None:
        raise NotFound(f"branch {cmd.branch_id} not found", field="branch_id")
    movements = uow.movements.for_item(cmd.item_id, limit=cmd.history) if cmd.history > 0 else []
    return ItemView(
        item=item,
        branch_id=item.branch_id if cmd.branch_id is None else cmd.branch_id,
        balances=tuple(uow.stock.for_item(cmd.item_id)),
        movements=tuple(movements),
    )


@attrs.frozen
class GenerateBarcode:
    actor: Actor
    prefix: str = DEFAULT_BARCODE_PREFIX


@read_only
def generate_barcode(cmd: GenerateBarcode, uow: UnitOfWork, deps: Deps) -> str:
    """A fresh EAN-13 not used by the tenant (unique at the time of asking; creating the item
    with it is what claims it, and a concurrent claim of the same code is refused then)."""
    cmd.actor.require("inventory.create")
    if not (cmd.prefix.isascii() and cmd.prefix.isdigit() and 2 <= len(cmd.prefix) <= 9):
        raise InvalidInput("prefix must be 2-9 digits", field="prefix")
    return next_barcode(uow, cmd.prefix)


@attrs.frozen
class CreateCategory:
    actor: Actor
    name: str


def create_category(cmd: CreateCategory, uow: UnitOfWork, deps: Deps) -> int:
    authorize(uow, cmd.actor, "inventory.create")
    category = Category.create(tenant_id=uow.tenant_id, name=cmd.name)
    if uow.categories.get_by_name(category.name) is not None:
        raise RuleViolation(f"a category named {category.name!r} already exists", field="name")
    return uow.categories.add(category)


@attrs.frozen
class ListCategories:
    actor: Actor


@read_only
def list_categories(cmd: ListCategories, uow: UnitOfWork, deps: Deps) -> list[Category]:
    cmd.actor.require("inventory.view")
    return uow.categories.list()


@attrs.frozen
class ListBrands:
    actor: Actor


@read_only
def list_brands(cmd: ListBrands, uow: UnitOfWork, deps: Deps) -> list[str]:
    cmd.actor.require("inventory.view")
    return uow.items.brands()
