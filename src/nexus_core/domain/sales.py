"""A sale at the counter: its lines (figures from :mod:`.tax`), its tenders and its folio.

Rules (docs/domain.md "Money and rounding", "Tax (IVA)", "Cash register and cuts"):

* at least one line; each line's figures come from :func:`.tax.line_figures` (the one computation);
* a discount above the employee's ``max_discount_pct`` is refused;
* ``efectivo``: ``amount_paid`` short of the total is refused, the change is ``amount_paid - total``;
* ``tarjeta`` / ``transferencia``: exactly the total (change only comes from cash);
* ``mixto``: ``payment_details`` (efectivo/tarjeta/transferencia amounts) sum to the total, no change;
* ``credito``: a customer is required; ``amount_paid`` (0 by default, in ``credit_payment``) may take part of
  the total now, the rest goes on the customer's account.

Folios are gapless per tenant and document type: :func:`folio` formats the number a folio counter
allocated inside the sale's transaction.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

import attrs

from nexus_core.domain.money import ZERO, money_strict
from nexus_core.domain.posting_basics import PaymentMethod, Tender
from nexus_core.domain.tax import LineFigures, TicketFigures, ticket_figures
from nexus_core.errors import InvalidInput, RuleViolation


class DocumentType(enum.StrEnum):
    """Document types with their own gapless folio series."""

    SALE = "V"
    SALE_CANCELLATION = "VC"
    REGISTER_CUT = "Z"
    CUSTOMER_PAYMENT = "PAG"
    SALE_RETURN = "D"  # devolucion


def folio(doc: enum.StrEnum, number: int) -> str:
    """``V-0001``: the type's prefix and the allocated number (at least four digits). Any series'
    enum works (:class:`DocumentType`, ``quotations.QuotationDocument``, ``layaways.LayawayDocument``)."""
    if number < 1:
        raise ValueError("folio numbers start at 1")
    return f"{doc.value}-{number:04d}"


class SaleMethod(enum.StrEnum):
    """Payment methods as the seed names them on the wire."""

    CASH = "efectivo"
    CARD = "tarjeta"
    TRANSFER = "transferencia"
    MIXED = "mixto"
    CREDIT = "credito"


TENDER_METHODS: dict[str, PaymentMethod] = {
    SaleMethod.CASH.value: PaymentMethod.CASH,
    SaleMethod.CARD.value: PaymentMethod.CARD,
    SaleMethod.TRANSFER.value: PaymentMethod.TRANSFER,
}


def parse_sale_method(value: object, *, field: str = "payment_method") -> SaleMethod:
    try:
        return SaleMethod(str(value))
    except ValueError:
        names = ", ".join(m.value for m in SaleMethod)
        raise InvalidInput(f"{field} must be one of {names}", field=field) from None


def parse_tender_method(value: object, *, field: str) -> PaymentMethod:
    method = TENDER_METHODS.get(str(value))
    if method is None:
        raise InvalidInput(f"{field} must be one of {', '.join(TENDER_METHODS)}", field=field)
    return method


class SaleStatus(enum.StrEnum):
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    RETURNED = "returned"
    PARTIALLY_RETURNED = "partially_returned"


@attrs.frozen
class SaleLine:
    item_id: int
    figures: LineFigures
    cost: Decimal = ZERO  # at the weighted average when issued (cost of sales)


@attrs.frozen
class Payment:
    """How a sale is paid: ``tenders`` (net of change, sum = what was collected now), the cash handed
    over (``cash_received``), the ``change`` given back and what goes on account (``on_account``)."""

    method: SaleMethod
    tenders: tuple[Tender, ...]
    amount_paid: Decimal
    cash_received: Decimal
    change: Decimal
    on_account: Decimal

    @property
    def collected(self) -> Decimal:
        return sum((t.amount for t in self.tenders), ZERO)

    def tendered(self, method: PaymentMethod) -> Decimal:
        return sum((t.amount for t in self.tenders if t.method is method), ZERO)


def settle(
    total: Decimal,
    method: SaleMethod,
    amount_paid: object | None,
    details: Sequence[tuple[object, object]] = (),
    *,
    credit_payment: object = "efectivo",
) -> Payment:
    """The payment of ``total`` by ``method``, or :class:`InvalidInput` naming the broken rule."""
    if method is SaleMethod.MIXED:
        if not details:
            raise InvalidInput("a mixed payment needs payment_details", field="payment_details")
        tenders = tuple(
            Tender(
                parse_tender_method(m, field=f"payment_details[{i}].method"),
                _positive(a, f"payment_details[{i}].amount"),
            )
            for i, (m, a) in enumerate(details)
        )
        paid = sum((t.amount for t in tenders), ZERO)
        if paid != total:
            raise InvalidInput(f"payment_details add up to {paid}, the total is {total}", field="payment_details")
        cash = sum((t.amount for t in tenders if t.method is PaymentMethod.CASH), ZERO)
        return Payment(method, tenders, paid, cash, ZERO, ZERO)
    if details:
        raise InvalidInput("payment_details are only for a mixed payment", field="payment_details")
    if method is SaleMethod.CREDIT:
        paid = ZERO if amount_paid is None else money_strict(amount_paid, field="amount_paid")
        if paid < 0 or paid > total:
            raise InvalidInput(f"amount_paid must be between 0 and the total {total}", field="amount_paid")
        tender_method = parse_tender_method(credit_payment, field="payment_method")
        tenders = (Tender(tender_method, paid),) if paid > 0 else ()
        cash = paid if tender_method is PaymentMethod.CASH else ZERO
        return Payment(method, tenders, paid, cash, ZERO, total - paid)
    tender_method = TENDER_METHODS[method.value]
    paid = total if amount_paid is None else money_strict(amount_paid, field="amount_paid")
    if paid < total:
        raise InvalidInput(f"amount_paid {paid} is short of the total {total}", field="amount_paid")
    if paid > total and tender_method is not PaymentMethod.CASH:
        raise InvalidInput(
            "change is only given from cash: a card or transfer pays the exact total", field="amount_paid"
        )
    tenders = (Tender(tender_method, total),) if total > 0 else ()
    cash = paid if tender_method is PaymentMethod.CASH else ZERO
    return Payment(method, tenders, paid, cash, paid - total, ZERO)


def _positive(value: object, field: str) -> Decimal:
    amount = money_strict(value, field=field)
    if amount <= 0:
        raise InvalidInput(f"{field} must be greater than zero", field=field)
    return amount


def check_discounts(lines: Sequence[LineFigures], max_discount_pct: Decimal) -> None:
    for i, line in enumerate(lines):
        if line.discount_pct > max_discount_pct:
            raise RuleViolation(
                f"line {i}: discount {line.discount_pct}% exceeds your maximum of {max_discount_pct}%",
                field=f"items[{i}].discount_pct",
            )


@attrs.define
class Sale:
    id: int | None
    tenant_id: int
    folio: str
    branch_id: int
    employee_id: int | None
    register_id: int | None
    customer_id: int | None
    lines: tuple[SaleLine, ...]
    totals: TicketFigures
    payment: Payment
    business_date: date
    created_at: datetime
    status: SaleStatus = SaleStatus.COMPLETED
    entry_id: int | None = None
    cancel_entry_id: int | None = None
    cancelled_at: datetime | None = None

    @classmethod
    def create(
        cls,
        *,
        tenant_id: int,
        folio: str,
        branch_id: int,
        employee_id: int | None,
        register_id: int | None,
        customer_id: int | None,
        lines: Sequence[SaleLine],
        payment: Payment,
        max_discount_pct: Decimal,
        business_date: date,
        now: datetime,
    ) -> Sale:
        """A completed sale, refused unless every rule holds (the lines' figures are already checked)."""
        if not lines:
            raise InvalidInput("a sale needs at least one item", field="items")
        check_discounts([ln.figures for ln in lines], max_discount_pct)
        totals = ticket_figures(ln.figures for ln in lines)
        if totals.total <= 0:
            raise InvalidInput("the ticket total must be greater than zero", field="items")
        if payment.collected + payment.on_account != totals.total:
            raise InvalidInput("the payment does not cover the total", field="amount_paid")
        if payment.method is SaleMethod.CREDIT and customer_id is None:
            raise InvalidInput("a credit sale needs a customer", field="customer_id")
        if payment.cash_received > 0 and register_id is None:
            raise RuleViolation("a sale that takes cash needs your open register", field="payment_method")
        return cls(
            id=None,
            tenant_id=tenant_id,
            folio=folio,
            branch_id=branch_id,
            employee_id=employee_id,
            register_id=register_id,
            customer_id=customer_id,
            lines=tuple(lines),
            totals=totals,
            payment=payment,
            business_date=business_date,
            created_at=now,
        )

    @property
    def cost(self) -> Decimal:
        return sum((ln.cost for ln in self.lines), ZERO)

    def cancel(self, now: datetime) -> None:
        """Only a completed sale, and only once."""
        if self.status is not SaleStatus.COMPLETED:
            raise RuleViolation(f"sale {self.folio} is {self.status.value}; only a completed sale can be cancelled")
        self.status = SaleStatus.CANCELLED
        self.cancelled_at = now
