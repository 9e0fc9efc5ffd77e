"""Fiscal periods (one calendar month each) and the calendar arithmetic the ledger needs."""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta

import attrs

from nexus_core.domain.days import MAX_YEAR, MIN_YEAR, check_day, parse_day
from nexus_core.errors import InvalidInput, RuleViolation

__all__ = ["FiscalPeriod", "PeriodStatus", "check_range", "parse_day", "parse_year_month"]


class PeriodStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


def parse_year_month(year: object, month: object) -> tuple[int, int]:
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidInput(f"year must be an integer between {MIN_YEAR} and {MAX_YEAR}", field="year")
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise InvalidInput("month must be an integer between 1 and 12", field="month")
    return year, month


def first_day(year: int, month: int) -> date:
    return date(year, month, 1)


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def last_day(year: int, month: int) -> date:
    ny, nm = next_month(year, month)
    return date(ny, nm, 1) - timedelta(days=1)


def period_label(year: int, month: int) -> str:
    """``"2026-03"``: how messages and people name a period."""
    return f"{year:04d}-{month:02d}"


@attrs.define(eq=False)
class FiscalPeriod:
    """One month of one tenant's books. Open until closed; closing is irreversible."""

    tenant_id: int
    year: int
    month: int
    status: PeriodStatus = PeriodStatus.OPEN
    closed_at: datetime | None = None
    closed_by: str | None = None

    @classmethod
    def open(cls, *, tenant_id: int, year: int, month: int) -> FiscalPeriod:
        year, month = parse_year_month(year, month)
        return cls(tenant_id=tenant_id, year=year, month=month)

    @property
    def key(self) -> tuple[int, int]:
        return (self.year, self.month)

    @property
    def label(self) -> str:
        return period_label(self.year, self.month)

    @property
    def is_closed(self) -> bool:
        return self.status is PeriodStatus.CLOSED

    def close(self, *, now: datetime, by: str) -> None:
        if self.is_closed:
            raise RuleViolation(f"period {self.label} is already closed", field="month")
        self.status = PeriodStatus.CLOSED
        self.closed_at = now
        self.closed_by = by


def check_range(date_from: date | None, date_to: date | None) -> tuple[date | None, date | None]:
    """An optional ``date_from..date_to`` filter: each day in range, and a reversed range refused
    naming ``date_from``. The core's one check of a report's or a listing's range."""
    start = None if date_from is None else check_day(date_from, field="date_from")
    end = None if date_to is None else check_day(date_to, field="date_to")
    if start is not None and end is not None and start > end:
        raise InvalidInput("date_from must not be after date_to", field="date_from")
    return start, end
