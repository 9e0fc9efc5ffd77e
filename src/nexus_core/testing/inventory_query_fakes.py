"""The read side of inventory over the in-memory repositories: the same answers as the SQL
adapter (the contract tests run one body over both), computed by plain Python."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, TypeVar

from nexus_core.domain.abc import CLASSES, class_index, sold_order
from nexus_core.domain.items import Item
from nexus_core.domain.stock import QTY_ZERO, MovementKind, StockBalance
from nexus_core.ports.inventory_queries import (
    AbcClass,
    AbcReport,
    AbcRow,
    Alerts,
    BranchRow,
    ItemRow,
    ItemSearch,
    Page,
    Paged,
    StockRow,
    Valuation,
    ValuationRow,
)
from nexus_core.ports.item_lines import ItemLine, line_of

if TYPE_CHECKING:
    from nexus_core.testing.fakes import InMemoryUnitOfWork

T = TypeVar("T")
CENT = Decimal("0.01")
_WORD = re.compile(r"\w+")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _value(on_hand: Decimal, price: Decimal) -> Decimal:
    return (on_hand * price).quantize(CENT, rounding=ROUND_HALF_UP)


def _page(rows: list[T], page: Page) -> list[T]:
    return rows[page.offset : page.offset + page.size]


class InMemoryInventoryQueries:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    def _items(self) -> list[Item]:
        return sorted(self._uow.items._mine(), key=lambda i: i.id or 0)

    def _balance(self, item: Item, branch_id: int | None) -> StockBalance:
        assert item.id is not None
        return self._uow.stock.get(item.id, item.branch_id if branch_id is None else branch_id)

    def _matches(self, item: Item, search: ItemSearch) -> bool:
        if search.barcode is not None and item.barcode == search.barcode:
            return True
        if search.part_key is not None and item.part_number_key == search.part_key:
            return True
        if search.words:
            words = [_fold(w) for w in _WORD.findall(item.name)]
            return all(any(w.startswith(_fold(q)) for w in words) for q in search.words)
        return False

    def item_lines(self, search: ItemSearch) -> Paged[ItemLine]:
        found = self.search_items(search)
        return Paged([line_of(row) for row in found.rows], found.total, found.capped)

    def search_items(self, search: ItemSearch) -> Paged[ItemRow]:
        names = {b.id: b.name for b in self._uow.branches.list()}
        rows = []
        for item in self._items():
            if search.searching and not self._matches(item, search):
                continue
            if search.category_id is not None and item.category_id != search.category_id:
                continue
            b = self._balance(item, search.branch_id)
            if search.low_stock and not (item.min_stock > 0 and b.available < item.min_stock):
                continue
            rows.append(ItemRow(item, names.get(item.branch_id), b.on_hand, b.reserved))
        if search.searching and len(rows) > search.total_cap:  # a search counts up to its cap
            return Paged(_page(rows, search.page), search.total_cap, capped=True)
        return Paged(_page(rows, search.page), len(rows))

    def taken_codes(self, barcodes: Collection[str], part_keys: Collection[str]) -> tuple[set[str], set[str]]:
        items = self._items()
        return (
            {i.barcode for i in items if i.barcode in set(barcodes)},
            {k for i in items if (k := i.part_number_key) is not None and k in set(part_keys)},
        )

    def _scoped(self, branch_id: int | None) -> list[StockRow]:
        rows = []
        for item in self._items():
            if not item.is_active:
                continue
            assert item.id is not None
            b = self._balance(item, branch_id)
            rows.append(
                StockRow(
                    item.id,
                    item.part_number,
                    item.name,
                    b.branch_id,
                    b.on_hand,
                    b.reserved,
                    item.min_stock,
                    item.max_stock,
                    item.cost,
                )
            )
        return rows

    def alerts(self, branch_id: int | None, *, limit: int) -> Alerts:
        rows = self._scoped(branch_id)
        zero = [r for r in rows if r.stock <= 0]
        low = sorted((r for r in rows if 0 < r.stock < r.min_stock), key=lambda r: (r.stock - r.min_stock, r.item_id))
        over = sorted(
            (r for r in rows if r.max_stock is not None and r.stock > r.max_stock),
            key=lambda r: (r.max_stock - r.stock if r.max_stock is not None else 0, r.item_id),
        )
        return Alerts(zero[:limit], low[:limit], over[:limit], len(zero), len(low), len(over))

    def low_stock(self, branch_id: int | None, page: Page) -> Paged[StockRow]:
        rows = sorted(
            (r for r in self._scoped(branch_id) if r.min_stock > 0 and r.stock < r.min_stock),
            key=lambda r: (r.stock - r.min_stock, r.item_id),
        )
        return Paged(_page(rows, page), len(rows))

    def _on_hand(self, branch_id: int | None) -> dict[int, tuple[Decimal, Decimal]]:
        out: dict[int, tuple[Decimal, Decimal]] = {}
        for b in self._uow.stock.all():
            if branch_id is None or b.branch_id == branch_id:
                on_hand, reserved = out.get(b.item_id, (QTY_ZERO, QTY_ZERO))
                out[b.item_id] = (on_hand + b.on_hand, reserved + b.reserved)
        return {i: v for i, v in out.items() if v[0] > 0}

    def valuation(self, branch_id: int | None, page: Page) -> Valuation:
        items = {i.id: i for i in self._items()}
        rows = []
        for item_id, (on_hand, _) in self._on_hand(branch_id).items():
            item = items[item_id]
            cost_value = item.stock_value if branch_id is None else _value(on_hand, item.cost)
            rows.append(
                ValuationRow(
                    item_id,
                    item.part_number,
                    item.name,
                    on_hand,
                    item.cost,
                    cost_value,
                    item.price_1,
                    _value(on_hand, item.price_1),
                )
            )
        rows.sort(key=lambda r: (-r.cost_value, r.item_id))
        return Valuation(
            total_cost_value=sum((r.cost_value for r in rows), Decimal("0.00")),
            total_sale_value=sum((r.sale_value for r in rows), Decimal("0.00")),
            item_count=len(rows),
            rows=_page(rows, page),
        )

    def _movements(self, keep: Callable[[int, int, date, MovementKind], bool]) -> dict[int, list[object]]:
        out: dict[int, list[object]] = {}
        for tenant_id, m in self._uow.movements._t.movements.values():
            if tenant_id == self._uow.tenant_id and keep(m.item_id, m.branch_id, m.business_date, m.kind):
                out.setdefault(m.item_id, []).append(m)
        return out

    def abc(self, branch_id: int | None, since: date, until: date, page: Page) -> AbcReport:
        sold_kinds = (MovementKind.SALE, MovementKind.CONSUMPTION)
        sold = self._movements(
            lambda _, b, d, k: k in sold_kinds and since <= d <= until and (branch_id is None or b == branch_id)
        )
        totals = []
        for item_id, ms in sold.items():
            quantity = -sum((m.quantity for m in ms), QTY_ZERO)  # type: ignore[attr-defined]
            value = -sum((m.value for m in ms), Decimal("0.00"))  # type: ignore[attr-defined]
            if quantity > 0:
                totals.append((item_id, quantity, value))
        totals.sort(key=lambda t: sold_order(*t))
        grand = sum((t[2] for t in totals), Decimal("0.00"))
        items = {i.id: i for i in self._items()}
        rows, preceding = [], Decimal("0.00")
        for item_id, quantity, value in totals:
            klass = CLASSES[class_index(preceding, grand)]
            item = items[item_id]
            rows.append(AbcRow(item_id, item.part_number, item.name, quantity, value, preceding, klass))
            preceding += value
        classes = [
            AbcClass(
                k, sum(1 for r in rows if r.klass == k), sum((r.value for r in rows if r.klass == k), Decimal("0.00"))
            )
            for k in CLASSES
        ]
        return AbcReport(grand, classes, _page(rows, page), len(rows))

    def no_movement(self, branch_id: int | None, since: date, page: Page) -> Paged[StockRow]:
        moved = self._movements(lambda _, b, d, k: branch_id is None or b == branch_id)
        items = {i.id: i for i in self._items()}
        rows = []
        for item_id, (on_hand, reserved) in self._on_hand(branch_id).items():
            last = max((m.business_date for m in moved.get(item_id, [])), default=None)  # type: ignore[attr-defined]
            if last is None or last < since:
                item = items[item_id]
                rows.append(
                    StockRow(
                        item_id,
                        item.part_number,
                        item.name,
                        branch_id,
                        on_hand,
                        reserved,
                        item.min_stock,
                        item.max_stock,
                        item.cost,
                        last,
                    )
                )
        rows.sort(key=lambda r: (r.last_movement is not None, r.last_movement or date.min, r.item_id))
        return Paged(_page(rows, page), len(rows))

    def branch_comparison(self, item_id: int | None) -> list[BranchRow]:
        items = {i.id: i for i in self._items()}
        out = []
        for branch in self._uow.branches.list():
            rows = [
                b
                for b in self._uow.stock.all()
                if b.branch_id == branch.id and (item_id is None or b.item_id == item_id)
            ]
            assert branch.id is not None
            out.append(
                BranchRow(
                    branch.id,
                    branch.name,
                    sum(1 for b in rows if b.on_hand > 0),
                    sum((b.on_hand for b in rows), QTY_ZERO),
                    sum((b.reserved for b in rows), QTY_ZERO),
                    sum((_value(b.on_hand, items[b.item_id].cost) for b in rows), Decimal("0.00")),
                    sum((_value(b.on_hand, items[b.item_id].price_1) for b in rows), Decimal("0.00")),
                )
            )
        return out
