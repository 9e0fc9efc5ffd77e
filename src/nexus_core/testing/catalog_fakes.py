"""The parts catalog in memory: the same answers as the SQL adapter (the contract tests run one body over
both). The catalog is reference data beside the tenants' tables, loaded whole with :meth:`load` from
rows parsed by :func:`nexus_core.domain.catalog_files.parse_row`, never written by a unit of work."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from nexus_core.domain.catalog import CrossLink, CrossSource, Direction, InterchangeGroups
from nexus_core.domain.stock import QTY_ZERO, StockBalance
from nexus_core.ports.catalog import EngineRow, LocalStockRow, Named, Part, Vehicle, YearRow
from nexus_core.ports.inventory_queries import Page, Paged

if TYPE_CHECKING:
    from nexus_core.testing.fakes import InMemoryUnitOfWork

_WORD = re.compile(r"\w+")


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


class InMemoryCatalog:
    """The current load: each file's rows by name (``parts`` -> list of row dicts)."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.groups: dict[int, int] = {}

    def load(self, files: Mapping[str, Iterable[Mapping[str, Any]]]) -> None:
        """Replace the whole catalog (rows already checked by ``parse_row``)."""
        self.rows = {name: [dict(r) for r in rows] for name, rows in files.items()}
        union = InterchangeGroups(self.links(), keep_chains=False)
        self.groups = dict(union.groups())

    def table(self, name: str) -> list[dict[str, Any]]:
        return self.rows.get(name, [])

    def by_id(self, name: str) -> dict[int, dict[str, Any]]:
        return {r["id"]: r for r in self.table(name)}

    def links(self) -> list[CrossLink]:
        return [
            CrossLink(r["part_id"], r["other_part_id"], CrossSource(r["source"]), Direction(r["direction"]))
            for r in self.table("cross_references")
        ]

    def part_count(self, brand_id: int) -> int:
        models = {m["id"] for m in self.table("vehicle_models") if m["brand_id"] == brand_id}
        myes = {v["id"] for v in self.table("vehicles") if v["model_id"] in models}
        return len({f["part_id"] for f in self.table("fitments") if f["vehicle_id"] in myes})


def _part(r: Mapping[str, Any]) -> Part:
    return Part(r["id"], r["manufacturer"], r["part_number"], r["number_key"], r["name"], r["is_oe"], r["attributes"])


def _sorted_named(rows: Iterable[Named]) -> list[Named]:
    return sorted(rows, key=lambda n: (n.name, n.id))


