"""SQL repositories of the parcels surface: places, currencies, delivery orders (with their lines)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Connection, RowMapping, delete, func, or_, select, update

from nexus_adapters.persistence.bulk import bulk_insert
from nexus_adapters.persistence.parcels_tables import currencies, delivery_order_lines, delivery_orders, geo_places
from nexus_adapters.persistence.sql import check_tenant, insert_id, new_ids
from nexus_core.domain.geo import Currency, GeoLevel, Place
from nexus_core.domain.orders import DeliveryOrder, OrderLine, OrderState
from nexus_core.ports.inventory_queries import Paged
from nexus_core.ports.parcels_repositories import OrderFilter

_p, _c, _o, _l = geo_places.c, currencies.c, delivery_orders.c, delivery_order_lines.c


def _to_place(row: RowMapping) -> Place:
    return Place(
        id=row["id"],
        tenant_id=row["tenant_id"],
        level=GeoLevel(row["level"]),
        name=row["name"],
        parent_id=row["parent_id"],
        code=row["code"],
    )


class SqlPlaceRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, place: Place) -> int:
        check_tenant(place, self._tid)
        values = {"level": place.level.value, "name": place.name, "parent_id": place.parent_id, "code": place.code}
        place.id = insert_id(self._conn, geo_places.insert().values(tenant_id=self._tid, **values))
        return place.id

    def get(self, place_id: int) -> Place | None:
        row = self._conn.execute(select(geo_places).where(_p.tenant_id == self._tid, _p.id == place_id)).mappings()
        found = row.first()
        return _to_place(found) if found else None

    def get_many(self, place_ids: Collection[int]) -> dict[int, Place]:
        if not place_ids:
            return {}
        stmt = select(geo_places).where(_p.tenant_id == self._tid, _p.id.in_(sorted(set(place_ids))))
        return {r["id"]: _to_place(r) for r in self._conn.execute(stmt).mappings()}

    def list(self, level: GeoLevel | None = None) -> list[Place]:
        stmt = select(geo_places).where(_p.tenant_id == self._tid)
        if level is not None:
            stmt = stmt.where(_p.level == level.value)
        return [_to_place(r) for r in self._conn.execute(stmt.order_by(_p.id)).mappings()]

    def update(self, place: Place) -> None:
        stmt = (
            update(geo_places)
            .where(_p.tenant_id == self._tid, _p.id == place.id)
            .values(name=place.name, parent_id=place.parent_id, code=place.code)
        )
        self._conn.execute(stmt)

    def delete(self, place_id: int) -> None:
        self._conn.execute(delete(geo_places).where(_p.tenant_id == self._tid, _p.id == place_id))

    def children(self, place_id: int) -> int:
        stmt = select(func.count()).where(_p.tenant_id == self._tid, _p.parent_id == place_id)
        return int(self._conn.execute(stmt).scalar_one())


def _to_currency(row: RowMapping) -> Currency:
    return Currency(id=row["id"], tenant_id=row["tenant_id"], code=row["code"], name=row["name"], rate=row["rate"])


class SqlCurrencyRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, currency: Currency) -> int:
        check_tenant(currency, self._tid)
        stmt = currencies.insert().values(
            tenant_id=self._tid, code=currency.code, name=currency.name, rate=currency.rate
        )
        currency.id = insert_id(self._conn, stmt)
        return currency.id

    def _one(self, *where: Any) -> Currency | None:
        row = self._conn.execute(select(currencies).where(_c.tenant_id == self._tid, *where)).mappings().first()
        return _to_currency(row) if row else None

    def get(self, currency_id: int) -> Currency | None:
        return self._one(_c.id == currency_id)

    def get_by_code(self, code: str) -> Currency | None:
        return self._one(_c.code == code)

    def list(self) -> list[Currency]:
        stmt = select(currencies).where(_c.tenant_id == self._tid).order_by(_c.id)
        return [_to_currency(r) for r in self._conn.execute(stmt).mappings()]

    def update(self, currency: Currency) -> None:
        stmt = (
            update(currencies)
            .where(_c.tenant_id == self._tid, _c.id == currency.id)
            .values(code=currency.code, name=currency.name, rate=currency.rate)
        )
        self._conn.execute(stmt)

    def delete(self, currency_id: int) -> None:
        self._conn.execute(delete(currencies).where(_c.tenant_id == self._tid, _c.id == currency_id))


_ANALYZE_FROM = 500  # orders in one batch

_ORDER_FIELDS = (
    "number",
    "recipient",
    "phone",
    "latitude",
    "longitude",
    "country_id",
    "department_id",
    "municipality_id",
    "neighbourhood_id",
    "address",
    "zone",
    "comment",
    "currency_id",
    "seller_id",
    "provider_id",
    "price_local",
    "price_usd",
    "branch_id",
    "created_by",
    "created_at",
    "business_date",
    "updated_at",
)


def _order_values(order: DeliveryOrder) -> dict[str, Any]:
    return {name: getattr(order, name) for name in _ORDER_FIELDS} | {"state": order.state.value}


def _to_order(row: RowMapping, lines: Sequence[OrderLine]) -> DeliveryOrder:
    fields = {name: row[name] for name in _ORDER_FIELDS}
    return DeliveryOrder(
        id=row["id"], tenant_id=row["tenant_id"], state=OrderState(row["state"]), lines=tuple(lines), **fields
    )


class SqlOrderRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add_many(self, orders: Sequence[DeliveryOrder]) -> list[int]:
        if not orders:
            return []
        for order in orders:
            check_tenant(order, self._tid)
        ids = new_ids(self._conn, delivery_orders, len(orders))
        rows = [{**_order_values(o), "tenant_id": self._tid, "id": i} for o, i in zip(orders, ids, strict=True)]
        bulk_insert(self._conn, delivery_orders, rows)
        self._fresh_statistics(len(rows))
        lines = [
            {"tenant_id": self._tid, "order_id": i, "line_no": n, "item_id": line.item_id, "quantity": line.quantity}
            for o, i in zip(orders, ids, strict=True)
            for n, line in enumerate(o.lines, start=1)
        ]
        bulk_insert(self._conn, delivery_order_lines, lines)
        for order, i in zip(orders, ids, strict=True):
            order.id = i
        return ids

    def _fresh_statistics(self, inserted: int) -> None:
        """PostgreSQL plans the lines' foreign-key check (``order_id`` -> ``delivery_orders``) from the
        table's statistics: on a table never analyzed, or far smaller than this batch, it scans instead of
        using the primary key, and 10^4 lines cost 10^4 scans (measured: 20k lines 8.7 s instead of 0.75 s).
        A big batch on such a table refreshes them first (``ANALYZE`` counts our own new rows)."""
        if self._conn.dialect.name != "postgresql" or inserted < _ANALYZE_FROM:
            return
        known = self._conn.exec_driver_sql("SELECT reltuples FROM pg_class WHERE oid = 'delivery_orders'::regclass")
        if float(known.scalar_one()) < inserted:
            self._conn.exec_driver_sql("ANALYZE delivery_orders")

    def _lines(self, order_ids: Collection[int]) -> dict[int, list[OrderLine]]:
        found: dict[int, list[OrderLine]] = {i: [] for i in order_ids}
        if not order_ids:
            return found
        stmt = (
            select(_l.order_id, _l.item_id, _l.quantity)
            .where(_l.tenant_id == self._tid, _l.order_id.in_(sorted(set(order_ids))))
            .order_by(_l.order_id, _l.line_no)
        )
        for r in self._conn.execute(stmt):
            found[r.order_id].append(OrderLine(r.item_id, r.quantity))
        return found

    def _one(self, *where: Any) -> DeliveryOrder | None:
        row = self._conn.execute(select(delivery_orders).where(_o.tenant_id == self._tid, *where)).mappings().first()
        if row is None:
            return None
        return _to_order(row, self._lines([row["id"]])[row["id"]])

    def get(self, order_id: int) -> DeliveryOrder | None:
        return self._one(_o.id == order_id)

    def get_by_number(self, number: int) -> DeliveryOrder | None:
        return self._one(_o.number == number)

    def existing_numbers(self, numbers: Collection[int]) -> set[int]:
        wanted = sorted(set(numbers))
        taken: set[int] = set()
        for start in range(0, len(wanted), 5000):  # bounded IN lists
            chunk = wanted[start : start + 5000]
            stmt = select(_o.number).where(_o.tenant_id == self._tid, _o.number.in_(chunk))
            taken.update(int(n) for n in self._conn.execute(stmt).scalars())
        return taken

    def set_state(self, order: DeliveryOrder, previous: OrderState) -> bool:
        stmt = (
            update(delivery_orders)
            .where(_o.tenant_id == self._tid, _o.id == order.id, _o.state == previous.value)
            .values(state=order.state.value, updated_at=order.updated_at)
        )
        return bool(self._conn.execute(stmt).rowcount == 1)

    def search(self, wanted: OrderFilter) -> Paged[DeliveryOrder]:
        where = [_o.tenant_id == self._tid]
        if wanted.state is not None:
            where.append(_o.state == wanted.state.value)
        if wanted.date_from is not None:
            where.append(_o.business_date >= wanted.date_from)
        if wanted.date_to is not None:
            where.append(_o.business_date <= wanted.date_to)
        if wanted.municipality_id is not None:
            where.append(_o.municipality_id == wanted.municipality_id)
        page = wanted.page
        stmt = select(delivery_orders).where(*where).order_by(_o.id.desc()).limit(page.size).offset(page.offset)
        rows = list(self._conn.execute(stmt).mappings())
        lines = self._lines([r["id"] for r in rows])
        orders = [_to_order(r, lines[r["id"]]) for r in rows]
        if len(rows) < page.size and (rows or page.offset == 0):
            return Paged(orders, page.offset + len(rows))
        total = self._conn.execute(select(func.count()).select_from(delivery_orders).where(*where)).scalar_one()
        return Paged(orders, int(total))

    def using_place(self, place_id: int) -> int:
        columns = (_o.country_id, _o.department_id, _o.municipality_id, _o.neighbourhood_id)
        stmt = select(func.count()).where(_o.tenant_id == self._tid, or_(*(c == place_id for c in columns)))
        return int(self._conn.execute(stmt).scalar_one())

    def using_currency(self, currency_id: int) -> int:
        stmt = select(func.count()).where(_o.tenant_id == self._tid, _o.currency_id == currency_id)
        return int(self._conn.execute(stmt).scalar_one())
