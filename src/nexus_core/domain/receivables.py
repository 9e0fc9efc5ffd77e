"""Receivables: open customer charges, what the aging report buckets by due date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from nexus_core.domain.ledger import line_amount
from nexus_core.domain.text import require_text
from nexus_core.errors import InvalidInput, RuleViolation


@attrs.define(eq=False)
class Receivable:
    """An open customer charge (a credit sale, a PPD invoice): what aging buckets by due date.

    Selling adds one per credit sale and lowers ``open_amount`` as payments arrive.
    ``open_amount`` is the current balance; aging as of a past date shows charges issued by then
    with their current balance (payment history belongs to selling).
    """

    id: int | None
    tenant_id: int
    customer_id: int
    customer_name: str
    reference: str
    amount: Decimal
    open_amount: Decimal
    issued_on: date
    due_date: date
    tax: Decimal = Decimal("0.00")  # the charge's IVA (209.01), moved to 208.01 as it is paid

    @classmethod
    def create(
        cls,
        *,
        tenant_id: int,
        customer_id: int,
        customer_name: object,
        reference: object,
        amount: object,
        issued_on: date,
        due_date: date,
        tax: object = Decimal("0.00"),
    ) -> Receivable:
        total = line_amount(amount, field="amount")
        vat = line_amount(tax, field="tax")
        if vat > total:
            raise InvalidInput("tax must not exceed the amount", field="tax")
        if total == 0:
            raise InvalidInput("amount must be greater than zero", field="amount")
        if due_date < issued_on:
            raise InvalidInput("due_date must not be before the issue date", field="due_date")
        return cls(
            id=None,
            tenant_id=tenant_id,
            customer_id=customer_id,
            customer_name=require_text(customer_name, field="customer_name", max_len=200),
            reference=require_text(reference, field="reference", max_len=60),
            amount=total,
            open_amount=total,
            issued_on=issued_on,
            due_date=due_date,
            tax=vat,
        )

    @property
    def paid(self) -> Decimal:
        return self.amount - self.open_amount

    def apply_payment(self, amount: Decimal) -> None:
        paid = line_amount(amount, field="amount")
        if paid > self.open_amount:
            raise RuleViolation(f"payment {paid} exceeds the open balance {self.open_amount}", field="amount")
        self.open_amount -= paid

    def cancel(self) -> None:
        """The charge is cancelled (its sale was): nothing more is owed on it."""
        self.open_amount = Decimal("0.00")
