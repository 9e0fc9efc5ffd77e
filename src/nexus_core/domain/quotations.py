"""A quotation (cotización): a priced ticket that sells nothing yet (docs/selling.md "Quotations").

* lines are sale lines: each line's figures come from :func:`.tax.line_figures` (the one computation),
  the totals are their sums, a discount above the employee's ``max_discount_pct`` is refused;
* ``valid_days`` 1..365 (15 by default): the quotation can be converted through ``valid_until =
  business_date + valid_days``, both the tenant's local days;
* status ``active`` / ``converted`` / ``cancelled`` is stored; ``expired`` is never stored: it is an
  active quotation read on a local day after ``valid_until`` (:meth:`Quotation.status_on`), so no job
  has to run at midnight and every reader agrees;
* the quoted prices hold while the quotation is active: converting sells the quoted lines as quoted.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

import attrs

from nexus_core.domain.sales import SaleLine, check_discounts
from nexus_core.domain.tax import TicketFigures, ticket_figures
from nexus_core.errors import InvalidInput, RuleViolation

DEFAULT_VALID_DAYS = 15
MAX_VALID_DAYS = 365


class QuotationDocument(enum.StrEnum):
    """The quotations' gapless folio series (``C-0001``)."""

    QUOTATION = "C"


class QuotationStatus(enum.StrEnum):
    ACTIVE = "active"
    CONVERTED = "converted"
    EXPIRED = "expired"  # derived, never stored
    CANCELLED = "cancelled"


STORED_STATUSES = (QuotationStatus.ACTIVE, QuotationStatus.CONVERTED, QuotationStatus.CANCELLED)


def parse_valid_days(value: object) -> int:
    """Whole days, 1..365; ``None`` is the default 15."""
    if value is None:
        return DEFAULT_VALID_DAYS
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_VALID_DAYS:
        raise InvalidInput(f"valid_days must be a whole number of days from 1 to {MAX_VALID_DAYS}", field="valid_days")
    return value


def parse_quotation_status(value: object) -> QuotationStatus | None:
    if value is None:
        return None
    try:
        return QuotationStatus(str(value))
    except ValueError:
        names = ", ".join(s.value for s in QuotationStatus)
        raise InvalidInput(f"status must be one of {names}", field="status") from None


def parse_customer_id(value: object, *, required: bool) -> int | None:
    """A customer's id as a positive integer (its existence is checked where customers are kept)."""
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidInput("customer_id must be a positive integer", field="customer_id")
    return value


def document_totals(lines: Sequence[SaleLine], max_discount_pct: Decimal) -> TicketFigures:
    """The totals of a quotation's or a layaway's lines, refused like a sale's: no lines, a discount
    above the employee's maximum, a total of zero."""
    if not lines:
        raise InvalidInput("at least one item is needed", field="items")
    check_discounts([ln.figures for ln in lines], max_discount_pct)
    totals = ticket_figures(ln.figures for ln in lines)
    if totals.total <= 0:
        raise InvalidInput("the total must be greater than zero", field="items")
    return totals


@attrs.define
class Quotation:
    id: int | None
    tenant_id: int
    folio: str
    branch_id: int
    employee_id: int | None
    customer_id: int | None
    notes: str | None
    lines: tuple[SaleLine, ...]
    totals: TicketFigures
    valid_days: int
    business_date: date
    created_at: datetime
    status: QuotationStatus = QuotationStatus.ACTIVE  # as stored: never EXPIRED
    sale_id: int | None = None
    converted_at: datetime | None = None
    cancelled_at: datetime | None = None

    @classmethod
    def create(
        cls,
        *,
        tenant_id: int,
        folio: str,
        branch_id: int,
        employee_id: int | None,
        customer_id: object,
        notes: str | None,
        lines: Sequence[SaleLine],
        max_discount_pct: Decimal,
        valid_days: object,
        business_date: date,
        now: datetime,
    ) -> Quotation:
        return cls(
            id=None,
            tenant_id=tenant_id,
            folio=folio,
            branch_id=branch_id,
            employee_id=employee_id,
            customer_id=parse_customer_id(customer_id, required=False),
            notes=notes,
            lines=tuple(lines),
            totals=document_totals(lines, max_discount_pct),
            valid_days=parse_valid_days(valid_days),
            business_date=business_date,
            created_at=now,
        )

    @property
    def valid_until(self) -> date:
        """The last local day on which the quotation can be converted."""
        return self.business_date + timedelta(days=self.valid_days)

    def status_on(self, today: date) -> QuotationStatus:
        """The status a reader sees on the tenant's local ``today``: an active quotation past its
        ``valid_until`` is expired."""
        if self.status is QuotationStatus.ACTIVE and today > self.valid_until:
            return QuotationStatus.EXPIRED
        return self.status

    def _require_active(self, today: date, action: str) -> None:
        status = self.status_on(today)
        if status is QuotationStatus.EXPIRED:
            raise RuleViolation(
                f"quotation {self.folio} expired on {self.valid_until.isoformat()}; "
                f"only an active quotation can be {action} (quote again)",
                field="quotation_id",
            )
        if status is not QuotationStatus.ACTIVE:
            raise RuleViolation(
                f"quotation {self.folio} is {status.value}; only an active quotation can be {action}",
                field="quotation_id",
            )

    def require_convertible(self, today: date) -> None:
        self._require_active(today, "converted")

    def convert(self, sale_id: int, *, today: date, now: datetime) -> None:
        """Linked to the sale that sold it, once."""
        self._require_active(today, "converted")
        self.status = QuotationStatus.CONVERTED
        self.sale_id = sale_id
        self.converted_at = now

    def cancel(self, *, today: date, now: datetime) -> None:
        self._require_active(today, "cancelled")
        self.status = QuotationStatus.CANCELLED
        self.cancelled_at = now
