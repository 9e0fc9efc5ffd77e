"""Read side of inventory: the item list with its search, alerts and the five reports
(docs/inventory.md). Every figure is computed by the database (aggregates over indexed columns),
never by looping over the catalog in Python; the in-memory fake does the same arithmetic.

Which branch a row's stock is read in: the ``branch_id`` asked for, else the item's home branch
(``stock`` = ``on_hand - reserved`` there). Reports without a branch (valuation, no-movement,
branch comparison) add every branch up.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

import attrs

from nexus_core.domain.items import Item

if TYPE_CHECKING:
    from nexus_core.ports.item_lines import ItemLine

T = TypeVar("T")

MAX_PER_PAGE = 200


# The most hits a search counts for its ``total`` (docs/inventory.md#search): a common word's count
# would otherwise cost what all its hits cost.
SEARCH_TOTAL_CAP = 250


@attrs.frozen
class Page:
    """``number`` from 1; ``size`` rows per page (at most :data:`MAX_PER_PAGE`)."""

    number: int = 1
    size: int = 50

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


@attrs.frozen
class Paged(Generic[T]):
    """A page of ``rows`` and the ``total`` of rows; ``capped``: the total stopped at a search's
    ``total_cap`` (there are more hits than ``total``)."""

    rows: list[T]
    total: int
    capped: bool = False


@attrs.frozen
class ItemSearch:
    """What ``GET /items`` asks: ``words`` of the name (prefixes, all must match), or a part number
    by its key (:func:`~nexus_core.domain.items.part_number_key`), or an exact barcode; a row
    matching any of the three is a hit. No ``words``, key nor barcode: every item.

    A search's ``total`` is counted up to ``total_cap`` hits (:data:`SEARCH_TOTAL_CAP`): past it the
    total is the cap and the page says ``capped``; pages past the cap are still served."""

    words: tuple[str, ...] = ()
    part_key: str | None = None
    barcode: str | None = None
    branch_id: int | None = None
    category_id: int | None = None
    low_stock: bool = False
    page: Page = Page()
    total_cap: int = SEARCH_TOTAL_CAP

    @property
    def searching(self) -> bool:
        return bool(self.words or self.part_key or self.barcode)


@attrs.frozen
class ItemRow:
    """An item and what one branch holds of it (``branch_name`` is the home branch's)."""

    item: Item
    branch_name: str | None
    on_hand: Decimal
    reserved: Decimal

    @property
    def stock(self) -> Decimal:
        return self.on_hand - self.reserved


@attrs.frozen
class StockRow:
    """An item's stock in one branch (or all branches added up when ``branch_id`` is ``None``)."""

    item_id: int
    part_number: str | None
    name: str
    branch_id: int | None
    on_hand: Decimal
    reserved: Decimal
    min_stock: Decimal
    max_stock: Decimal | None
    cost: Decimal
    last_movement: date | None = None

    @property
    def stock(self) -> Decimal:
        return self.on_hand - self.reserved


@attrs.frozen
class Alerts:
    """Per branch asked (else home branch): nothing available, below ``min_stock``, above ``max_stock``;
    each list holds at most ``limit`` rows, ``*_count`` says how many there are."""

    zero_stock: list[StockRow]
    low_stock: list[StockRow]
    over_stock: list[StockRow]
    zero_count: int
    low_count: int
    over_count: int


@attrs.frozen
class ValuationRow:
    item_id: int
    part_number: str | None
    name: str
    on_hand: Decimal
    cost: Decimal
    cost_value: Decimal
    price_1: Decimal
    sale_value: Decimal


@attrs.frozen
class Valuation:
    total_cost_value: Decimal
    total_sale_value: Decimal
    item_count: int
    rows: list[ValuationRow]


@attrs.frozen
class AbcRow:
    item_id: int
    part_number: str | None
    name: str
    quantity: Decimal  # units sold in the period
    value: Decimal  # their cost
    preceding: Decimal  # value of the items ranked above it
    klass: str  # "A", "B" or "C"


def percent_of(part: Decimal, whole: Decimal) -> Decimal:
    """``part`` as a percentage of ``whole`` to the hundredth (0 of nothing)."""
    return Decimal(0) if whole == 0 else (part * 100 / whole).quantize(Decimal("0.01"))


@attrs.frozen
class AbcClass:
    klass: str
    items: int
    value: Decimal


@attrs.frozen
class AbcReport:
    total_value: Decimal
    classes: list[AbcClass]
    rows: list[AbcRow]
    total: int

    def share(self, row: AbcRow) -> Decimal:
        """The row's percentage of the period's cost of sales."""
        return percent_of(row.value, self.total_value)

    def cumulative_share(self, row: AbcRow) -> Decimal:
        """The percentage of the row and every row ranked above it."""
        return percent_of(row.preceding + row.value, self.total_value)


@attrs.frozen
class BranchRow:
    branch_id: int
    branch_name: str
    items_in_stock: int
    on_hand: Decimal
    reserved: Decimal
    cost_value: Decimal
    sale_value: Decimal

    @property
    def available(self) -> Decimal:
        return self.on_hand - self.reserved


class InventoryQueries(Protocol):
    """Reads of one tenant's inventory (bound to its unit of work)."""

    def search_items(self, search: ItemSearch) -> Paged[ItemRow]: ...

    def item_lines(self, search: ItemSearch) -> Paged[ItemLine]:
        """The same search as :meth:`search_items`, each row only as the list page shows it."""
        ...

    def alerts(self, branch_id: int | None, *, limit: int) -> Alerts: ...

    def valuation(self, branch_id: int | None, page: Page) -> Valuation:
        """Items with units on hand, by cost value (largest first)."""
        ...

    def abc(self, branch_id: int | None, since: date, until: date, page: Page) -> AbcReport:
        """Items by the cost of what was sold (sales and consumed reservations) from ``since`` to
        ``until`` (local days, both included; ``until`` is a closed day, so the answer never changes:
        the SQL adapter keeps it), ranked: A up to 80% of the value, B up to 95%, C the rest."""
        ...

    def no_movement(self, branch_id: int | None, since: date, page: Page) -> Paged[StockRow]:
        """Items with units on hand and no movement on or after ``since``, oldest movement first."""
        ...

    def low_stock(self, branch_id: int | None, page: Page) -> Paged[StockRow]:
        """Items whose available stock is below their ``min_stock`` (largest shortfall first)."""
        ...

    def branch_comparison(self, item_id: int | None) -> list[BranchRow]:
        """Per branch of the tenant: items in stock, units and value (of one item when given)."""
        ...

    def taken_codes(self, barcodes: Collection[str], part_keys: Collection[str]) -> tuple[set[str], set[str]]:
        """Which of these barcodes and part-number keys the tenant's items already use."""
        ...
