"""Repositories of inventory: items, categories, stock balances, the movement ledger, reservations
and physical counts. All are reached through a tenant's unit of work and see only its rows.

Concurrency (docs/adr/0019-stock-engine.md): every stock operation first calls
:meth:`ItemRepository.lock` with its items, which locks their rows in item-id order until the
transaction ends (PostgreSQL ``FOR NO KEY UPDATE``; SQLite's single writer and the fakes' lock
serialize already). The balance changes are then conditional statements (``UPDATE ... WHERE
on_hand - reserved >= :qty``) that report whether they applied, and the database's CHECK
constraints make ``on_hand < 0``, ``reserved < 0`` and ``reserved > on_hand`` impossible anyway.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from nexus_core.domain.items import Category, Item
from nexus_core.domain.stock import Movement, PhysicalCount, Reservation, ReservationStatus, StockBalance

# (item_id, branch_id) -> quantity
QuantityTotals = dict[tuple[int, int], Decimal]


class CategoryRepository(Protocol):
    def add(self, category: Category) -> int:
        """Insert and set ``category.id``; a name taken (case-insensitively) is a Conflict."""
        ...

    def get(self, category_id: int) -> Category | None: ...

    def get_by_name(self, name: str) -> Category | None:
        """The category with this name, compared case-insensitively."""
        ...

    def list(self) -> list[Category]:
        """Every category, by name."""
        ...


class ItemRepository(Protocol):
    def add(self, item: Item) -> int:
        """Insert and set ``item.id``. A barcode or part number (by key) already used is a Conflict."""
        ...

    def add_many(self, items: Sequence[Item]) -> list[int]:
        """Insert many items in one statement batch; sets and returns their ids in order."""
        ...

    def get(self, item_id: int) -> Item | None: ...

    def get_many(self, item_ids: Collection[int]) -> dict[int, Item]:
        """The tenant's items among ``item_ids``, by id, in one query (missing ids are absent)."""
        ...

    def lock(self, item_ids: Collection[int]) -> dict[int, Item]:
        """Like :meth:`get_many`, locking the rows in id order until the transaction ends."""
        ...

    def get_by_barcode(self, barcode: str) -> Item | None: ...

    def get_by_part_number_key(self, key: str) -> Item | None:
        """The item whose part number normalizes to ``key`` (:func:`~nexus_core.domain.items.part_number_key`)."""
        ...

    def max_barcode(self, prefix: str) -> str | None:
        """The greatest 13-digit barcode starting with ``prefix``, if any (to generate the next)."""
        ...

    def update(self, item: Item) -> None:
        """Write every field of the item, ``cost`` and ``stock_value`` included."""
        ...

    def set_valuation(self, item_id: int, *, cost: Decimal, stock_value: Decimal) -> None:
        """Write only the average cost and the stock value (the stock engine's part of the row)."""
        ...

    def set_valuations(self, rows: Sequence[tuple[int, Decimal, Decimal]]) -> None:
        """:meth:`set_valuation` of many ``(item_id, cost, stock_value)`` in one statement batch."""
        ...

    def brands(self) -> list[str]:
        """The distinct brands of the tenant's items, sorted."""
        ...


