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

from sqlalchemy import Connection, and_, func, or_, select, text

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
from nexus_adapters.persistence.inventory_search import fts5_query, tsquery
from nexus_adapters.persistence.inventory_tables import items, stock_balances
from nexus_core.domain.catalog import CrossLink, CrossSource, Direction
from nexus_core.ports.catalog import EngineRow, LocalStockRow, Named, Part, Vehicle, YearRow
from nexus_core.ports.inventory_queries import Page, Paged

ACCENTED = "ÁÀÂÄÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÑÇáàâäãéèêëíìîïóòôöõúùûüñç"
PLAIN = "AAAAAEEEEIIIIOOOOOUUUUNCaaaaaeeeeiiiiooooouuuunc"
# Objects of migration 0013 outside the metadata (the FTS5 table and its shadow tables, the GIN index).
CATALOG_SEARCH_OBJECTS = ("catalog_parts_fts", "ix_catalog_parts_name_search")

# The newest hits first: on SQLite the full-text index walks rowids backwards and stops at the limit,
# and a new load's rows have the highest rowids.
_SQLITE_WORDS = text(
    "SELECT p.generation, p.id, p.manufacturer, p.part_number, p.number_key, p.name, p.is_oe, p.attributes "
    "FROM catalog_parts_fts f JOIN catalog_parts p ON p.rowid = f.rowid "
    "WHERE catalog_parts_fts MATCH :match AND p.generation = :g ORDER BY f.rowid DESC LIMIT :limit"
)
_POSTGRES_WORDS = text(
    "SELECT generation, id, manufacturer, part_number, number_key, name, is_oe, attributes FROM catalog_parts "
    f"WHERE to_tsvector('simple'::regconfig, translate(name, '{ACCENTED}', '{PLAIN}')) "
    "@@ to_tsquery('simple'::regconfig, :tsq) AND generation = :g ORDER BY id LIMIT :limit"
)


def _part(r: Any) -> Part:
    return Part(r.id, r.manufacturer, r.part_number, r.number_key, r.name, bool(r.is_oe), r.attributes)


def _named(r: Any) -> Named:
    return Named(r.id, r.name, int(r.count or 0) if "count" in r._fields else 0)