class InMemoryCatalogQueries:
    def __init__(self, uow: InMemoryUnitOfWork, catalog: InMemoryCatalog) -> None:
        self._uow, self._c = uow, catalog

    def vehicle_brands(self) -> list[Named]:
        named = (Named(b["id"], b["name"], self._c.part_count(b["id"])) for b in self._c.table("vehicle_brands"))
        return _sorted_named(n for n in named if n.count > 0)

    def brand(self, brand_id: int) -> Named | None:
        b = self._c.by_id("vehicle_brands").get(brand_id)
        return None if b is None else Named(b["id"], b["name"], self._c.part_count(brand_id))

    def models(self, brand_id: int) -> list[Named]:
        models = self._c.table("vehicle_models")
        return _sorted_named(Named(m["id"], m["name"]) for m in models if m["brand_id"] == brand_id)

    def model(self, model_id: int) -> Named | None:
        m = self._c.by_id("vehicle_models").get(model_id)
        return None if m is None else Named(m["id"], m["name"])

    def years(self, model_id: int) -> list[YearRow]:
        ids = {v["year_id"] for v in self._c.table("vehicles") if v["model_id"] == model_id}
        rows = [YearRow(y["id"], y["year"]) for y in self._c.table("vehicle_years") if y["id"] in ids]
        return sorted(rows, key=lambda y: (-y.year, y.id))

    def year(self, year_id: int) -> YearRow | None:
        y = self._c.by_id("vehicle_years").get(year_id)
        return None if y is None else YearRow(y["id"], y["year"])

    def engines(self, model_id: int, year_id: int) -> list[EngineRow]:
        engines = self._c.by_id("engines")
        rows = [
            EngineRow(v["id"], v["engine_id"], engines[v["engine_id"]]["code"], engines[v["engine_id"]]["name"])
            for v in self._c.table("vehicles")
            if v["model_id"] == model_id and v["year_id"] == year_id
        ]
        return sorted(rows, key=lambda e: (e.name, e.mye_id))

    def vehicle(self, mye_id: int) -> Vehicle | None:
        v = self._c.by_id("vehicles").get(mye_id)
        return None if v is None else Vehicle(v["id"], v["model_id"], v["year_id"], v["engine_id"])

    def category(self, category_id: int) -> Named | None:
        c = self._c.by_id("part_categories").get(category_id)
        return None if c is None else Named(c["id"], c["name"])

    def group(self, group_id: int) -> Named | None:
        g = self._c.by_id("part_groups").get(group_id)
        return None if g is None else Named(g["id"], g["name"])

    def _links_by_group(self, mye_id: int) -> dict[int, int]:
        links: dict[int, set[int]] = {}
        for f in self._c.table("fitments"):
            if f["vehicle_id"] == mye_id:
                links.setdefault(f["group_id"], set()).add(f["part_id"])
        return {g: len(parts) for g, parts in links.items()}

    def categories(self, mye_id: int) -> list[Named]:
        groups, cats = self._c.by_id("part_groups"), self._c.by_id("part_categories")
        counts: dict[int, int] = {}
        for g, n in self._links_by_group(mye_id).items():
            cid = groups[g]["category_id"]
            counts[cid] = counts.get(cid, 0) + n
        return _sorted_named(Named(c, cats[c]["name"], n) for c, n in counts.items())

    def groups(self, mye_id: int, category_id: int) -> list[Named]:
        groups = self._c.by_id("part_groups")
        named = (Named(g, groups[g]["name"], n) for g, n in self._links_by_group(mye_id).items())
        return _sorted_named(n for n in named if groups[n.id]["category_id"] == category_id)

    def parts_for(self, mye_id: int, group_id: int, page: Page) -> Paged[Part]:
        ids = sorted(
            {f["part_id"] for f in self._c.table("fitments") if f["vehicle_id"] == mye_id and f["group_id"] == group_id}
        )
        parts = self._c.by_id("parts")
        return Paged([_part(parts[i]) for i in ids[page.offset : page.offset + page.size]], len(ids))

    def parts(self, ids: Collection[int]) -> list[Part]:
        parts = self._c.by_id("parts")
        return [_part(parts[i]) for i in sorted(set(ids)) if i in parts]

    def parts_by_key(self, number_key: str, limit: int) -> list[Part]:
        parts = sorted(self._c.table("parts"), key=lambda p: p["id"])
        return [_part(p) for p in parts if p["number_key"] == number_key][:limit]

    def parts_by_words(self, words: Sequence[str], limit: int) -> list[Part]:
        wanted = [_fold(w) for w in words]
        hits = []
        for p in sorted(self._c.table("parts"), key=lambda p: -p["id"]):
            tokens = _WORD.findall(_fold(p["name"]))
            if all(any(t.startswith(w) for t in tokens) for w in wanted):
                hits.append(_part(p))
        return hits[:limit]

    def interchange(self, part_ids: Collection[int], limit: int) -> dict[int, int]:
        wanted = {self._c.groups[p] for p in part_ids if p in self._c.groups}
        return dict(sorted((p, g) for p, g in self._c.groups.items() if g in wanted)[:limit])

    def group_sizes(self, part_ids: Collection[int]) -> dict[int, int]:
        sizes: dict[int, int] = {}
        for g in self._c.groups.values():
            sizes[g] = sizes.get(g, 0) + 1
        return {p: sizes[self._c.groups[p]] for p in part_ids if p in self._c.groups}

    def cross_links(self, part_ids: Collection[int]) -> list[CrossLink]:
        ids = set(part_ids)
        found = [lk for lk in self._c.links() if lk.part_id in ids or lk.other_part_id in ids]
        return sorted(found, key=lambda lk: (lk.part_id, lk.other_part_id))

    def local_stock(
        self, part_ids: Collection[int], number_keys: Collection[str], branch_id: int | None
    ) -> list[LocalStockRow]:
        ids, keys = set(part_ids), set(number_keys)
        out: list[LocalStockRow] = []
        for item in sorted(self._uow.items._mine(), key=lambda i: i.id or 0):
            linked = item.catalog_part_id in ids or (item.catalog_part_id is None and item.part_number_key in keys)
            if item.id is None or not item.is_active or not linked:
                continue
            balances: list[StockBalance | None] = [
                b for b in self._uow.stock.for_item(item.id) if branch_id is None or b.branch_id == branch_id
            ]
            for b in balances or [None]:
                out.append(
                    LocalStockRow(
                        item.id,
                        item.catalog_part_id,
                        item.part_number_key,
                        item.price_1,
                        None if b is None else b.branch_id,
                        QTY_ZERO if b is None else b.available,
                    )
                )
        return out
