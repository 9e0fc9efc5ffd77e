"""The item list and its search (docs/inventory.md#search), on the indexes of migration 0007.

* name words: SQLite's FTS5 table ``items_fts`` (external content on ``items``, kept in sync by
  triggers; ``unicode61`` with diacritics removed, so ``dano`` finds ``daño``), PostgreSQL's GIN
  index on ``to_tsvector('simple', name)`` with accents folded; every word is a prefix (``fren`` finds ``frenos``);
* part numbers: the unique ``(tenant_id, part_number_key)`` index, the key ignoring case, spaces,
  dashes and dots;
* barcodes: the unique ``(tenant_id, barcode)`` index.

Never ``LIKE '%...%'``: a search costs what its hits cost, not what the catalog holds.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Dialect,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    column,
    func,
    select,
    text,
    union,
)

from nexus_adapters.persistence.inventory_tables import items, stock_balances
from nexus_adapters.persistence.item_lines import COLUMNS as LINE_COLUMNS
from nexus_adapters.persistence.item_lines import DriverStatement, capped_page, read_lines
from nexus_adapters.persistence.item_repositories import _to_item
from nexus_adapters.persistence.item_search_pages import page_and_count
from nexus_adapters.persistence.tables import branches
from nexus_core.ports.inventory_queries import ItemRow, ItemSearch, Paged
from nexus_core.ports.item_lines import ItemLine

QTY_ZERO = Decimal("0.000")

# The objects migration 0007 adds outside the metadata (a virtual table and its shadow tables, an
# expression index, the movements' (tenant, item, day) index): the schema comparison leaves them out.
SEARCH_OBJECTS_PREFIXES = ("items_fts", "ix_items_name_search", "ix_stock_movements_item_day")


# PostgreSQL folds accents with translate() in the index expression (migration 0007) and here.
ACCENTED = "ÁÀÂÄÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÑÇáàâäãéèêëíìîïóòôöõúùûüñç"
PLAIN = "AAAAAEEEEIIIIOOOOOUUUUNCaaaaaeeeeiiiiooooouuuunc"


def fold_accents(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


def fts5_query(words: Collection[str]) -> str:
    """``"fren"* AND "delan"*``: every word a quoted prefix (quotes keep FTS5 syntax out)."""
    return " AND ".join('"' + w.replace('"', "") + '"*' for w in words)


def tsquery(words: Collection[str]) -> str:
    """``'fren':* & 'delan':*`` for ``to_tsquery('simple', ...)``; words are ``\\w+`` only."""
    return " & ".join("'" + fold_accents(w).replace("'", "").replace("\\", "") + "':*" for w in words)


def _hit_ids(dialect: str) -> Callable[[ItemSearch], Any]:
    """A builder of the subquery of the ids of the tenant's items matching any of the three searches
    (parameters ``tid``, ``fts_match`` / ``tsq``, ``part_key``, ``barcode``)."""

    def build(search: ItemSearch) -> Any:
        parts: list[Select[Any]] = []
        c = items.c
        tid = bindparam("tid", type_=Integer)
        if search.words:
            if dialect == "sqlite":
                fts = (
                    text("SELECT rowid AS id FROM items_fts WHERE items_fts MATCH :fts_match")
                    .columns(column("id"))
                    .subquery("fts")
                )
                parts.append(select(fts.c.id))
            else:
                folded = func.translate(c.name, text(f"'{ACCENTED}'"), text(f"'{PLAIN}'"))
                vector = func.to_tsvector(text("'simple'::regconfig"), folded)
                query = func.to_tsquery(text("'simple'::regconfig"), bindparam("tsq", type_=String))
                parts.append(select(c.id).where(c.tenant_id == tid, vector.op("@@")(query)))
        if search.part_key:
            parts.append(select(c.id).where(c.tenant_id == tid, c.part_number_key == bindparam("part_key")))
        if search.barcode:
            parts.append(select(c.id).where(c.tenant_id == tid, c.barcode == bindparam("barcode")))
        return parts[0] if len(parts) == 1 else union(*parts)

    return build


def _stock_join(by_branch: bool) -> ColumnElement[bool]:
    sb = stock_balances.c
    return and_(
        sb.tenant_id == items.c.tenant_id,
        sb.item_id == items.c.id,
        sb.branch_id == (bindparam("branch_id", type_=Integer) if by_branch else items.c.branch_id),
    )


def low_stock_condition() -> ColumnElement[bool]:
    """Available below the minimum (a minimum of zero never alerts)."""
    sb = stock_balances.c
    available = func.coalesce(sb.on_hand, 0) - func.coalesce(sb.reserved, 0)
    return and_(items.c.min_stock > 0, available < items.c.min_stock)


# The page and count statements of each shape of search, built once (SQLAlchemy's construction and
# cache-key generation cost more than the query itself): (dialect, words?, part?, barcode?, branch?,
# category?, low stock?) -> (page, count).
_SHAPES: dict[tuple[object, ...], tuple[Select[Any], Select[Any]]] = {}


def _shape(dialect: str, search: ItemSearch) -> tuple[object, ...]:
    return (
        dialect,
        bool(search.words),
        bool(search.part_key),
        bool(search.barcode),
        search.branch_id is not None,
        search.category_id is not None,
        search.low_stock,
    )


def _statements(dialect: str, search: ItemSearch) -> tuple[Select[Any], Select[Any]]:
    shape = _shape(dialect, search)
    built = _SHAPES.get(shape)
    if built is None:
        built = _SHAPES[shape] = _build(dialect, search)
    return built


def _filters(search: ItemSearch) -> list[ColumnElement[bool]]:
    """The conditions of a search besides its tenant and its hits."""
    conditions: list[ColumnElement[bool]] = []
    if search.category_id is not None:
        conditions.append(items.c.category_id == bindparam("category_id", type_=Integer))
    if search.low_stock:
        conditions.append(low_stock_condition())
    return conditions


def search_statements(dialect: str, search: ItemSearch, columns: Sequence[Any]) -> tuple[Select[Any], Select[Any]]:
    """The page of ``columns`` and the (capped) count of ``search`` (:mod:`.item_search_pages`)."""
    return page_and_count(dialect, search, columns, _stock_join, _filters(search), _hit_ids(dialect))


_LINES: dict[tuple[object, ...], tuple[DriverStatement, DriverStatement]] = {}


def _line_statements(dialect: Dialect, search: ItemSearch) -> tuple[DriverStatement, DriverStatement]:
    """The page of :data:`~.item_lines.COLUMNS` and the count, as the driver takes them, per shape."""
    shape = _shape(dialect.name, search)
    built = _LINES.get(shape)
    if built is None:
        page, count = search_statements(dialect.name, search, LINE_COLUMNS)
        built = _LINES[shape] = (DriverStatement.compile(page, dialect), DriverStatement.compile(count, dialect))
    return built


def _build(dialect: str, search: ItemSearch) -> tuple[Select[Any], Select[Any]]:
    columns = (
        items,
        branches.c.name.label("branch_name"),
        stock_balances.c.on_hand.label("sb_on_hand"),
        stock_balances.c.reserved.label("sb_reserved"),
    )
    return search_statements(dialect, search, columns)


def search_params(dialect: str, tenant_id: int, search: ItemSearch) -> dict[str, Any]:
    """The values of a search's bind parameters (the page's limit and offset aside)."""
    params: dict[str, Any] = {"tid": tenant_id}
    if search.words:
        params["fts_match" if dialect == "sqlite" else "tsq"] = (
            fts5_query(search.words) if dialect == "sqlite" else tsquery(search.words)
        )
    if search.part_key:
        params["part_key"] = search.part_key
    if search.barcode:
        params["barcode"] = search.barcode
    if search.branch_id is not None:
        params["branch_id"] = search.branch_id
    if search.category_id is not None:
        params["category_id"] = search.category_id
    if search.searching:
        params["count_limit"] = search.total_cap + 1
    return params


class SqlItemSearch:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def search_items(self, search: ItemSearch) -> Paged[ItemRow]:
        dialect = self._conn.dialect.name
        page_stmt, count_stmt = _statements(dialect, search)
        params = search_params(dialect, self._tid, search)
        page = search.page
        found = self._conn.execute(page_stmt, {**params, "page_limit": page.size, "page_offset": page.offset})
        rows = [
            ItemRow(
                item=_to_item(r),
                branch_name=r["branch_name"],
                on_hand=r["sb_on_hand"] if r["sb_on_hand"] is not None else QTY_ZERO,
                reserved=r["sb_reserved"] if r["sb_reserved"] is not None else QTY_ZERO,
            )
            for r in found.mappings()
        ]
        # A short page tells the total without counting (a search's usual case: one page of hits).
        if len(rows) < page.size and (rows or page.offset == 0):
            return capped_page(rows, page.offset + len(rows), search)
        return capped_page(rows, int(self._conn.execute(count_stmt, params).scalar_one()), search)

    def item_lines(self, search: ItemSearch) -> Paged[ItemLine]:
        """The same search on the driver's cursor, rows as the list shows them (:mod:`.item_lines`)."""
        dialect = self._conn.dialect
        page_stmt, count_stmt = _line_statements(dialect, search)
        params = search_params(dialect.name, self._tid, search)
        return read_lines(self._conn, page_stmt, count_stmt, params, search)

    def taken_codes(self, barcodes: Collection[str], part_keys: Collection[str]) -> tuple[set[str], set[str]]:
        c = items.c
        codes: set[str] = set()
        keys: set[str] = set()
        if barcodes:
            stmt = select(c.barcode).where(c.tenant_id == self._tid, c.barcode.in_(sorted(set(barcodes))))
            codes = set(self._conn.execute(stmt).scalars())
        if part_keys:
            stmt = select(c.part_number_key).where(
                c.tenant_id == self._tid, c.part_number_key.in_(sorted(set(part_keys)))
            )
            keys = {k for k in self._conn.execute(stmt).scalars() if k is not None}
        return codes, keys
