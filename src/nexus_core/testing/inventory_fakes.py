"""In-memory inventory repositories, keeping the SQL adapter's rules (unique barcodes and part
numbers per tenant, conditional balance changes, ``on_hand >= reserved >= 0``), which the contract
tests check. Writes are serialized by the fakes' store lock, so :meth:`lock` only reads."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from decimal import Decimal

import attrs

from nexus_core.domain.items import Category, Item
from nexus_core.domain.stock import (
    QTY_ZERO,
    CountStatus,
    Movement,
    PhysicalCount,
    Reservation,
    ReservationStatus,
    StockBalance,
)
from nexus_core.errors import Conflict
from nexus_core.testing.fake_repo import FakeRepo

QuantityTotals = dict[tuple[int, int], Decimal]
_Key = tuple[int, int, int]  # (tenant_id, item_id, branch_id)


@attrs.define
class InventoryTables:
    categories: dict[int, Category] = attrs.Factory(dict)
    items: dict[int, Item] = attrs.Factory(dict)
    balances: dict[_Key, StockBalance] = attrs.Factory(dict)
    movements: dict[int, tuple[int, Movement]] = attrs.Factory(dict)
    reservations: dict[int, Reservation] = attrs.Factory(dict)
    counts: dict[int, PhysicalCount] = attrs.Factory(dict)


class _Repo(FakeRepo):
    @property
    def _t(self) -> InventoryTables:
        return self._tx.work.inventory


class InMemoryCategories(_Repo):
    def add(self, category: Category) -> int:
        assert category.tenant_id == self._tid, "entity of another tenant"
        if self.get_by_name(category.name) is not None:
            raise Conflict("unique index: category name")
        category.id = self._all.new_id("inventory_categories")
        self._t.categories[category.id] = attrs.evolve(category)
        return category.id

    def get(self, category_id: int) -> Category | None:
        c = self._t.categories.get(category_id)
        return attrs.evolve(c) if c is not None and c.tenant_id == self._tid else None

    def get_by_name(self, name: str) -> Category | None:
        return next((c for c in self.list() if c.name.casefold() == name.casefold()), None)

    def list(self) -> list[Category]:
        mine = [attrs.evolve(c) for c in self._t.categories.values() if c.tenant_id == self._tid]
        return sorted(mine, key=lambda c: (c.name.casefold(), c.id or 0))


class InMemoryItems(_Repo):
    def _mine(self) -> list[Item]:
        return [i for i in self._t.items.values() if i.tenant_id == self._tid]

    def _check_unique(self, item: Item) -> None:
        for other in self._mine():
            if other.id == item.id:
                continue
            if other.barcode == item.barcode:
                raise Conflict("unique index: item barcode")
            if item.part_number_key is not None and other.part_number_key == item.part_number_key:
                raise Conflict("unique index: item part number")

    def add(self, item: Item) -> int:
        assert item.tenant_id == self._tid, "entity of another tenant"
        self._check_unique(item)
        item.id = self._all.new_id("items")
        self._t.items[item.id] = attrs.evolve(item)
        return item.id

    def add_many(self, items: Sequence[Item]) -> list[int]:
        return [self.add(item) for item in items]

    def get(self, item_id: int) -> Item | None:
        i = self._t.items.get(item_id)
        return attrs.evolve(i) if i is not None and i.tenant_id == self._tid else None

    def get_many(self, item_ids: Collection[int]) -> dict[int, Item]:
        found = {i: self.get(i) for i in set(item_ids)}
        return {i: item for i, item in found.items() if item is not None}

    def lock(self, item_ids: Collection[int]) -> dict[int, Item]:
        return self.get_many(item_ids)

    def get_by_barcode(self, barcode: str) -> Item | None:
        return next((attrs.evolve(i) for i in self._mine() if i.barcode == barcode), None)

    def get_by_part_number_key(self, key: str) -> Item | None:
        return next((attrs.evolve(i) for i in self._mine() if i.part_number_key == key), None)

    def max_barcode(self, prefix: str) -> str | None:
        codes = [i.barcode for i in self._mine() if len(i.barcode) == 13 and i.barcode.startswith(prefix)]
        return max((c for c in codes if c.isdigit()), default=None)

    def update(self, item: Item) -> None:
        assert item.id is not None and self.get(item.id) is not None, "unknown item"
        self._check_unique(item)
        self._t.items[item.id] = attrs.evolve(item)

    def set_valuation(self, item_id: int, *, cost: Decimal, stock_value: Decimal) -> None:
        item = self._t.items[item_id]
        assert item.tenant_id == self._tid
        self._t.items[item_id] = attrs.evolve(item, cost=cost, stock_value=stock_value)

    def set_valuations(self, rows: Sequence[tuple[int, Decimal, Decimal]]) -> None:
        for item_id, cost, stock_value in rows:
            self.set_valuation(item_id, cost=cost, stock_value=stock_value)

    def brands(self) -> list[str]:
        return sorted({i.brand for i in self._mine() if i.brand})


class InMemoryStock(_Repo):
    def _key(self, item_id: int, branch_id: int) -> _Key:
        return (self._tid, item_id, branch_id)

    def get(self, item_id: int, branch_id: int) -> StockBalance:
        return self._t.balances.get(self._key(item_id, branch_id)) or StockBalance(item_id, branch_id)

    def for_item(self, item_id: int) -> list[StockBalance]:
        rows = [b for (t, i, _), b in self._t.balances.items() if t == self._tid and i == item_id]
        return sorted(rows, key=lambda b: b.branch_id)

    def for_items(self, item_ids: Collection[int], branch_id: int) -> dict[int, StockBalance]:
        return {i: self.get(i, branch_id) for i in set(item_ids)}

    def for_items_with_totals(
        self, item_ids: Collection[int], branch_id: int
    ) -> tuple[dict[int, StockBalance], dict[int, Decimal]]:
        return self.for_items(item_ids, branch_id), self.totals_on_hand(item_ids)

    def total_on_hand(self, item_id: int) -> Decimal:
        return sum((b.on_hand for b in self.for_item(item_id)), QTY_ZERO)

    def _put(self, balance: StockBalance) -> None:
        assert balance.on_hand >= balance.reserved >= 0, "CHECK on_hand >= reserved >= 0"
        self._t.balances[self._key(balance.item_id, balance.branch_id)] = balance

    def totals_on_hand(self, item_ids: Collection[int]) -> dict[int, Decimal]:
        return {i: self.total_on_hand(i) for i in set(item_ids)}

    def increase(self, item_id: int, branch_id: int, qty: Decimal, *, day: date | None = None) -> None:
        b = self.get(item_id, branch_id)
        self._put(attrs.evolve(b, on_hand=b.on_hand + qty))

    def increase_many(self, rows: Sequence[tuple[int, int, Decimal]], *, day: date | None = None) -> None:
        for item_id, branch_id, qty in rows:
            self.increase(item_id, branch_id, qty)

    def decrease(self, item_id: int, branch_id: int, qty: Decimal, *, day: date | None = None) -> bool:
        b = self.get(item_id, branch_id)
        if b.available < qty:
            return False
        self._put(attrs.evolve(b, on_hand=b.on_hand - qty))
        return True

    def decrease_many(self, rows: Sequence[tuple[int, int, Decimal]], *, day: date | None = None) -> bool:
        if any(self.get(i, b).available < q for i, b, q in rows):
            return False
        return all([self.decrease(i, b, q) for i, b, q in rows])

    def reserve(self, item_id: int, branch_id: int, qty: Decimal, *, day: date | None = None) -> bool:
        b = self.get(item_id, branch_id)
        if b.available < qty:
            return False
        self._put(attrs.evolve(b, reserved=b.reserved + qty))
        return True

    def release(self, item_id: int, branch_id: int, qty: Decimal, *, day: date | None = None) -> bool:
        b = self.get(item_id, branch_id)
        if b.reserved < qty:
            return False
        self._put(attrs.evolve(b, reserved=b.reserved - qty))
        return True

    def consume(self, item_id: int, branch_id: int, qty: Decimal, *, day: date | None = None) -> bool:
        b = self.get(item_id, branch_id)
        if b.reserved < qty:
            return False
        self._put(attrs.evolve(b, on_hand=b.on_hand - qty, reserved=b.reserved - qty))
        return True

    def set_reserved(self, item_id: int, branch_id: int, reserved: Decimal) -> None:
        self._put(attrs.evolve(self.get(item_id, branch_id), reserved=reserved))

    def reserved_totals(self) -> QuantityTotals:
        return {(b.item_id, b.branch_id): b.reserved for b in self.all() if b.reserved != 0}

    def all(self) -> list[StockBalance]:
        rows = [b for (t, _, _), b in self._t.balances.items() if t == self._tid]
        return sorted(rows, key=lambda b: (b.item_id, b.branch_id))


class InMemoryMovements(_Repo):
    def add(self, movement: Movement) -> int:
        assert movement.tenant_id == self._tid, "entity of another tenant"
        movement.id = self._all.new_id("stock_movements")
        self._t.movements[movement.id] = (self._tid, attrs.evolve(movement))
        return movement.id

    def add_many(self, movements: Sequence[Movement]) -> None:
        for movement in movements:
            self.add(movement)

    def for_item(self, item_id: int, *, limit: int = 50, branch_id: int | None = None) -> list[Movement]:
        rows = [
            attrs.evolve(m)
            for t, m in self._t.movements.values()
            if t == self._tid and m.item_id == item_id and (branch_id is None or m.branch_id == branch_id)
        ]
        return sorted(rows, key=lambda m: m.id or 0, reverse=True)[:limit]

    def quantity_totals(self) -> QuantityTotals:
        out: QuantityTotals = {}
        for t, m in self._t.movements.values():
            if t == self._tid:
                key = (m.item_id, m.branch_id)
                out[key] = out.get(key, QTY_ZERO) + m.quantity
        return out


class InMemoryReservations(_Repo):
    def add(self, reservation: Reservation) -> int:
        assert reservation.tenant_id == self._tid, "entity of another tenant"
        reservation.id = self._all.new_id("stock_reservations")
        self._t.reservations[reservation.id] = attrs.evolve(reservation)
        return reservation.id

    def add_many(self, reservations: Sequence[Reservation]) -> None:
        for reservation in reservations:
            self.add(reservation)

    def get(self, reservation_id: int) -> Reservation | None:
        r = self._t.reservations.get(reservation_id)
        return attrs.evolve(r) if r is not None and r.tenant_id == self._tid else None

    def _mine(self) -> list[Reservation]:
        rows = [attrs.evolve(r) for r in self._t.reservations.values() if r.tenant_id == self._tid]
        return sorted(rows, key=lambda r: r.id or 0)

    def for_holder(self, holder_kind: str, holder_id: int, *, open_only: bool = True) -> list[Reservation]:
        return [
            r
            for r in self._mine()
            if r.holder_kind == holder_kind
            and r.holder_id == holder_id
            and (not open_only or r.status is ReservationStatus.OPEN)
        ]

    def close(self, reservation_id: int, status: ReservationStatus, at: datetime) -> bool:
        r = self.get(reservation_id)
        if r is None or r.status is not ReservationStatus.OPEN:
            return False
        self._t.reservations[reservation_id] = attrs.evolve(r, status=status, closed_at=at)
        return True

    def open_totals(self) -> QuantityTotals:
        out: QuantityTotals = {}
        for r in self._mine():
            if r.status is ReservationStatus.OPEN:
                key = (r.item_id, r.branch_id)
                out[key] = out.get(key, QTY_ZERO) + r.quantity
        return out

    def expired(self, now: datetime, *, limit: int = 500) -> list[Reservation]:
        rows = [
            r
            for r in self._mine()
            if r.status is ReservationStatus.OPEN and r.expires_at is not None and r.expires_at <= now
        ]
        return sorted(rows, key=lambda r: (r.expires_at or now, r.id or 0))[:limit]


class InMemoryCounts(_Repo):
    def add(self, count: PhysicalCount) -> int:
        assert count.tenant_id == self._tid, "entity of another tenant"
        count.id = self._all.new_id("physical_counts")
        self._t.counts[count.id] = attrs.evolve(count, lines=sorted(count.lines, key=lambda ln: ln.item_id))
        return count.id

    def get(self, count_id: int) -> PhysicalCount | None:
        c = self._t.counts.get(count_id)
        return attrs.evolve(c, lines=list(c.lines)) if c is not None and c.tenant_id == self._tid else None

    def approve(self, count_id: int, *, approved_by: str, approved_at: datetime) -> bool:
        c = self.get(count_id)
        if c is None or c.status is not CountStatus.OPEN:
            return False
        self._t.counts[count_id] = attrs.evolve(
            c, status=CountStatus.APPROVED, approved_by=approved_by, approved_at=approved_at
        )
        return True
