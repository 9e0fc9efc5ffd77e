"""The catalog's read side over SQL (docs/catalog.md): every statement reads the current generation,
found once per unit of work, and is answered by an index (the fitments' primary key, the normalized
number's index, the full-text index of names, the interchange groups' index).

The tenant's stock of a page of parts is one statement: the tenant's items with those
``catalog_part_id`` or normalized numbers, outer-joined to their stock balances.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Connection, Integer, Select, String, and_, bindparam, func, or_, select

from nexus_adapters.persistence.catalog_tables import (
    catalog_categories,
    catalog_cross_refs,
    catalog_engines,
    catalog_fitments,
    catalog_generations,
    catalog_groups,
    catalog_interchange,
    catalog_models,
    catalog_parts,
    catalog_vehicle_brands,
    catalog_vehicles,
    catalog_years,
)
from nexus_adapters.persistence.catalog_terms import POSTGRES_WORDS, SQLITE_WORDS, expanded_match
from nexus_adapters.persistence.inventory_search import tsquery
from nexus_adapters.persistence.inventory_tables import items, stock_balances
from nexus_core.domain.catalog import CrossLink, CrossSource, Direction
from nexus_core.ports.catalog import EngineRow, LocalStockRow, Named, Part, Vehicle, YearRow
from nexus_core.ports.inventory_queries import Page, Paged

# Objects of migration 0013 outside the metadata (the FTS5 table and its shadow tables, the GIN index).
CATALOG_SEARCH_OBJECTS = ("catalog_parts_fts", "ix_catalog_parts_name_search")


def _part(r: Any) -> Part:
    return Part(r.id, r.manufacturer, r.part_number, r.number_key, r.name, bool(r.is_oe), r.attributes)


def _named(r: Any) -> Named:
    return Named(r.id, r.name, int(r.count or 0) if "count" in r._fields else 0)


# Every statement is built once (SQLAlchemy's construction costs more than these indexed queries):
# ``g`` is the generation, ``ids`` / ``keys`` expanding lists.
G = bindparam("g", type_=Integer)
ID = bindparam("id", type_=BigInteger)


def _ids(name: str = "ids") -> Any:
    return bindparam(name, expanding=True)


def _by_id(table: Any) -> Select[Any]:
    return select(table).where(table.c.generation == G, table.c.id == ID)


_ONE = {
    t.name: _by_id(t)
    for t in (
        catalog_vehicle_brands,
        catalog_models,
        catalog_years,
        catalog_vehicles,
        catalog_categories,
        catalog_groups,
    )
}
_b, _m, _y, _v, _e = (
    catalog_vehicle_brands.c,
    catalog_models.c,
    catalog_years.c,
    catalog_vehicles.c,
    catalog_engines.c,
)
_f, _p, _i, _x = catalog_fitments.c, catalog_parts.c, catalog_interchange.c, catalog_cross_refs.c
_BRANDS = (
    select(_b.id, _b.name, _b.part_count.label("count"))
    .where(_b.generation == G, _b.part_count > 0)
    .order_by(_b.name, _b.id)
)
_MODELS = select(_m.id, _m.name).where(_m.generation == G, _m.brand_id == ID).order_by(_m.name, _m.id)
_YEARS = (
    select(_y.id, _y.year)
    .where(_y.generation == G, _y.id.in_(select(_v.year_id).where(_v.generation == G, _v.model_id == ID)))
    .order_by(_y.year.desc(), _y.id)
)
_ENGINES = (
    select(_v.id, _e.id.label("engine_id"), _e.code, _e.name)
    .join_from(catalog_vehicles, catalog_engines, and_(_e.generation == _v.generation, _e.id == _v.engine_id))
    .where(_v.generation == G, _v.model_id == ID, _v.year_id == bindparam("year_id", type_=BigInteger))
    .order_by(_e.name, _v.id)
)
_LINKS = (
    select(_f.group_id, func.count().label("links"))
    .where(_f.generation == G, _f.mye_id == ID)
    .group_by(_f.group_id)
    .subquery("links")
)
_g, _c = catalog_groups.c, catalog_categories.c
_CATEGORIES = (
    select(_c.id, _c.name, func.sum(_LINKS.c.links).label("count"))
    .select_from(_LINKS)
    .join(catalog_groups, and_(_g.generation == G, _g.id == _LINKS.c.group_id))
    .join(catalog_categories, and_(_c.generation == G, _c.id == _g.category_id))
    .group_by(_c.id, _c.name)
    .order_by(_c.name, _c.id)
)
_GROUPS = (
    select(_g.id, _g.name, _LINKS.c.links.label("count"))
    .select_from(_LINKS)
    .join(catalog_groups, and_(_g.generation == G, _g.id == _LINKS.c.group_id))
    .where(_g.category_id == bindparam("category_id", type_=BigInteger))
    .order_by(_g.name, _g.id)
)
_FITTING = and_(_f.generation == G, _f.mye_id == ID, _f.group_id == bindparam("group_id", type_=BigInteger))
_PARTS_FOR = (
    select(catalog_parts)
    .join_from(catalog_fitments, catalog_parts, and_(_p.generation == _f.generation, _p.id == _f.part_id))
    .where(_FITTING)
    .order_by(_f.part_id)
    .limit(bindparam("limit", type_=Integer))
    .offset(bindparam("offset", type_=Integer))
)
_PARTS_FOR_COUNT = select(func.count()).select_from(catalog_fitments).where(_FITTING)
_PARTS = select(catalog_parts).where(_p.generation == G, _p.id.in_(_ids())).order_by(_p.id)
_BY_KEY = (
    select(catalog_parts)
    .where(_p.generation == G, _p.number_key == bindparam("key", type_=String))
    .order_by(_p.id)
    .limit(bindparam("limit", type_=Integer))
)
_INTERCHANGE = (
    select(_i.part_id, _i.group_id)
    .where(_i.generation == G, _i.group_id.in_(select(_i.group_id).where(_i.generation == G, _i.part_id.in_(_ids()))))
    .order_by(_i.part_id)
    .limit(bindparam("limit", type_=Integer))
)
_MINE = select(_i.part_id, _i.group_id).where(_i.generation == G, _i.part_id.in_(_ids())).subquery("mine")
_GROUP_SIZES = (
    select(_MINE.c.part_id, func.count().label("size"))
    .select_from(_MINE)
    .join(catalog_interchange, and_(_i.generation == G, _i.group_id == _MINE.c.group_id))
    .group_by(_MINE.c.part_id)
)
_CROSS = (
    select(_x.part_id, _x.other_part_id, _x.source, _x.direction)
    .where(_x.generation == G, or_(_x.part_id.in_(_ids()), _x.other_part_id.in_(_ids("ids2"))))
    .order_by(_x.part_id, _x.other_part_id)
)


def _local_stock(by_branch: bool) -> Select[Any]:
    c, sb = items.c, stock_balances.c
    on = and_(sb.tenant_id == c.tenant_id, sb.item_id == c.id, sb.listed)  # not the reports' zero rows (ADR 34)
    if by_branch:
        on = and_(on, sb.branch_id == bindparam("branch_id", type_=BigInteger))
    linked = or_(c.catalog_part_id.in_(_ids()), and_(c.catalog_part_id.is_(None), c.part_number_key.in_(_ids("keys"))))
    return (
        select(c.id, c.catalog_part_id, c.part_number_key, c.price_1, sb.branch_id, sb.on_hand, sb.reserved)
        .select_from(items.outerjoin(stock_balances, on))
        .where(c.tenant_id == bindparam("tid", type_=BigInteger), c.is_active, linked)
        .order_by(c.id, sb.branch_id)
    )


_CURRENT = select(catalog_generations.c.id).where(catalog_generations.c.status == "current")
_LOCAL_STOCK = {True: _local_stock(True), False: _local_stock(False)}


class SqlCatalogQueries:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id
        self._gen: int | None = None

    @property
    def generation(self) -> int:
        """The published load (0 when none: every read then finds nothing)."""
        if self._gen is None:
            self._gen = self._conn.execute(_CURRENT).scalar() or 0
        return self._gen

    def _run(self, stmt: Any, **params: Any) -> Any:
        return self._conn.execute(stmt, {"g": self.generation, **params})

    def _one(self, table: Any, row_id: int) -> Any:
        return self._run(_ONE[table.name], id=row_id).first()

    def vehicle_brands(self) -> list[Named]:
        return [_named(r) for r in self._run(_BRANDS)]

    def brand(self, brand_id: int) -> Named | None:
        r = self._one(catalog_vehicle_brands, brand_id)
        return None if r is None else Named(r.id, r.name, r.part_count)

    def models(self, brand_id: int) -> list[Named]:
        return [_named(r) for r in self._run(_MODELS, id=brand_id)]

    def model(self, model_id: int) -> Named | None:
        r = self._one(catalog_models, model_id)
        return None if r is None else Named(r.id, r.name)

    def years(self, model_id: int) -> list[YearRow]:
        return [YearRow(r.id, r.year) for r in self._run(_YEARS, id=model_id)]

    def year(self, year_id: int) -> YearRow | None:
        r = self._one(catalog_years, year_id)
        return None if r is None else YearRow(r.id, r.year)

    def engines(self, model_id: int, year_id: int) -> list[EngineRow]:
        rows = self._run(_ENGINES, id=model_id, year_id=year_id)
        return [EngineRow(r.id, r.engine_id, r.code, r.name) for r in rows]

    def vehicle(self, mye_id: int) -> Vehicle | None:
        r = self._one(catalog_vehicles, mye_id)
        return None if r is None else Vehicle(r.id, r.model_id, r.year_id, r.engine_id)

    def category(self, category_id: int) -> Named | None:
        r = self._one(catalog_categories, category_id)
        return None if r is None else Named(r.id, r.name)

    def group(self, group_id: int) -> Named | None:
        r = self._one(catalog_groups, group_id)
        return None if r is None else Named(r.id, r.name)

    def categories(self, mye_id: int) -> list[Named]:
        return [_named(r) for r in self._run(_CATEGORIES, id=mye_id)]

    def groups(self, mye_id: int, category_id: int) -> list[Named]:
        return [_named(r) for r in self._run(_GROUPS, id=mye_id, category_id=category_id)]

    def parts_for(self, mye_id: int, group_id: int, page: Page) -> Paged[Part]:
        where = {"id": mye_id, "group_id": group_id}
        rows = [_part(r) for r in self._run(_PARTS_FOR, **where, limit=page.size, offset=page.offset)]
        if len(rows) < page.size and (rows or page.offset == 0):
            return Paged(rows, page.offset + len(rows))
        return Paged(rows, int(self._run(_PARTS_FOR_COUNT, **where).scalar_one()))

    def parts(self, ids: Collection[int]) -> list[Part]:
        return [_part(r) for r in self._run(_PARTS, ids=sorted(set(ids)))]

    def parts_by_key(self, number_key: str, limit: int) -> list[Part]:
        return [_part(r) for r in self._run(_BY_KEY, key=number_key, limit=limit)]

    def parts_by_words(self, words: Sequence[str], limit: int) -> list[Part]:
        if not words:
            return []
        if self._conn.dialect.name == "sqlite":
            match = expanded_match(self._conn, words)
            if not match:
                return []
            rows = self._run(SQLITE_WORDS, match=match, limit=limit)
        else:
            rows = self._run(POSTGRES_WORDS, tsq=tsquery(words), limit=limit)
        return [_part(r) for r in rows]

    def interchange(self, part_ids: Collection[int], limit: int) -> dict[int, int]:
        rows = self._run(_INTERCHANGE, ids=sorted(set(part_ids)), limit=limit)
        return {r.part_id: r.group_id for r in rows}

    def group_sizes(self, part_ids: Collection[int]) -> dict[int, int]:
        return {r.part_id: int(r.size) for r in self._run(_GROUP_SIZES, ids=sorted(set(part_ids)))}

    def cross_links(self, part_ids: Collection[int]) -> list[CrossLink]:
        ids = sorted(set(part_ids))
        return [
            CrossLink(r.part_id, r.other_part_id, CrossSource(r.source), Direction(r.direction))
            for r in self._run(_CROSS, ids=ids, ids2=ids)
        ]

    def local_stock(
        self, part_ids: Collection[int], number_keys: Collection[str], branch_id: int | None
    ) -> list[LocalStockRow]:
        params: dict[str, Any] = {"tid": self._tid, "ids": sorted(set(part_ids)), "keys": sorted(set(number_keys))}
        if branch_id is not None:
            params["branch_id"] = branch_id
        zero = Decimal("0.000")
        return [
            LocalStockRow(
                r.id,
                r.catalog_part_id,
                r.part_number_key,
                r.price_1,
                r.branch_id,
                (r.on_hand or zero) - (r.reserved or zero),
            )
            for r in self._conn.execute(_LOCAL_STOCK[branch_id is not None], params)
        ]
