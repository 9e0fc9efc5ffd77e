"""Stock per item and branch, the movement ledger, reservations and physical counts.

Rules (docs/domain.md "Stock and reservations", docs/adr/0019-stock-engine.md):

* per (item, branch): ``available = on_hand - reserved`` and ``on_hand >= reserved >= 0``;
* every change of ``on_hand`` or ``reserved`` is a :class:`Movement`: ``quantity`` is its change of
  ``on_hand``, ``reserved_delta`` its change of ``reserved``, so ``on_hand`` is the sum of the
  movements' quantities and ``reserved`` the sum of the open :class:`Reservation` rows;
* ``value`` is the movement's change of the item's stock value (weighted average cost, tenant-wide),
  which is what the books' 115.01 moves by.

Quantities are ``Decimal`` with three places (:data:`nexus_core.domain.money.QUANTITY_PLACES`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import attrs

from nexus_core.domain.money import CENT, ZERO, quantity, round_money
from nexus_core.domain.text import optional_text
from nexus_core.errors import InvalidInput, RuleViolation

QTY = Decimal("0.001")
QTY_ZERO = Decimal("0.000")


class MovementKind(enum.StrEnum):
    PURCHASE = "purchase"
    SALE = "sale"
    ADJUSTMENT = "adjustment"
    TRANSFER_OUT = "transfer_out"
    TRANSFER_IN = "transfer_in"
    RETURN = "return"
    COUNT = "count"
    RESERVATION = "reservation"
    RELEASE = "release"
    CONSUMPTION = "consumption"


class ReservationStatus(enum.StrEnum):
    OPEN = "open"
    RELEASED = "released"
    CONSUMED = "consumed"


class CountStatus(enum.StrEnum):
    OPEN = "open"
    APPROVED = "approved"


def positive_quantity(value: object, *, field: str = "quantity") -> Decimal:
    """A quantity a client asks to move: at most three decimals, greater than zero."""
    amount = quantity(value, field=field)
    if amount <= 0:
        raise InvalidInput(f"{field} must be greater than zero", field=field)
    return amount


def nonzero_quantity(value: object, *, field: str = "quantity") -> Decimal:
    """A signed quantity (an adjustment): at most three decimals, not zero."""
    amount = quantity(value, field=field)
    if amount == 0:
        raise InvalidInput(f"{field} must not be zero", field=field)
    return amount


def fmt_qty(amount: Decimal) -> str:
    """A quantity as people read it: ``5``, ``2.5``."""
    text = f"{amount.normalize():f}"
    return text


@attrs.frozen
class StockBalance:
    """What one branch holds of one item."""

    item_id: int
    branch_id: int
    on_hand: Decimal = QTY_ZERO
    reserved: Decimal = QTY_ZERO

    @property
    def available(self) -> Decimal:
        """What can be sold or reserved: ``on_hand - reserved`` (the POS ``stock``)."""
        return self.on_hand - self.reserved


@attrs.frozen
class Actor:
    """Who moved stock, as recorded on each movement: the employee (``None``: the operator)."""

    id: int | None
    name: str


@attrs.define(eq=False)
class Movement:
    """One line of the stock ledger (append-only)."""

    id: int | None
    tenant_id: int
    item_id: int
    branch_id: int
    kind: MovementKind
    quantity: Decimal  # change of on_hand (signed)
    reserved_delta: Decimal  # change of reserved (signed)
    value: Decimal  # change of the item's stock value, cents (signed)
    unit_cost: Decimal | None
    reference: str
    reason: str | None
    actor_id: int | None
    actor_name: str
    at: datetime  # UTC instant
    business_date: date  # the tenant's local day


@attrs.define(eq=False)
class Reservation:
    """Units of one item set aside in one branch for a holder (a layaway, a delivery order ...)."""

    id: int | None
    tenant_id: int
    item_id: int
    branch_id: int
    quantity: Decimal
    holder_kind: str
    holder_id: int
    status: ReservationStatus
    created_at: datetime
    expires_at: datetime | None = None
    closed_at: datetime | None = None


def parse_holder_kind(value: object) -> str:
    text = optional_text(value, field="holder_kind", max_len=30)
    if text is None or not text.replace("_", "").isalnum() or not text.isascii():
        raise InvalidInput("holder_kind must be a short word such as layaway or delivery_order", field="holder_kind")
    return text.lower()


@attrs.frozen
class CountLine:
    item_id: int
    counted: Decimal
    system_quantity: Decimal  # on_hand when the count was taken

    @property
    def difference(self) -> Decimal:
        return self.counted - self.system_quantity


@attrs.define(eq=False)
class PhysicalCount:
    """A physical count of one branch: the counted quantities beside the system's at that moment."""

    id: int | None
    tenant_id: int
    branch_id: int
    status: CountStatus
    lines: list[CountLine]
    created_by: str
    created_at: datetime
    business_date: date
    approved_by: str | None = None
    approved_at: datetime | None = None


@attrs.frozen
class ShortLine:
    """A line that cannot be served: what it asks and what the branch has available."""

    item_id: int
    branch_id: int
    required: Decimal
    available: Decimal
    name: str | None = None

    def describe(self) -> str:
        what = f"item {self.item_id}" + (f" ({self.name})" if self.name else "")
        return (
            f"{what} in branch {self.branch_id}: required {fmt_qty(self.required)}, available {fmt_qty(self.available)}"
        )


class InsufficientStock(RuleViolation):
    """Some lines cannot be served; ``short`` lists every one of them, not only the first."""

    def __init__(self, short: Iterable[ShortLine], *, field: str | None = "items") -> None:
        self.short = tuple(short)
        super().__init__("insufficient stock: " + "; ".join(s.describe() for s in self.short), field=field)


def totals_by_item(lines: Iterable[tuple[int, Decimal]]) -> dict[int, Decimal]:
    """Quantities per item, summed (a request may name an item twice)."""
    out: dict[int, Decimal] = {}
    for item_id, qty in lines:
        out[item_id] = out.get(item_id, QTY_ZERO) + qty
    return out


def short_lines(wanted: Mapping[int, Decimal], balances: Mapping[int, StockBalance], branch_id: int) -> list[ShortLine]:
    """Every item whose available quantity in ``branch_id`` is below what is wanted."""
    short = []
    for item_id, required in sorted(wanted.items()):
        balance = balances.get(item_id) or StockBalance(item_id, branch_id)
        if balance.available < required:
            short.append(ShortLine(item_id, branch_id, required, balance.available))
    return short


# --- weighted average cost (tenant-wide per item; ADR 19) ---------------------------------------


def line_value(qty: Decimal, unit_cost: Decimal) -> Decimal:
    """The value of ``qty`` units at ``unit_cost``, rounded half-up to the cent."""
    return round_money(qty * unit_cost)


def received(total_qty: Decimal, stock_value: Decimal, qty: Decimal, value: Decimal) -> tuple[Decimal, Decimal]:
    """After receiving ``qty`` units worth ``value``: the new (average cost, stock value)."""
    new_value = stock_value + value
    new_qty = total_qty + qty
    cost = (new_value / new_qty).quantize(CENT, rounding=ROUND_HALF_UP) if new_qty > 0 else ZERO
    return cost, new_value


def issued_value(total_qty: Decimal, stock_value: Decimal, qty: Decimal) -> Decimal:
    """The value leaving with ``qty`` of the ``total_qty`` units on hand: the average share of the
    stock value, and exactly all of it with the last unit (so the value never drifts from zero)."""
    if qty >= total_qty or total_qty <= 0:
        return stock_value
    return round_money(stock_value * qty / total_qty)
