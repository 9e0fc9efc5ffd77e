"""In-memory inventory repositories (reservations and counts: :mod:`.reservation_fakes`), keeping the
SQL adapter's rules (unique barcodes and part numbers per tenant, conditional balance changes,
``on_hand >= reserved >= 0``), which the contract tests check. Writes are serialized by the fakes'
store lock, so :meth:`lock` only reads."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from decimal import Decimal

import attrs

from nexus_core.domain.items import Category, Item
from nexus_core.domain.stock import (
    QTY_ZERO,
    Movement,
    PhysicalCount,
    Reservation,
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


class InventoryRepo(FakeRepo):
    @property
    def _t(self) -> InventoryTables:
        return self._tx.work.inventory


class InMemoryCategories(InventoryRepo):
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


class InMemoryItems(InventoryRepo):
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


class InMemoryStock(InventoryRepo):
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


class InMemoryMovements(InventoryRepo):
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
