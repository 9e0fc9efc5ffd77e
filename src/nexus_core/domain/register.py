"""A cash register session (caja) and its cuts (docs/domain.md "Cash register and cuts").

The session keeps **running totals** updated with each event linked to it by id (a sale, a
cancellation, a cash movement), so a cut reads them instead of summing sales: an X or Z cut costs the
same for 10 sales or 10,000. ``expected_cash = opening + cash received - change given - cash refunded
+ movements_in - movements_out + layaway_cash + customers' cash payments``; card and transfer are
reported beside it. A Z cut closes the session with ``counted_amount`` and ``difference = counted - expected`` and
freezes its summary: a closed session takes no event, so nothing can change it afterwards.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

import attrs

from nexus_core.domain.money import money_strict
from nexus_core.domain.posting_basics import PaymentMethod
from nexus_core.domain.register_totals import CutSummary, RegisterTotals
from nexus_core.domain.returns import SaleReturn
from nexus_core.domain.sales import Sale
from nexus_core.domain.text import require_text
from nexus_core.errors import InvalidInput, RuleViolation


class RegisterStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class MovementDirection(enum.StrEnum):
    IN = "in"
    OUT = "out"


def parse_direction(value: object) -> MovementDirection:
    try:
        return MovementDirection(str(value))
    except ValueError:
        raise InvalidInput("type must be 'in' or 'out'", field="type") from None


def positive_money(value: object, *, field: str) -> Decimal:
    amount = money_strict(value, field=field)
    if amount <= 0:
        raise InvalidInput(f"{field} must be greater than zero", field=field)
    return amount


@attrs.frozen
class CashMovement:
    id: int | None
    tenant_id: int
    register_id: int
    direction: MovementDirection
    amount: Decimal
    reason: str
    employee_id: int | None
    at: datetime


@attrs.define
class RegisterSession:
    id: int | None
    tenant_id: int
    branch_id: int
    employee_id: int | None
    opening_amount: Decimal
    opened_at: datetime
    totals: RegisterTotals = attrs.Factory(RegisterTotals)
    status: RegisterStatus = RegisterStatus.OPEN
    closed_at: datetime | None = None
    counted_amount: Decimal | None = None
    difference: Decimal | None = None
    cut_folio: str | None = None
    business_date: date | None = None  # the tenant's day it was opened on
    closed_on: date | None = None  # the tenant's day of its Z cut

    @classmethod
    def open(
        cls,
        *,
        tenant_id: int,
        branch_id: int,
        employee_id: int | None,
        opening_amount: object,
        now: datetime,
        business_date: date | None = None,
    ) -> RegisterSession:
        amount = money_strict(opening_amount, field="opening_amount")
        if amount < 0:
            raise InvalidInput("opening_amount must not be negative", field="opening_amount")
        return cls(None, tenant_id, branch_id, employee_id, amount, now, business_date=business_date)

    @property
    def is_open(self) -> bool:
        return self.status is RegisterStatus.OPEN

    def _require_open(self) -> None:
        if not self.is_open:
            raise RuleViolation(f"register {self.id} is closed", field="register_id")

    @property
    def expected_cash(self) -> Decimal:
        return self.totals.expected_cash(self.opening_amount)

    def record_sale(self, sale: Sale) -> None:
        self._require_open()
        t, p = self.totals, sale.payment
        t.cash_received += p.cash_received
        t.change_given += p.change
        t.sales_cash += p.tendered(PaymentMethod.CASH)
        t.sales_card += p.tendered(PaymentMethod.CARD)
        t.sales_transfer += p.tendered(PaymentMethod.TRANSFER)
        t.sales_credit += p.on_account
        t.sales_total += sale.totals.total
        t.sales_count += 1

    def record_cancellation(self, sale: Sale) -> None:
        """A cancelled sale gives back what it collected: its cash leaves the drawer."""
        self._require_open()
        t, p = self.totals, sale.payment
        t.cash_refunded += p.tendered(PaymentMethod.CASH)
        t.sales_cash -= p.tendered(PaymentMethod.CASH)
        t.sales_card -= p.tendered(PaymentMethod.CARD)
        t.sales_transfer -= p.tendered(PaymentMethod.TRANSFER)
        t.sales_credit -= p.on_account
        t.sales_total -= sale.totals.total
        t.cancelled_count += 1

    def record_layaway_completion(self, total: Decimal) -> None:
        """A layaway delivered here counts as a sale of the day (ADR 32): its ticket's total joins
        ``total_sales`` and ``sales_count``; no tender total moves (its money came in as deposits)."""
        self._require_open()
        self.totals.sales_total += total
        self.totals.sales_count += 1

    def record_layaway_cash(self, amount: Decimal) -> None:
        """A layaway deposit in cash (positive) or a cash refund of a cancelled layaway (negative)."""
        self._require_open()
        self.totals.layaway_cash += amount

    def record_payment(self, method: PaymentMethod, amount: Decimal) -> None:
        """A customer's payment on account taken here: cash goes into the drawer."""
        self._require_open()
        t = self.totals
        if method is PaymentMethod.CASH:
            t.payments_cash += amount
        elif method is PaymentMethod.CARD:
            t.payments_card += amount
        else:
            t.payments_transfer += amount

    def record_return(self, ret: SaleReturn) -> None:
        """A return's refund: its cash leaves the drawer; card and transfer refunds are reported."""
        self._require_open()
        t = self.totals
        cash = ret.refunded(PaymentMethod.CASH)
        t.cash_refunded += cash
        t.returns_cash += cash
        t.returns_card += ret.refunded(PaymentMethod.CARD)
        t.returns_transfer += ret.refunded(PaymentMethod.TRANSFER)
        t.returns_total += ret.refunded_total  # money; a credit note takes nothing from a register
        t.returns_count += 1

    def record_movement(self, direction: MovementDirection, amount: Decimal) -> None:
        self._require_open()
        if direction is MovementDirection.IN:
            self.totals.movements_in += amount
        else:
            if amount > self.expected_cash:
                raise RuleViolation(
                    f"cannot take out {amount}: the drawer should hold {self.expected_cash}", field="amount"
                )
            self.totals.movements_out += amount

    def summary(self) -> CutSummary:
        assert self.id is not None
        return CutSummary(
            register_id=self.id,
            opening_amount=self.opening_amount,
            totals=attrs.evolve(self.totals),
            expected_cash=self.expected_cash,
            counted_amount=self.counted_amount,
            difference=self.difference,
        )

    def close(
        self, counted_amount: object, *, folio: str, now: datetime, business_date: date | None = None
    ) -> CutSummary:
        """The Z cut: closes the session once, with ``difference = counted - expected``."""
        self._require_open()
        counted = money_strict(counted_amount, field="counted_amount")
        if counted < 0:
            raise InvalidInput("counted_amount must not be negative", field="counted_amount")
        self.counted_amount = counted
        self.difference = counted - self.expected_cash
        self.status = RegisterStatus.CLOSED
        self.closed_at = now
        self.cut_folio = folio
        self.closed_on = business_date
        return self.summary()


def new_movement(
    *,
    tenant_id: int,
    register_id: int,
    direction: object,
    amount: object,
    reason: object,
    employee_id: int | None,
    now: datetime,
) -> CashMovement:
    text = require_text(reason, field="reason", max_len=300)
    return CashMovement(
        None,
        tenant_id,
        register_id,
        parse_direction(direction),
        positive_money(amount, field="amount"),
        text,
        employee_id,
        now,
    )
