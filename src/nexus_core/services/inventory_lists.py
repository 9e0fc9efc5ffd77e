"""The item list with its search, an item's detail and its movement history (docs/inventory.md).

``stock`` on every row is what can be sold: ``on_hand - reserved`` of the branch asked for, else of
the item's home branch. Unknown or foreign branches, categories and items answer 404.
"""

from __future__ import annotations

import attrs

from nexus_core.domain.item_search import parse_search
from nexus_core.domain.stock import Movement
from nexus_core.errors import InvalidInput, NotFound
from nexus_core.ports.inventory_queries import MAX_PER_PAGE, ItemSearch, Page, Paged
from nexus_core.ports.item_lines import ItemLine
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor
from nexus_core.services.items import GetItem, ItemView, get_item, require_item
from nexus_core.services.runner import Deps, read_only

MAX_HISTORY = 500


def page_of(page: int, per_page: int) -> Page:
    """A page as asked; ``per_page`` above the cap is served at the cap (200)."""
    if page < 1:
        raise InvalidInput("page must be at least 1", field="page")
    if per_page < 1:
        raise InvalidInput("per_page must be at least 1", field="per_page")
    if page > 1_000_000:
        raise InvalidInput("page must be at most 1000000", field="page")
    return Page(page, min(per_page, MAX_PER_PAGE))


def check_branch(uow: UnitOfWork, branch_id: int | None, *, field: str = "branch_id") -> None:
    if branch_id is not None and uow.branches.get(branch_id) is None:
        raise NotFound(f"branch {branch_id} not found", field=field)


@attrs.frozen
class ListItems:
    actor: Actor
    q: str | None = None
    branch_id: int | None = None
    category_id: int | None = None
    low_stock: bool = False
    page: int = 1
    per_page: int = 50


@read_only
def list_items(cmd: ListItems, uow: UnitOfWork, deps: Deps) -> tuple[Paged[ItemLine], Page]:
    """The page of the tenant's items matching ``q`` (and the filters), each as the list shows it."""
    cmd.actor.require("inventory.view")
    page = page_of(cmd.page, cmd.per_page)
    terms = parse_search(cmd.q)
    check_branch(uow, cmd.branch_id)
    if cmd.category_id is not None and uow.categories.get(cmd.category_id) is None:
        raise NotFound(f"category {cmd.category_id} not found", field="category_id")
    search = ItemSearch(
        words=terms.words,
        part_key=terms.part_key,
        barcode=terms.barcode,
        branch_id=cmd.branch_id,
        category_id=cmd.category_id,
        low_stock=cmd.low_stock,
        page=page,
    )
    return uow.inventory_queries.item_lines(search), page


@attrs.frozen
class ItemDetail:
    view: ItemView
    branch_names: dict[int, str]


@read_only
def item_detail(cmd: GetItem, uow: UnitOfWork, deps: Deps) -> ItemDetail:
    """The item, its stock in the branch asked (else home), every branch's row and recent movements."""
    view = get_item(cmd, uow, deps)
    names = {b.id: b.name for b in uow.branches.list() if b.id is not None}
    return ItemDetail(view, names)


@attrs.frozen
class ItemHistory:
    actor: Actor
    item_id: int
    limit: int = 50
    branch_id: int | None = None


@read_only
def item_history(cmd: ItemHistory, uow: UnitOfWork, deps: Deps) -> list[Movement]:
    """The item's latest movements, newest first (``limit`` 1-500)."""
    cmd.actor.require("inventory.view")
    if not 1 <= cmd.limit <= MAX_HISTORY:
        raise InvalidInput(f"limit must be between 1 and {MAX_HISTORY}", field="limit")
    require_item(uow, cmd.item_id, field="item_id")
    check_branch(uow, cmd.branch_id)
    return uow.movements.for_item(cmd.item_id, limit=cmd.limit, branch_id=cmd.branch_id)
