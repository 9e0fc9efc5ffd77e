"""A customer's payment on account (abono), ONE transaction: the gapless folio ``PAG-0001``, the
amount applied to the customer's open charges oldest first, the entry (the ``customer_payment``
posting rule per charge: Dr cash or bank / Cr 105.01, and the paid share of the charge's IVA from
209.01 to 208.01), the lower balance, the account movement and, at the employee's open register, its
running totals (cash needs one). More than the balance is refused (400) and writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.customer_accounts import AccountEntry, AccountEntryKind, ReceivedPayment, allocate, one_entry
from nexus_core.domain.customers import Customer
from nexus_core.domain.invoicing import CfdiRecord
from nexus_core.domain.posting_basics import PaymentMethod
from nexus_core.domain.posting_rules import CustomerPayment, customer_payment
from nexus_core.domain.receivables import Receivable
from nexus_core.domain.register import positive_money
from nexus_core.domain.sales import DocumentType, folio, parse_tender_method
from nexus_core.domain.text import optional_text
from nexus_core.errors import InvalidInput, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.business_day import business_today
from nexus_core.services.customers import find_customer
from nexus_core.services.invoicing_payments import ChargePaid, queue_complements
from nexus_core.services.posting import PostEntry, actor_name, post_entry
from nexus_core.services.registers import lock_open_register, require_open_register
from nexus_core.services.runner import Deps


@attrs.frozen
class ReceivePayment:
    actor: Actor
    customer_id: Any
    amount: Any
    payment_method: Any = "efectivo"
    reference: Any = None  # the bank's or terminal's reference (SPEI, authorization)
    notes: Any = None


@attrs.frozen
class PaymentMade:
    payment: ReceivedPayment
    balance: Decimal  # the customer's balance after it
    complements: tuple[CfdiRecord, ...] = ()  # CFDIs de pago queued for stamped PPD invoices


def receive_payment(cmd: ReceivePayment, uow: UnitOfWork, deps: Deps) -> PaymentMade:
    employee = authorize(uow, cmd.actor, "customers.edit")
    amount = positive_money(cmd.amount, field="amount")
    method = parse_tender_method(cmd.payment_method, field="payment_method")
    reference = optional_text(cmd.reference, field="reference", max_len=60)
    notes = optional_text(cmd.notes, field="notes", max_len=300)
    if employee is None:
        if method is PaymentMethod.CASH:
            raise RuleViolation("a cash payment goes into an employee's open register", field="payment_method")
        register = None
    else:  # lock order: register, customer, charges
        register = (require_open_register if method is PaymentMethod.CASH else lock_open_register)(uow, employee)
    customer = find_customer(uow, cmd.customer_id, lock=True)
    assert customer.id is not None
    if amount > customer.balance:
        raise InvalidInput(f"amount {amount} exceeds {customer.name}'s balance of {customer.balance}", field="amount")
    applied = allocate(amount, uow.receivables.open_for_customer(customer.id))
    day, now = business_today(uow, deps), deps.clock.now()
    number = folio(DocumentType.CUSTOMER_PAYMENT, uow.folios.allocate(DocumentType.CUSTOMER_PAYMENT.value))
    drafts = [
        customer_payment(
            CustomerPayment(
                date=day,
                folio=number,
                amount=share,
                charge_total=charge.amount,
                charge_tax=charge.tax,
                paid_before=charge.paid,
                method=method,
            )
        )
        for charge, share in applied
    ]
    entry = one_entry(drafts, description=f"Cobro a cliente {number} ({customer.name})"[:200])
    entry_id = post_entry(PostEntry(entry, actor_name(employee)), uow, deps).id
    paid = [ChargePaid(charge.reference, charge.open_amount, share) for charge, share in applied]
    apply_to_account(uow, customer, applied, reference=number, day=day, now=now)
    payment = ReceivedPayment(
        id=None,
        tenant_id=uow.tenant_id,
        customer_id=customer.id,
        folio=number,
        amount=amount,
        method=method,
        reference=reference,
        notes=notes,
        register_id=None if register is None else register.id,
        employee_id=None if employee is None else employee.id,
        business_date=day,
        created_at=now,
        entry_id=entry_id,
    )
    payment = attrs.evolve(payment, id=uow.customer_accounts.add_payment(payment))
    if register is not None:
        register.record_payment(method, amount)
        uow.registers.save(register)
    complements = queue_complements(uow, deps, payment, paid)
    return PaymentMade(payment, customer.balance, tuple(complements))


def apply_to_account(
    uow: UnitOfWork,
    customer: Customer,
    applied: Sequence[tuple[Receivable, Decimal]],
    *,
    reference: str,
    day: date,
    now: datetime,
) -> Decimal:
    """Apply shares to the customer's charges (locked): each charge's open amount, the customer's balance
    and one payment movement of their account go down together. Shared by payments and BNPL approvals."""
    assert customer.id is not None
    total = sum((share for _, share in applied), Decimal("0.00"))
    for charge, share in applied:
        charge.apply_payment(share)
        uow.receivables.update(charge)
    customer.settle(total)
    uow.customers.save(customer)
    uow.customer_accounts.add_entry(
        AccountEntry(None, uow.tenant_id, customer.id, AccountEntryKind.PAYMENT, reference, -total, day, now)
    )
    return total
