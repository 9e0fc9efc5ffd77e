"""A layaway (apartado): goods set aside for a customer who pays them in installments
(docs/selling.md "Layaways").

* lines are sale lines (figures from :func:`.tax.line_figures`), totals their sums;
* a customer is required; a down payment greater than zero and at most the total; a ``due_date``
  that is not before the tenant's local today;
* ``balance = total - paid``; an installment must be greater than zero and at most the balance;
* it completes only at a balance of zero, once; it cancels only while active, once, under the shop's
  policy: ``refund`` (the default: deposits go back, less an optional ``penalty`` the shop keeps) or
  ``forfeit`` (the shop keeps every deposit).

Every deposit is an :class:`Installment` with its own folio (``AB-0001``); the layaway's folio is
``A-0001``. The goods are reserved while the layaway is active (the stock engine's reservations).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

import attrs

from nexus_core.domain.days import check_day
from nexus_core.domain.money import ZERO, money_strict
from nexus_core.domain.posting_basics import LayawayOutcome, PaymentMethod
from nexus_core.domain.quotations import document_totals, parse_customer_id
from nexus_core.domain.sales import SaleLine
from nexus_core.domain.tax import TicketFigures
from nexus_core.errors import InvalidInput, RuleViolation

HOLDER_KIND = "layaway"  # the stock engine's reservation holder
DEFAULT_POLICY = LayawayOutcome.REFUND


class LayawayDocument(enum.StrEnum):
    """Gapless folio series: the layaway itself and each installment (abono)."""

    LAYAWAY = "A"
    PAYMENT = "AB"


class LayawayStatus(enum.StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


def parse_layaway_status(value: object) -> LayawayStatus | None:
    if value is None:
        return None
    try:
        return LayawayStatus(str(value))
    except ValueError:
        names = ", ".join(s.value for s in LayawayStatus)
        raise InvalidInput(f"status must be one of {names}", field="status") from None


def parse_policy(value: object) -> LayawayOutcome:
    """``refund`` (default) or ``forfeit``."""
    if value is None:
        return DEFAULT_POLICY
    try:
        return LayawayOutcome(str(value))
    except ValueError:
        raise InvalidInput("policy must be refund or forfeit", field="policy") from None


def positive_amount(value: object, *, field: str) -> Decimal:
    amount = money_strict(value, field=field)
    if amount <= 0:
        raise InvalidInput(f"{field} must be greater than zero", field=field)
    return amount


@attrs.frozen
class Installment:
    """One deposit on a layaway (the down payment is the first)."""

    id: int | None
    tenant_id: int
    layaway_id: int
    folio: str
    amount: Decimal
    method: PaymentMethod
    register_id: int | None
    employee_id: int | None
    business_date: date
    at: datetime
    entry_id: int


@attrs.define
class Layaway:
    id: int | None
    tenant_id: int
    folio: str
    branch_id: int
    employee_id: int | None
    customer_id: int
    notes: str | None
    lines: tuple[SaleLine, ...]
    totals: TicketFigures
    due_date: date
    business_date: date
    created_at: datetime
    paid: Decimal = ZERO
    status: LayawayStatus = LayawayStatus.ACTIVE
    completed_at: datetime | None = None
    completion_entry_id: int | None = None
    cancelled_at: datetime | None = None
    policy: LayawayOutcome | None = None
    penalty: Decimal = ZERO
    refunded: Decimal = ZERO
    refund_method: PaymentMethod | None = None
    cancel_reason: str | None = None
    cancel_entry_id: int | None = None
    payments: tuple[Installment, ...] = ()  # read with the layaway's detail

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
        down_payment: object,
        due_date: date,
        business_date: date,
        now: datetime,
    ) -> Layaway:
        """An active layaway that has taken its down payment (``paid``), refused unless every rule holds."""
        customer = parse_customer_id(customer_id, required=True)
        assert customer is not None
        totals = document_totals(lines, max_discount_pct)
        check_day(due_date, field="due_date")
        if due_date < business_date:
            raise InvalidInput(
                f"due_date {due_date.isoformat()} is in the past (today is {business_date.isoformat()})",
                field="due_date",
            )
        first = positive_amount(down_payment, field="down_payment")
        if first > totals.total:
            raise InvalidInput(f"down_payment {first} is more than the total {totals.total}", field="down_payment")
        return cls(
            id=None,
            tenant_id=tenant_id,
            folio=folio,
            branch_id=branch_id,
            employee_id=employee_id,
            customer_id=customer,
            notes=notes,
            lines=tuple(lines),
            totals=totals,
            due_date=due_date,
            business_date=business_date,
            created_at=now,
            paid=first,
        )

    @property
    def balance(self) -> Decimal:
        return self.totals.total - self.paid

    def _require_active(self, action: str) -> None:
        if self.status is not LayawayStatus.ACTIVE:
            raise RuleViolation(
                f"layaway {self.folio} is {self.status.value}; only an active layaway can be {action}",
                field="layaway_id",
            )

    def pay(self, amount: object) -> Decimal:
        """An installment: more than zero, at most the balance. Returns the amount taken."""
        self._require_active("paid")
        taken = positive_amount(amount, field="amount")
        if taken > self.balance:
            raise InvalidInput(
                f"amount {taken} is more than the balance {self.balance} of layaway {self.folio}", field="amount"
            )
        self.paid += taken
        return taken

    def complete(self, now: datetime) -> None:
        """Hands the goods over: only when fully paid, once."""
        self._require_active("completed")
        if self.balance != 0:
            raise RuleViolation(
                f"layaway {self.folio} still owes {self.balance}; it completes at a balance of zero",
                field="layaway_id",
            )
        self.status = LayawayStatus.COMPLETED
        self.completed_at = now

    def cancel(
        self, *, policy: LayawayOutcome, penalty: object, method: PaymentMethod, reason: str | None, now: datetime
    ) -> Decimal:
        """Cancels once, under ``policy``; returns what goes back to the customer (``refunded``)."""
        self._require_active("cancelled")
        kept = ZERO if penalty is None else money_strict(penalty, field="penalty")
        if kept < 0:
            raise InvalidInput("penalty must not be negative", field="penalty")
        if policy is LayawayOutcome.FORFEIT and kept:
            raise InvalidInput("a forfeited layaway keeps every deposit; penalty is for refunds", field="penalty")
        if kept > self.paid:
            raise InvalidInput(f"penalty {kept} is more than the deposits {self.paid}", field="penalty")
        self.status = LayawayStatus.CANCELLED
        self.cancelled_at = now
        self.policy = policy
        self.penalty = kept
        self.refunded = ZERO if policy is LayawayOutcome.FORFEIT else self.paid - kept
        self.refund_method = method if self.refunded else None
        self.cancel_reason = reason
        return self.refunded
