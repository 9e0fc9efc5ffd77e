"""The item list's page on the driver itself (docs/inventory.md#search, ADR 37).

The statements are the search's own (:mod:`.inventory_search`: the same FTS5 / ``tsvector``,
part-number and barcode indexes, the same tenant filter) selecting :data:`COLUMNS`, compiled once
per shape of search and dialect to the driver's SQL text and parameter order
(:class:`DriverStatement`). A page then costs one ``cursor.execute`` on the unit of work's
connection, inside its transaction, and one tuple per row turned into an
:class:`~nexus_core.ports.item_lines.ItemLine`: no SQLAlchemy execution context, no result
processors, no ``Item`` with timestamps the page does not show.

Storage units are read here as the column types define them (cents, ten-thousandths, thousandths:
``places`` of each :class:`~.types.ScaledDecimal`), so a change of a column's type changes this too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

import attrs
from sqlalchemy import Connection, Dialect

from nexus_adapters.persistence.inventory_tables import items, stock_balances
from nexus_adapters.persistence.tables import branches
from nexus_adapters.persistence.types import ScaledDecimal
from nexus_core.ports.inventory_queries import ItemSearch, Paged
from nexus_core.ports.item_lines import ItemLine

T = TypeVar("T")
_i, _sb = items.c, stock_balances.c
# In ItemLine's order.
COLUMNS = (
    _i.id,
    _i.part_number,
    _i.barcode,
    _i.name,
    _i.description,
    _i.branch_id,
    branches.c.name,
    _i.category_id,
    _i.brand,
    _i.unit,
    _i.cost,
    _i.price_1,
    _i.price_2,
    _i.price_3,
    _i.tax_rate,
    _i.min_stock,
    _i.max_stock,
    _i.location,
    _i.image_url,
    _i.catalog_part_id,
    _i.is_active,
    _sb.on_hand,
    _sb.reserved,
)
assert (*(c.name for c in COLUMNS[:6]), "branch_name", *(c.name for c in COLUMNS[7:])) == ItemLine._fields


def _places(column: Any) -> int:
    kind = column.type
    assert isinstance(kind, ScaledDecimal), column
    return -kind.places


class _Scaled(dict[int, Decimal]):
    """Stored integers as Decimals of one scale, each made once: prices, rates and stock levels repeat
    across a catalog (the same price points, the same units on hand), and a Decimal is immutable.
    Bounded: past :data:`MAX_CACHED` values it converts without keeping."""

    def __init__(self, exponent: int) -> None:
        super().__init__()
        self.exponent = exponent

    def __missing__(self, stored: int) -> Decimal:
        value = Decimal(stored).scaleb(self.exponent)
        if len(self) < MAX_CACHED:
            self[stored] = value
        return value


MAX_CACHED = 50_000
_MONEY = _Scaled(_places(_i.cost))
_RATE = _Scaled(_places(_i.tax_rate))
_QTY = _Scaled(_places(_i.min_stock))
assert _places(_i.price_1) == _MONEY.exponent and _places(_sb.on_hand) == _QTY.exponent


def _line(r: tuple[Any, ...]) -> ItemLine:
    money, qty = _MONEY, _QTY
    return ItemLine(
        r[0],
        r[1],
        r[2],
        r[3],
        r[4],
        r[5],
        r[6],
        r[7],
        r[8],
        r[9],
        money[r[10]],
        money[r[11]],
        money[r[12]],
        money[r[13]],
        _RATE[r[14]],
        qty[r[15]],
        None if r[16] is None else qty[r[16]],
        r[17],
        r[18],
        r[19],
        bool(r[20]),
        qty[r[21] or 0],  # no stock row yet: nothing on hand, nothing reserved
        qty[r[22] or 0],
    )


@attrs.frozen
class DriverStatement:
    """A statement as the driver takes it: its SQL text and how to order a mapping of parameters."""

    sql: str
    arguments: Callable[[Mapping[str, Any]], Any]

    @classmethod
    def compile(cls, stmt: Any, dialect: Dialect) -> DriverStatement:
        """``stmt`` for ``dialect``; the values it holds itself (a ``min_stock > 0``) are bound once
        here, through their column types, and the caller's named values are passed as they are."""
        compiled = stmt.compile(dialect=dialect)
        fixed: dict[str, Any] = {}
        for name, bind in compiled.binds.items():
            if bind.value is not None:
                process = bind.type._cached_bind_processor(dialect)
                fixed[name] = bind.value if process is None else process(bind.value)
        if compiled.positional:
            order = tuple(compiled.positiontup)
            return cls(compiled.string, lambda params: tuple([params[n] if n in params else fixed[n] for n in order]))
        return cls(compiled.string, lambda params: {**fixed, **params})


def capped_page(rows: list[T], total: int, search: ItemSearch) -> Paged[T]:
    """``rows`` and ``total``, a search's total stopping at its cap (``capped``: there are more hits)."""
    if search.searching and total > search.total_cap:
        return Paged(rows, search.total_cap, capped=True)
    return Paged(rows, total)


def read_lines(
    conn: Connection,
    page_stmt: DriverStatement,
    count_stmt: DriverStatement,
    params: dict[str, Any],
    search: ItemSearch,
) -> Paged[ItemLine]:
    """One page of :data:`COLUMNS` rows in the connection's current transaction, read with the driver's
    cursor, and the total (counted only when the page is full or past the end; capped for a search)."""
    page = search.page
    params["page_limit"], params["page_offset"] = page.size, page.offset
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(page_stmt.sql, page_stmt.arguments(params))
        rows = [_line(r) for r in cursor.fetchall()]
        # A short page tells the total without counting (a search's usual case: one page of hits).
        if len(rows) < page.size and (rows or page.offset == 0):
            return capped_page(rows, page.offset + len(rows), search)
        cursor.execute(count_stmt.sql, count_stmt.arguments(params))
        return capped_page(rows, int(cursor.fetchone()[0]), search)
    finally:
        cursor.close()
