"""ABC classification of the items sold in a period (docs/inventory.md#abc): ranked by the value sold,
best first (then quantity, then item id); an item is A while the value ranked above it is under 80% of
the period's total, B under 95%, C after. Exact comparisons: integers (cents) or Decimals alike."""

from __future__ import annotations

from decimal import Decimal
from typing import TypeVar

CLASSES = ("A", "B", "C")
A_SHARE, B_SHARE = 80, 95  # percent of the total value ranked above an item

N = TypeVar("N", int, Decimal)


def sold_order(item_id: int, quantity: N, value: N) -> tuple[N, N, int]:
    """The ranking's sort key of ``(item_id, quantity, value)``: value, then quantity, descending; id."""
    return (-value, -quantity, item_id)


def class_index(preceding: N, total: N) -> int:
    """0 (A), 1 (B) or 2 (C) for an item with ``preceding`` value ranked above it out of ``total``."""
    if preceding * 100 < total * A_SHARE:
        return 0
    return 1 if preceding * 100 < total * B_SHARE else 2
