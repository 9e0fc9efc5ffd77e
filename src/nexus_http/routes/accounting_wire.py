"""What the accounting routes share: the path prefix, the query strings of the reports, and the wire
classes and JSON of accounts and periods.

Routes translate and nothing more. The wire classes turn the query string and the body into typed
values (``date``, ``Decimal``, ``int``, enums), refusing what has the wrong form with 400 naming the
parameter; the core checks every business rule once (ranges of days, pages and amounts, balance,
periods) and names the offending field the same way. Answers are written from the core's values as
they are: amounts already have two decimals (the domain quantizes every amount it accepts or sums).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.accounts import Account
from nexus_core.domain.chart import AccountNature
from nexus_core.domain.days import instant_text
from nexus_core.domain.periods import FiscalPeriod, PeriodStatus

PREFIX = "/pos/api/accounting"


# --- query strings ------------------------------------------------------------------------------


@attrs.frozen
class ReportRange:
    """``?date_from=&date_to=`` of the trial balance and the income statement."""

    date_from: date | None = attrs.field(
        default=None, metadata={"description": "First day (YYYY-MM-DD); default: the first of the current month."}
    )
    date_to: date | None = attrs.field(
        default=None, metadata={"description": "Last day (YYYY-MM-DD), not before date_from; default: today."}
    )


@attrs.frozen
class ReportDay:
    """``?date=`` of the balance sheet and the aging. Days are the tenant's (its time zone)."""

    date: date | None = attrs.field(
        default=None, metadata={"description": "The day (YYYY-MM-DD) the report is at; default: the tenant's today."}
    )


# --- accounts -----------------------------------------------------------------------------------


@attrs.frozen
class AccountOut:
    id: int
    code: str
    sat_code: str
    name: str
    type: AccountNature
    parent_id: int | None
    level: int
    is_active: bool


def account_json(a: Account) -> dict[str, Any]:
    return {
        "id": a.id,
        "code": a.code,
        "sat_code": a.sat_code,
        "name": a.name,
        "type": a.nature,
        "parent_id": a.parent_id,
        "level": a.level,
        "is_active": a.is_active,
    }


# --- periods ------------------------------------------------------------------------------------


@attrs.frozen
class PeriodOut:
    year: int
    month: int
    status: PeriodStatus
    closed_at: str | None = attrs.field(metadata={"description": "UTC, to the second, no offset"})
    closed_by: str | None


def period_json(p: FiscalPeriod) -> dict[str, Any]:
    return {
        "year": p.year,
        "month": p.month,
        "status": p.status,
        "closed_at": None if p.closed_at is None else instant_text(p.closed_at),
        "closed_by": p.closed_by,
    }


def d(text: str) -> Decimal:
    """A Decimal literal in a documented example."""
    return Decimal(text)
