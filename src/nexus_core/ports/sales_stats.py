"""The maintained sales aggregates (:mod:`nexus_core.domain.sales_stats`), reached as ``uow.sales_stats``.

Writes add deltas to buckets in the sale's own transaction (an item's day and month buckets alike);
reads aggregate buckets, so their cost follows the days and rows asked for, not the number of sales
ever made.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol

from nexus_core.domain.sales_stats import (
    EmployeeFigures,
    HourBucket,
    HourFigures,
    ItemBucket,
    ItemFigures,
    PeriodFigures,
)


class SalesStatsRepository(Protocol):
    def add(self, hour: HourBucket, items: Sequence[ItemBucket]) -> None:
        """Add the deltas to their buckets (a bucket not there yet starts at zero)."""
        ...

    def period(self, day_from: date, day_to: date) -> PeriodFigures:
        """Sales count and total of the days ``day_from..day_to`` (inclusive)."""
        ...

    def hours(self, day: date) -> list[HourFigures]:
        """The day's hours that have buckets, by hour."""
        ...

    def employees(self, day: date) -> list[EmployeeFigures]:
        """The day's figures per employee, by employee id."""
        ...

    def top_items(self, day_from: date, day_to: date, limit: int, *, by_quantity: bool = True) -> list[ItemFigures]:
        """The items sold most in the days (by quantity, else by total), best first, ties by item id;
        only items with a positive quantity."""
        ...

    def month_top_items(self, month: date, limit: int) -> list[ItemFigures]:
        """The items sold most (by quantity) in the local month of ``month``, best first, ties by item id;
        only items with a positive quantity. Reads the month buckets: items x branches rows, whatever
        the days or the history."""
        ...

    def demand(
        self, day_from: date, day_to: date, *, branch_id: int | None = None, category_id: int | None = None
    ) -> list[tuple[date, int, int | None, Decimal]]:
        """``(day, branch_id, category_id, quantity)`` per day, branch and the items' current category
        (``None``: uncategorized), positive quantities only, in that order."""
        ...
