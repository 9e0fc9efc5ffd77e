"""The page and the capped count of an item search (docs/inventory.md#search, ADR 37).

Two forms, one answer (same rows, same order, same totals; ``tests/contract/test_item_lines_contract.py``):

* **words on SQLite: driven by the FTS order.** Each way of matching (the name's words in ``items_fts``,
  the part number's key, the barcode) is one arm selecting the ids of the tenant's matching items (with
  the category / low-stock filters), the arms a ``UNION`` ordered by id with the page's ``LIMIT`` /
  ``OFFSET``. The FTS5 table returns its rowids (= item ids) in order and SQLite merges the ordered arms
  as co-routines, so the page stops after ``offset + limit`` hits instead of collecting every hit and
  sorting them; the page's columns are then read for those ids only;
* **otherwise** the list's own statement (``items`` joined to its stock row and home branch, the hits as
  ``id IN (...)``), ordered by id.

The count of a search stops at ``total_cap + 1`` (``count_limit``) on both databases:
``SELECT count(*) FROM (... LIMIT :count_limit)``. A list without a search counts exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    column,
    func,
    literal_column,
    select,
    table,
    text,
    union,
)

from nexus_adapters.persistence.inventory_tables import items, stock_balances
from nexus_adapters.persistence.tables import branches
from nexus_core.ports.inventory_queries import ItemSearch

_fts = table("items_fts", column("rowid", Integer))
_c = items.c


def _tid() -> Any:
    return bindparam("tid", type_=Integer)


def _count_limit() -> Any:
    return bindparam("count_limit", type_=Integer)


def _page_bounds(stmt: Any) -> Any:
    return stmt.limit(bindparam("page_limit", type_=Integer)).offset(bindparam("page_offset", type_=Integer))


def _with_branch(source: Any) -> Any:
    return source.outerjoin(branches, and_(branches.c.tenant_id == _c.tenant_id, branches.c.id == _c.branch_id))


def page_and_count(
    dialect: str,
    search: ItemSearch,
    columns: Sequence[Any],
    stock_join: Callable[[bool], ColumnElement[bool]],
    filters: Sequence[ColumnElement[bool]],
    hits: Callable[[ItemSearch], Any],
) -> tuple[Select[Any], Select[Any]]:
    """The page selecting ``columns`` and the count of ``search`` (``filters``: its category / low-stock
    conditions; ``hits``: the builder of the ids matching its words, part key or barcode)."""
    by_branch = search.branch_id is not None
    if dialect == "sqlite" and search.words:
        return _fts_driven(search, columns, stock_join(by_branch), filters)
    conditions: list[ColumnElement[bool]] = [_c.tenant_id == _tid()]
    if search.searching:
        conditions.append(_c.id.in_(hits(search)))
    conditions.extend(filters)
    joined = items.outerjoin(stock_balances, stock_join(by_branch))
    where = and_(*conditions)
    page = _page_bounds(select(*columns).select_from(_with_branch(joined)).where(where).order_by(_c.id))
    counted = joined if search.low_stock else items
    if not search.searching:
        return page, select(func.count()).select_from(counted).where(where)
    capped = select(_c.id).select_from(counted).where(where).limit(_count_limit()).subquery("capped")
    return page, select(func.count()).select_from(capped)


def _fts_driven(
    search: ItemSearch, columns: Sequence[Any], on_stock: ColumnElement[bool], filters: Sequence[ColumnElement[bool]]
) -> tuple[Select[Any], Select[Any]]:
    def source(start: Any) -> Any:
        return start.outerjoin(stock_balances, on_stock) if search.low_stock else start

    match = text("items_fts MATCH :fts_match").bindparams(bindparam("fts_match", type_=String))
    # items.rowid is the item's id (tables.id_column): one seek per FTS hit, in the FTS order.
    on_fts = source(_fts.join(items, literal_column("items.rowid") == _fts.c.rowid))
    arms: list[Select[Any]] = [
        select(_fts.c.rowid.label("id")).select_from(on_fts).where(match, _c.tenant_id == _tid(), *filters)
    ]
    for name, col in (("part_key", _c.part_number_key), ("barcode", _c.barcode)):
        if getattr(search, name):
            arms.append(
                select(_c.id).select_from(source(items)).where(_c.tenant_id == _tid(), col == bindparam(name), *filters)
            )
    ordered: Any = union(*arms).order_by(literal_column("id")) if len(arms) > 1 else arms[0].order_by(_fts.c.rowid)
    hit = _page_bounds(ordered).subquery("hits")
    page_source = hit.join(items, and_(literal_column("items.rowid") == hit.c.id, _c.tenant_id == _tid()))
    page_source = _with_branch(page_source.outerjoin(stock_balances, on_stock))
    page = select(*columns).select_from(page_source).order_by(hit.c.id)
    count = select(func.count()).select_from(ordered.limit(_count_limit()).subquery("capped"))
    return page, count