class StockBalanceRepository(Protocol):
    """Per (item, branch) ``on_hand`` and ``reserved``. A missing row reads as zero."""

    def get(self, item_id: int, branch_id: int) -> StockBalance: ...

    def for_item(self, item_id: int) -> list[StockBalance]:
        """Every branch row of the item (rows never written are absent), by branch id."""
        ...

    def for_items(self, item_ids: Collection[int], branch_id: int) -> dict[int, StockBalance]:
        """The rows of ``item_ids`` in one branch, by item id (absent rows read as zero)."""
        ...

    def for_items_with_totals(
        self, item_ids: Collection[int], branch_id: int
    ) -> tuple[dict[int, StockBalance], dict[int, Decimal]]:
        """:meth:`for_items` and :meth:`totals_on_hand` in one query (a sale's basket reads both)."""
        ...

    def total_on_hand(self, item_id: int) -> Decimal:
        """``on_hand`` of the item summed over every branch."""
        ...

    def totals_on_hand(self, item_ids: Collection[int]) -> dict[int, Decimal]:
        """:meth:`total_on_hand` of many items in one query (every id present, zero when no row)."""
        ...

    def increase(self, item_id: int, branch_id: int, qty: Decimal, *, day: date | None = None) -> None:
        """``on_hand += qty`` (the row is created when missing). ``day``, on this and every change below:
        the business day of the movement that goes with it, kept on the row by the same statement as the
        row's last movement day (the no-movement report; a later day is never replaced by an earlier one)."""
        ...

    def increase_many(self, rows: Sequence[tuple[int, int, Decimal]], *, day: date | None = None) -> None:
        """:meth:`increase` of many ``(item_id, branch_id, qty)`` in one statement batch."""
        ...

    def decrease(self, item_id: int, branch_id: int, qty: Decimal, *, day: date | None = None) -> bool:
        """``on_hand -= qty`` only if ``on_hand - reserved >= qty``; whether it applied."""
        ...

    def decrease_many(self, rows: Sequence[tuple[int, int, Decimal]], *, day: date | None = None) -> bool:
        """:meth:`decrease` of many distinct ``(item_id, branch_id, qty)`` in one statement batch;
        whether every one applied (the caller holds the item locks and checked availability)."""
        ...

    def reserve(self, item_id: int, branch_id: int, qty: Decimal, *, day: date | None = None) -> bool:
        """``reserved += qty`` only if ``on_hand - reserved >= qty``; whether it applied."""
        ...

    def release(self, item_id: int, branch_id: int, qty: Decimal, *, day: date | None = None) -> bool:
        """``reserved -= qty`` only if ``reserved >= qty``; whether it applied."""
        ...

    def consume(self, item_id: int, branch_id: int, qty: Decimal, *, day: date | None = None) -> bool:
        """``on_hand -= qty`` and ``reserved -= qty`` only if ``reserved >= qty``; whether it applied."""
        ...

    def set_reserved(self, item_id: int, branch_id: int, reserved: Decimal) -> None:
        """Overwrite ``reserved`` (rebuilding it from the reservation rows)."""
        ...

    def reserved_totals(self) -> QuantityTotals:
        """``reserved`` of every row where it is not zero."""
        ...

    def all(self) -> list[StockBalance]:
        """Every row of the tenant, by (item, branch): for checks and tests, not for requests."""
        ...


class MovementRepository(Protocol):
    """The append-only stock ledger."""

    def add(self, movement: Movement) -> int: ...

    def add_many(self, movements: Sequence[Movement]) -> None:
        """Insert in one statement batch; the store numbers them (their ``id`` may stay unset)."""
        ...

    def for_item(self, item_id: int, *, limit: int = 50, branch_id: int | None = None) -> list[Movement]:
        """The item's latest movements, newest first (by id)."""
        ...

    def quantity_totals(self) -> QuantityTotals:
        """Sum of ``quantity`` per (item, branch): what ``on_hand`` must equal."""
        ...


class ReservationRepository(Protocol):
    def add(self, reservation: Reservation) -> int: ...

    def add_many(self, reservations: Sequence[Reservation]) -> None:
        """Insert many in one statement batch; sets their ids."""
        ...

    def get(self, reservation_id: int) -> Reservation | None: ...

    def for_holder(self, holder_kind: str, holder_id: int, *, open_only: bool = True) -> list[Reservation]:
        """The holder's reservations by id (only the open ones unless ``open_only=False``)."""
        ...

    def close(self, reservation_id: int, status: ReservationStatus, at: datetime) -> bool:
        """Mark an open reservation released or consumed; ``False`` when it was not open."""
        ...

    def open_totals(self) -> QuantityTotals:
        """Sum of the open reservations' quantities per (item, branch): what ``reserved`` must equal."""
        ...

    def expired(self, now: datetime, *, limit: int = 500) -> list[Reservation]:
        """Open reservations whose ``expires_at`` is at or before ``now``, oldest first."""
        ...


class PhysicalCountRepository(Protocol):
    def add(self, count: PhysicalCount) -> int:
        """Insert the count and its lines; set ``count.id``."""
        ...

    def get(self, count_id: int) -> PhysicalCount | None:
        """The count with its lines by item id."""
        ...

    def approve(self, count_id: int, *, approved_by: str, approved_at: datetime) -> bool:
        """Mark an open count approved; ``False`` when it was not open (approved already)."""
        ...