class SqlCatalogQueries:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id
        self._gen: int | None = None

    @property
    def generation(self) -> int:
        """The published load (0 when none: every read then finds nothing)."""
        if self._gen is None:
            stmt = select(catalog_generations.c.id).where(catalog_generations.c.status == "current")
            self._gen = self._conn.execute(stmt).scalar() or 0
        return self._gen

    def _one(self, table: Any, row_id: int) -> Any:
        stmt = select(table).where(table.c.generation == self.generation, table.c.id == row_id)
        return self._conn.execute(stmt).first()

    def vehicle_brands(self) -> list[Named]:
        b = catalog_vehicle_brands.c
        stmt = (
            select(b.id, b.name, b.part_count.label("count"))
            .where(b.generation == self.generation, b.part_count > 0)
            .order_by(b.name, b.id)
        )
        return [_named(r) for r in self._conn.execute(stmt)]

    def brand(self, brand_id: int) -> Named | None:
        r = self._one(catalog_vehicle_brands, brand_id)
        return None if r is None else Named(r.id, r.name, r.part_count)

    def models(self, brand_id: int) -> list[Named]:
        m = catalog_models.c
        where = and_(m.generation == self.generation, m.brand_id == brand_id)
        stmt = select(m.id, m.name).where(where).order_by(m.name, m.id)
        return [_named(r) for r in self._conn.execute(stmt)]

    def model(self, model_id: int) -> Named | None:
        r = self._one(catalog_models, model_id)
        return None if r is None else Named(r.id, r.name)

    def years(self, model_id: int) -> list[YearRow]:
        v, y = catalog_vehicles.c, catalog_years.c
        stmt = (
            select(y.id, y.year)
            .where(
                y.generation == self.generation,
                y.id.in_(select(v.year_id).where(v.generation == self.generation, v.model_id == model_id)),
            )
            .order_by(y.year.desc(), y.id)
        )
        return [YearRow(r.id, r.year) for r in self._conn.execute(stmt)]

    def year(self, year_id: int) -> YearRow | None:
        r = self._one(catalog_years, year_id)
        return None if r is None else YearRow(r.id, r.year)

    def engines(self, model_id: int, year_id: int) -> list[EngineRow]:
        v, e = catalog_vehicles.c, catalog_engines.c
        stmt = (
            select(v.id, e.id.label("engine_id"), e.code, e.name)
            .join_from(catalog_vehicles, catalog_engines, and_(e.generation == v.generation, e.id == v.engine_id))
            .where(v.generation == self.generation, v.model_id == model_id, v.year_id == year_id)
            .order_by(e.name, v.id)
        )
        return [EngineRow(r.id, r.engine_id, r.code, r.name) for r in self._conn.execute(stmt)]

    def vehicle(self, mye_id: int) -> Vehicle | None:
        r = self._one(catalog_vehicles, mye_id)
        return None if r is None else Vehicle(r.id, r.model_id, r.year_id, r.engine_id)

    def category(self, category_id: int) -> Named | None:
        r = self._one(catalog_categories, category_id)
        return None if r is None else Named(r.id, r.name)

    def group(self, group_id: int) -> Named | None:
        r = self._one(catalog_groups, group_id)
        return None if r is None else Named(r.id, r.name)

    def _links_by_group(self, mye_id: int) -> Any:
        f = catalog_fitments.c
        return (
            select(f.group_id, func.count().label("links"))
            .where(f.generation == self.generation, f.mye_id == mye_id)
            .group_by(f.group_id)
            .subquery("links")
        )

    def categories(self, mye_id: int) -> list[Named]:
        links, g, c = self._links_by_group(mye_id), catalog_groups.c, catalog_categories.c
        stmt = (
            select(c.id, c.name, func.sum(links.c.links).label("count"))
            .select_from(links)
            .join(catalog_groups, and_(g.generation == self.generation, g.id == links.c.group_id))
            .join(catalog_categories, and_(c.generation == self.generation, c.id == g.category_id))
            .group_by(c.id, c.name)
            .order_by(c.name, c.id)
        )
        return [_named(r) for r in self._conn.execute(stmt)]

    def groups(self, mye_id: int, category_id: int) -> list[Named]:
        links, g = self._links_by_group(mye_id), catalog_groups.c
        stmt = (
            select(g.id, g.name, links.c.links.label("count"))
            .select_from(links)
            .join(catalog_groups, and_(g.generation == self.generation, g.id == links.c.group_id))
            .where(g.category_id == category_id)
            .order_by(g.name, g.id)
        )
        return [_named(r) for r in self._conn.execute(stmt)]

    def parts_for(self, mye_id: int, group_id: int, page: Page) -> Paged[Part]:
        f, p = catalog_fitments.c, catalog_parts.c
        where = and_(f.generation == self.generation, f.mye_id == mye_id, f.group_id == group_id)
        stmt = (
            select(catalog_parts)
            .join_from(catalog_fitments, catalog_parts, and_(p.generation == f.generation, p.id == f.part_id))
            .where(where)
            .order_by(f.part_id)
            .limit(page.size)
            .offset(page.offset)
        )
        rows = [_part(r) for r in self._conn.execute(stmt)]
        if len(rows) < page.size and (rows or page.offset == 0):
            return Paged(rows, page.offset + len(rows))
        total = self._conn.execute(select(func.count()).select_from(catalog_fitments).where(where)).scalar_one()
        return Paged(rows, int(total))

    def parts(self, ids: Collection[int]) -> list[Part]:
        p = catalog_parts.c
        stmt = select(catalog_parts).where(p.generation == self.generation, p.id.in_(sorted(set(ids)))).order_by(p.id)
        return [_part(r) for r in self._conn.execute(stmt)]

    def parts_by_key(self, number_key: str, limit: int) -> list[Part]:
        p = catalog_parts.c
        stmt = (
            select(catalog_parts)
            .where(p.generation == self.generation, p.number_key == number_key)
            .order_by(p.id)
            .limit(limit)
        )
        return [_part(r) for r in self._conn.execute(stmt)]

    def parts_by_words(self, words: Sequence[str], limit: int) -> list[Part]:
        if not words:
            return []
        params: dict[str, Any] = {"g": self.generation, "limit": limit}
        if self._conn.dialect.name == "sqlite":
            rows = self._conn.execute(_SQLITE_WORDS, {**params, "match": fts5_query(words)})
        else:
            rows = self._conn.execute(_POSTGRES_WORDS, {**params, "tsq": tsquery(words)})
        return [_part(r) for r in rows]

    def interchange(self, part_ids: Collection[int], limit: int) -> dict[int, int]:
        i = catalog_interchange.c
        groups = select(i.group_id).where(i.generation == self.generation, i.part_id.in_(sorted(set(part_ids))))
        stmt = (
            select(i.part_id, i.group_id)
            .where(i.generation == self.generation, i.group_id.in_(groups))
            .order_by(i.part_id)
            .limit(limit)
        )
        return {r.part_id: r.group_id for r in self._conn.execute(stmt)}

    def group_sizes(self, part_ids: Collection[int]) -> dict[int, int]:
        i = catalog_interchange.c
        mine = (
            select(i.part_id, i.group_id)
            .where(i.generation == self.generation, i.part_id.in_(sorted(set(part_ids))))
            .subquery("mine")
        )
        stmt = (
            select(mine.c.part_id, func.count().label("size"))
            .select_from(mine)
            .join(catalog_interchange, and_(i.generation == self.generation, i.group_id == mine.c.group_id))
            .group_by(mine.c.part_id)
        )
        return {r.part_id: int(r.size) for r in self._conn.execute(stmt)}

    def cross_links(self, part_ids: Collection[int]) -> list[CrossLink]:
        x, ids = catalog_cross_refs.c, sorted(set(part_ids))
        stmt = (
            select(x.part_id, x.other_part_id, x.source, x.direction)
            .where(x.generation == self.generation, or_(x.part_id.in_(ids), x.other_part_id.in_(ids)))
            .order_by(x.part_id, x.other_part_id)
        )
        return [
            CrossLink(r.part_id, r.other_part_id, CrossSource(r.source), Direction(r.direction))
            for r in self._conn.execute(stmt)
        ]

    def local_stock(
        self, part_ids: Collection[int], number_keys: Collection[str], branch_id: int | None
    ) -> list[LocalStockRow]:
        c, sb = items.c, stock_balances.c
        on = and_(sb.tenant_id == c.tenant_id, sb.item_id == c.id)
        if branch_id is not None:
            on = and_(on, sb.branch_id == branch_id)
        linked = or_(
            c.catalog_part_id.in_(sorted(set(part_ids))),
            and_(c.catalog_part_id.is_(None), c.part_number_key.in_(sorted(set(number_keys)))),
        )
        stmt = (
            select(c.id, c.catalog_part_id, c.part_number_key, c.price_1, sb.branch_id, sb.on_hand, sb.reserved)
            .select_from(items.outerjoin(stock_balances, on))
            .where(c.tenant_id == self._tid, c.is_active, linked)
            .order_by(c.id, sb.branch_id)
        )
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
            for r in self._conn.execute(stmt)
        ]
