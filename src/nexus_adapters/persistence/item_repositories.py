"""SQL repositories of items and categories, bound to one connection and one tenant."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Connection, RowMapping, bindparam, func, literal_column, select, text, update

from nexus_adapters.persistence.fast import run, run_many
from nexus_adapters.persistence.inventory_tables import inventory_categories, items
from nexus_adapters.persistence.sql import check_tenant, insert_id
from nexus_adapters.persistence.stock_rollup import touch, touch_new
from nexus_core.domain.items import Category, Item
from nexus_core.errors import NotFound

_ITEM_FIELDS = (
    "part_number",
    "barcode",
    "name",
    "description",
    "branch_id",
    "category_id",
    "brand",
    "unit",
    "cost",
    "stock_value",
    "price_1",
    "price_2",
    "price_3",
    "tax_rate",
    "min_stock",
    "max_stock",
    "location",
    "image_url",
    "catalog_part_id",
    "is_active",
    "created_at",
    "updated_at",
)


_SET_VALUATIONS = (
    update(items)
    .where(items.c.tenant_id == bindparam("v_tid"), items.c.id == bindparam("v_id"))
    .values(
        cost=bindparam("v_cost", type_=items.c.cost.type),
        stock_value=bindparam("v_value", type_=items.c.stock_value.type),
    )
)


def _item_values(item: Item) -> dict[str, Any]:
    values = {name: getattr(item, name) for name in _ITEM_FIELDS}
    values["part_number_key"] = item.part_number_key
    return values


def _to_item(row: RowMapping) -> Item:
    return Item(id=row["id"], tenant_id=row["tenant_id"], **{name: row[name] for name in _ITEM_FIELDS})


class SqlCategoryRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, category: Category) -> int:
        check_tenant(category, self._tid)
        stmt = inventory_categories.insert().values(
            tenant_id=self._tid, name=category.name, name_key=category.name.casefold()
        )
        category.id = insert_id(self._conn, stmt)
        return category.id

    def get(self, category_id: int) -> Category | None:
        return self._one(inventory_categories.c.id == category_id)

    def get_by_name(self, name: str) -> Category | None:
        return self._one(inventory_categories.c.name_key == name.strip().casefold())

    def list(self) -> list[Category]:
        c = inventory_categories.c
        stmt = select(inventory_categories).where(c.tenant_id == self._tid).order_by(c.name_key, c.id)
        return [Category(r["id"], r["tenant_id"], r["name"]) for r in self._conn.execute(stmt).mappings()]

    def _one(self, condition: ColumnElement[bool]) -> Category | None:
        stmt = select(inventory_categories).where(inventory_categories.c.tenant_id == self._tid, condition)
        row = self._conn.execute(stmt).mappings().first()
        return Category(row["id"], row["tenant_id"], row["name"]) if row else None


# Built once (docs/adr/0033-counter-speed.md): every sale locks its items.
_GET_MANY = (
    select(items)
    .where(items.c.tenant_id == bindparam("t"), items.c.id.in_(bindparam("ids", expanding=True)))
    .order_by(items.c.id)
)
_LOCK_MANY = _GET_MANY.with_for_update(key_share=True)


class SqlItemRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, item: Item) -> int:
        check_tenant(item, self._tid)
        item.id = insert_id(self._conn, items.insert().values({**_item_values(item), "tenant_id": self._tid}))
        touch_new(self._conn, self._tid, [item.id])  # its zero rows in every branch (ADR 34)
        return item.id

    def add_many(self, new_items: Sequence[Item]) -> list[int]:
        if not new_items:
            return []
        for item in new_items:
            check_tenant(item, self._tid)
        ids = self._new_ids(len(new_items))
        rows = [{**_item_values(item), "tenant_id": self._tid, "id": i} for item, i in zip(new_items, ids, strict=True)]
        self._conn.execute(items.insert(), rows)
        for item, i in zip(new_items, ids, strict=True):
            item.id = i
        touch_new(self._conn, self._tid, ids)
        return ids

    def _new_ids(self, n: int) -> list[int]:
        if self._conn.dialect.name == "postgresql":
            stmt = text("SELECT nextval('items_id_seq') FROM generate_series(1, :n)")
            return [int(v) for v in self._conn.execute(stmt, {"n": n}).scalars()]
        # SQLite: one writer at a time; ids continue MAX(rowid) like sql.insert_id.
        top = self._conn.execute(select(func.coalesce(func.max(literal_column("rowid")), 0)).select_from(items))
        first = int(top.scalar_one()) + 1
        return list(range(first, first + n))

    def get(self, item_id: int) -> Item | None:
        stmt = select(items).where(items.c.tenant_id == self._tid, items.c.id == item_id)
        row = self._conn.execute(stmt).mappings().first()
        return _to_item(row) if row else None

    def get_many(self, item_ids: Collection[int]) -> dict[int, Item]:
        return self._many(item_ids, lock=False)

    def lock(self, item_ids: Collection[int]) -> dict[int, Item]:
        return self._many(item_ids, lock=True)

    def _many(self, item_ids: Collection[int], *, lock: bool) -> dict[int, Item]:
        if not item_ids:
            return {}
        # FOR NO KEY UPDATE, taken in id order (PostgreSQL; SQLite's single writer serializes).
        stmt = _LOCK_MANY if lock else _GET_MANY
        rows = run(self._conn, stmt, {"t": self._tid, "ids": sorted(set(item_ids))}).mappings()
        return {row["id"]: _to_item(row) for row in rows}

    def get_by_barcode(self, barcode: str) -> Item | None:
        return self._first(items.c.barcode == barcode)

    def get_by_part_number_key(self, key: str) -> Item | None:
        return self._first(items.c.part_number_key == key)

    def _first(self, condition: ColumnElement[bool]) -> Item | None:
        row = self._conn.execute(select(items).where(items.c.tenant_id == self._tid, condition)).mappings().first()
        return _to_item(row) if row else None

    def max_barcode(self, prefix: str) -> str | None:
        c = items.c
        stmt = (
            select(c.barcode)
            .where(
                c.tenant_id == self._tid,
                c.barcode >= prefix,
                c.barcode < prefix + ":",  # ":" follows "9": every code starting with the prefix
                func.length(c.barcode) == 13,
            )
            .order_by(c.barcode.desc())
            .limit(20)
        )
        return next((code for code in self._conn.execute(stmt).scalars() if code.isdigit()), None)

    def update(self, item: Item) -> None:
        check_tenant(item, self._tid)
        stmt = update(items).where(items.c.tenant_id == self._tid, items.c.id == item.id).values(_item_values(item))
        if self._conn.execute(stmt).rowcount != 1:
            raise NotFound(f"item {item.id} not found")
        touch(self._conn, self._tid, [item.id])  # levels, prices, home branch, active: the reports follow

    def set_valuation(self, item_id: int, *, cost: Decimal, stock_value: Decimal) -> None:
        stmt = (
            update(items)
            .where(items.c.tenant_id == self._tid, items.c.id == item_id)
            .values(cost=cost, stock_value=stock_value)
        )
        if self._conn.execute(stmt).rowcount != 1:
            raise NotFound(f"item {item_id} not found")
        touch(self._conn, self._tid, [item_id])

    def set_valuations(self, rows: Sequence[tuple[int, Decimal, Decimal]]) -> None:
        if rows:
            params = [{"v_tid": self._tid, "v_id": i, "v_cost": cost, "v_value": value} for i, cost, value in rows]
            run_many(self._conn, _SET_VALUATIONS, params)
            touch(self._conn, self._tid, [i for i, _, _ in rows])

    def brands(self) -> list[str]:
        c = items.c
        stmt = select(c.brand).distinct().where(c.tenant_id == self._tid, c.brand.is_not(None)).order_by(c.brand)
        return [b for b in self._conn.execute(stmt).scalars()]
