"""Reading the parts catalog (docs/catalog.md): installation-wide reference data, read through the
tenant's unit of work so that one query can enrich a page of parts with the tenant's own stock.

Every method reads the catalog's *current* load (a new load is written beside it and published at once,
so readers never see half a load). Nothing here writes: the catalog is loaded by ``nexus catalog import``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Protocol

import attrs

from nexus_core.domain.catalog import CrossLink
from nexus_core.ports.inventory_queries import Page, Paged


@attrs.frozen
class Named:
    """A brand, model, category or group: an id and a name (``count``: parts under it, when told)."""

    id: int
    name: str
    count: int = 0


@attrs.frozen
class YearRow:
    id: int
    year: int


@attrs.frozen
class EngineRow:
    """An engine of a model in a year, with the ``mye_id`` (model-year-engine) that names the vehicle."""

    mye_id: int
    engine_id: int
    code: str | None
    name: str


@attrs.frozen
class Vehicle:
    """A model-year-engine (``mye``)."""

    id: int
    model_id: int
    year_id: int
    engine_id: int


@attrs.frozen
class Part:
    id: int
    manufacturer: str
    part_number: str
    number_key: str
    name: str
    is_oe: bool
    attributes: str | None = None


@attrs.frozen
class LocalStockRow:
    """One of the tenant's items that carries a catalog part (by ``catalog_part_id`` or by its
    normalized number), with its available stock (``on_hand - reserved``) in one branch; ``branch_id``
    is ``None`` when the item has no stock row in the branches asked."""

    item_id: int
    catalog_part_id: int | None
    part_number_key: str | None
    price: Decimal
    branch_id: int | None
    available: Decimal


class CatalogQueries(Protocol):
    def vehicle_brands(self) -> list[Named]:
        """Brands with at least one part, ``count`` = parts that fit one of their vehicles."""
        ...

    def brand(self, brand_id: int) -> Named | None: ...
    def models(self, brand_id: int) -> list[Named]: ...
    def model(self, model_id: int) -> Named | None: ...
    def years(self, model_id: int) -> list[YearRow]: ...
    def year(self, year_id: int) -> YearRow | None: ...
    def engines(self, model_id: int, year_id: int) -> list[EngineRow]: ...
    def vehicle(self, mye_id: int) -> Vehicle | None: ...
    def category(self, category_id: int) -> Named | None: ...
    def group(self, group_id: int) -> Named | None: ...

    def categories(self, mye_id: int) -> list[Named]:
        """Categories with parts for the vehicle, ``count`` = its part links."""
        ...

    def groups(self, mye_id: int, category_id: int) -> list[Named]: ...

    def parts_for(self, mye_id: int, group_id: int, page: Page) -> Paged[Part]:
        """The parts of one group that fit one vehicle, by part id."""
        ...

    def parts(self, ids: Collection[int]) -> list[Part]: ...

    def parts_by_key(self, number_key: str, limit: int) -> list[Part]:
        """Parts whose normalized number is exactly ``number_key`` (an index seek)."""
        ...

    def parts_by_words(self, words: Sequence[str], limit: int) -> list[Part]:
        """Parts whose name has every word as the start of one of its words (the full-text index)."""
        ...

    def interchange(self, part_ids: Collection[int], limit: int) -> dict[int, int]:
        """part id -> group id of every part in the interchange groups of ``part_ids`` (at most
        ``limit``); parts with no cross-reference are in no group."""
        ...

    def group_sizes(self, part_ids: Collection[int]) -> dict[int, int]:
        """part id -> number of parts in its interchange group (missing: alone)."""
        ...

    def cross_links(self, part_ids: Collection[int]) -> list[CrossLink]:
        """Every cross-reference with one end among ``part_ids``."""
        ...

    def local_stock(
        self, part_ids: Collection[int], number_keys: Collection[str], branch_id: int | None
    ) -> list[LocalStockRow]:
        """The tenant's active items carrying these parts (by ``catalog_part_id`` or by normalized
        number), each with its available stock in ``branch_id`` (every branch when ``None``): one query."""
        ...
