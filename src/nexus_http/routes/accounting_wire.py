"""What the accounting routes share: the path prefix, query-string readers and the JSON shapes of
accounts and periods.

Routes translate and nothing more: the core parses dates, entry types and page numbers, enforces
every business rule and names the offending parameter.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from nexus_core.domain.accounts import Account
from nexus_core.domain.money import CENT, ZERO
from nexus_core.domain.periods import FiscalPeriod
from nexus_core.errors import InvalidInput
from nexus_http.endpoints import Call

PREFIX = "/pos/api/accounting"
_PAGE_DIGITS = re.compile(r"^[0-9]{1,9}$")


def money(amount: Decimal) -> Decimal:
    """An amount as the wire writes it: two decimals, never ``-0.00``, and never rounded here.

    The core guarantees at most two decimals; a value with more is a defect that must show (an
    error), not be hidden by a rounding in the HTTP layer.
    """
    if amount != amount.quantize(CENT):
        raise ValueError(f"the core returned {amount}, with more than 2 decimals")
    return ZERO if amount == 0 else amount.quantize(CENT)


def timestamp(moment: datetime | None) -> str | None:
    """The seed's ``2026-04-05T10:00:00``: UTC, to the second, without an offset."""
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="seconds")


def query_text(call: Call, name: str) -> str | None:
    return call.query.get(name)


def query_page(call: Call, name: str) -> int | None:
    """``page``/``per_page`` as an integer; the core checks the range and names the parameter."""
    raw = call.query.get(name)
    if raw is None:
        return None
    text = raw.strip()
    if not _PAGE_DIGITS.match(text):
        if text.isascii() and text.isdigit():
            raise InvalidInput(f"{name} is too large", field=name)
        raise InvalidInput(f"{name} must be a positive integer", field=name)
    return int(text)


def account_json(a: Account) -> dict[str, Any]:
    return {
        "id": a.id,
        "code": a.code,
        "sat_code": a.sat_code,
        "name": a.name,
        "type": a.nature.value,
        "parent_id": a.parent_id,
        "level": a.level,
        "is_active": a.is_active,
    }


def period_json(p: FiscalPeriod) -> dict[str, Any]:
    return {
        "year": p.year,
        "month": p.month,
        "status": p.status.value,
        "closed_at": timestamp(p.closed_at),
        "closed_by": p.closed_by,
    }


def d(text: str) -> Decimal:
    """A Decimal literal in a documented example."""
    return Decimal(text)
