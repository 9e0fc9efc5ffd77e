"""The day's consolidated register summary (``GET /pos/api/register/daily-summary``): every
session the tenant opened on one business day, open or closed, added up from their running totals
(the frozen Z figures for the closed ones), with each register's line beside the totals."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import attrs

from nexus_core.domain.money import ZERO
from nexus_core.domain.register import RegisterSession
from nexus_core.domain.register_totals import RegisterTotals

SUMMED = (
    "cash_received",
    "change_given",
    "cash_refunded",
    "sales_cash",
    "sales_card",
    "sales_transfer",
    "sales_credit",
    "movements_in",
    "movements_out",
    "sales_total",
    "returns_cash",
    "returns_card",
    "returns_transfer",
    "returns_total",
    "sales_count",
    "cancelled_count",
    "returns_count",
)


@attrs.frozen
class DailySummary:
    day: date
    sessions: tuple[RegisterSession, ...]
    totals: RegisterTotals
    opening_total: Decimal
    expected_cash: Decimal
    counted_total: Decimal  # of the closed sessions
    difference_total: Decimal  # of the closed sessions (negative: short)

    @property
    def open_count(self) -> int:
        return sum(1 for s in self.sessions if s.is_open)

    @property
    def closed_count(self) -> int:
        return len(self.sessions) - self.open_count


def daily_summary(day: date, sessions: Sequence[RegisterSession]) -> DailySummary:
    totals = RegisterTotals()
    for s in sessions:
        for name in SUMMED:
            setattr(totals, name, getattr(totals, name) + getattr(s.totals, name))
    return DailySummary(
        day=day,
        sessions=tuple(sessions),
        totals=totals,
        opening_total=sum((s.opening_amount for s in sessions), ZERO),
        expected_cash=sum((s.expected_cash for s in sessions), ZERO),
        counted_total=sum((s.counted_amount for s in sessions if s.counted_amount is not None), ZERO),
        difference_total=sum((s.difference for s in sessions if s.difference is not None), ZERO),
    )
