"""Layaways (apartados): create with a down payment, take installments, complete, cancel; each one
transaction (docs/selling.md "Layaways", docs/adr/0022-quotations-and-layaways.md).

* **Stock** through the stock engine: creating reserves every line in the layaway's branch
  (:func:`nexus_core.services.reservations.reserve`, holder ``layaway``), completing consumes the
  reservation (cost at the weighted average), cancelling releases it.
* **Books** through :func:`nexus_core.services.posting.post_entry` with the rules of
  :mod:`nexus_core.domain.layaway_rules`: each deposit Dr 101.01/102.01 / Cr 206.01 (customer
  advance), the completion Dr 206.01 / Cr 401.01 / Cr 208.01 plus cost of sales, the cancellation
  refunds or forfeits the deposits.
* **Register**: a cash deposit needs the employee's open register and adds to its ``layaway_cash``;
  a cash refund takes it out of the canceller's open register.

Lock order: the layaway's row, then the register's, then the items' (a new layaway: register, items).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.layaway_rules import (
    LayawayCancellation,
    LayawayCompletion,
    LayawayPayment,
    layaway_cancellation,
    layaway_completion,
    layaway_payment,
)
from nexus_core.domain.layaways import (
    HOLDER_KIND,
    Installment,
    Layaway,
    LayawayDocument,
    parse_policy,
)
from nexus_core.domain.posting_basics import PaymentMethod
from nexus_core.domain.quotations import parse_customer_id
from nexus_core.domain.register import RegisterSession
from nexus_core.domain.sales import folio, parse_tender_method
from nexus_core.domain.text import optional_text
from nexus_core.errors import InvalidInput
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services import credit
from nexus_core.services.authz import Actor
from nexus_core.services.dashboard import record_layaway
from nexus_core.services.layaway_reads import find_layaway
from nexus_core.services.posting import PostEntry, post_entry
from nexus_core.services.priced_lines import priced_lines
from nexus_core.services.register_choice import register_for
from nexus_core.services.registers import lock_open_register, selling_employee
from nexus_core.services.reservations import consume, release, reserve
from nexus_core.services.runner import Deps
from nexus_core.services.sales import SaleLineInput
from nexus_core.services.stock import StockContext, stock_context


@attrs.frozen
class CreateLayaway:
    actor: Actor
    items: Sequence[SaleLineInput]
    customer_id: Any
    down_payment: Any
    due_date: date | None
    payment_method: Any = "efectivo"
    register_id: Any = None  # when given, the caller's open register
    notes: Any = None


def create_layaway(cmd: CreateLayaway, uow: UnitOfWork, deps: Deps) -> Layaway:
    """Reserves the goods and takes the down payment (folios ``A-n`` and ``AB-n``)."""
    employee = selling_employee(uow, cmd.actor)
    method = parse_tender_method(cmd.payment_method, field="payment_method")
    notes = optional_text(cmd.notes, field="notes", max_len=500)
    if cmd.due_date is None:
        raise InvalidInput("due_date is required (YYYY-MM-DD)", field="due_date")
    register = register_for(uow, employee, cmd.register_id, cash=method is PaymentMethod.CASH)
    customer = credit.sale_customer(uow, parse_customer_id(cmd.customer_id, required=True))
    lines = priced_lines(uow, cmd.items, lock=True, customer=customer)  # lock order: register, customer, items
    ctx = stock_context(uow, deps, employee)
    layaway = Layaway.create(
        tenant_id=uow.tenant_id,
        folio="",
        branch_id=employee.branch_id,
        employee_id=employee.id,
        customer_id=cmd.customer_id,
        notes=notes,
        lines=lines,
        max_discount_pct=employee.max_discount_pct,
        down_payment=cmd.down_payment,
        due_date=cmd.due_date,
        business_date=ctx.business_date,
        now=ctx.at,
    )
    layaway.folio = folio(LayawayDocument.LAYAWAY, uow.folios.allocate(LayawayDocument.LAYAWAY.value))
    layaway_id = uow.layaways.add(layaway)
    reserve(
        uow,
        ctx,
        holder_kind=HOLDER_KIND,
        holder_id=layaway_id,
        branch_id=layaway.branch_id,
        lines=[(ln.item_id, ln.figures.quantity) for ln in layaway.lines],
    )
    layaway.payments = (_deposit(uow, deps, ctx, layaway, layaway.paid, method, register),)
    return layaway


def _deposit(
    uow: UnitOfWork,
    deps: Deps,
    ctx: StockContext,
    layaway: Layaway,
    amount: Decimal,
    method: PaymentMethod,
    register: RegisterSession | None,
) -> Installment:
    """One installment: its folio, its entry (a customer advance), and the drawer's cash."""
    assert layaway.id is not None
    number = uow.folios.allocate(LayawayDocument.PAYMENT.value)
    fact = LayawayPayment(date=ctx.business_date, folio=layaway.folio, amount=amount, method=method)
    entry = post_entry(PostEntry(layaway_payment(fact), ctx.created_by), uow, deps)
    assert entry.id is not None
    installment = Installment(
        id=None,
        tenant_id=uow.tenant_id,
        layaway_id=layaway.id,
        folio=folio(LayawayDocument.PAYMENT, number),
        amount=amount,
        method=method,
        register_id=None if register is None else register.id,
        employee_id=ctx.actor.id,
        business_date=ctx.business_date,
        at=ctx.at,
        entry_id=entry.id,
    )
    installment = attrs.evolve(installment, id=uow.layaways.add_payment(installment))
    if method is PaymentMethod.CASH:
        assert register is not None
        register.record_layaway_cash(amount)
        uow.registers.save(register)
    return installment


@attrs.frozen
class PayLayaway:
    actor: Actor
    layaway_id: Any
    amount: Any
    payment_method: Any = "efectivo"
    register_id: Any = None


@attrs.frozen
class LayawayPaid:
    layaway: Layaway
    payment: Installment


def pay_layaway(cmd: PayLayaway, uow: UnitOfWork, deps: Deps) -> LayawayPaid:
    """An installment: greater than zero and at most the balance (else 400, nothing written)."""
    employee = selling_employee(uow, cmd.actor)
    layaway = find_layaway(uow, cmd.layaway_id, lock=True)
    method = parse_tender_method(cmd.payment_method, field="payment_method")
    amount = layaway.pay(cmd.amount)
    register = register_for(uow, employee, cmd.register_id, cash=method is PaymentMethod.CASH)
    ctx = stock_context(uow, deps, employee)
    payment = _deposit(uow, deps, ctx, layaway, amount, method, register)
    uow.layaways.save(layaway)
    layaway.payments = (*layaway.payments, payment)
    return LayawayPaid(layaway, payment)


@attrs.frozen
class CompleteLayaway:
    actor: Actor
    layaway_id: Any


def complete_layaway(cmd: CompleteLayaway, uow: UnitOfWork, deps: Deps) -> Layaway:
    """Hands the goods over at a balance of zero: the reservation is consumed and the advance becomes
    a sale in the books (revenue, IVA, cost of sales)."""
    employee = selling_employee(uow, cmd.actor)
    layaway = find_layaway(uow, cmd.layaway_id, lock=True)
    register = lock_open_register(uow, employee)  # lock order: layaway, register, items
    ctx = stock_context(uow, deps, employee)
    layaway.complete(ctx.at)
    assert layaway.id is not None
    cost = consume(uow, ctx, holder_kind=HOLDER_KIND, holder_id=layaway.id)
    t = layaway.totals
    fact = LayawayCompletion(
        date=ctx.business_date, folio=layaway.folio, subtotal=t.subtotal, tax=t.tax, total=t.total, cost=cost
    )
    layaway.completion_entry_id = post_entry(PostEntry(layaway_completion(fact), ctx.created_by), uow, deps).id
    uow.layaways.save(layaway)
    # a sale of the day for the counts (ADR 32), never a second sale in the books
    assert employee.id is not None
    record_layaway(uow, deps, layaway, ctx.business_date, ctx.at, employee.id)
    if register is not None:
        register.record_layaway_completion(t.total)
        uow.registers.save(register)
    return layaway


@attrs.frozen
class CancelLayaway:
    """``policy`` ``refund`` (default; less an optional ``penalty``) or ``forfeit``; a refund is paid
    by ``refund_method`` (``efectivo`` by default, from the canceller's open register)."""

    actor: Actor
    layaway_id: Any
    policy: Any = None
    penalty: Any = None
    refund_method: Any = "efectivo"
    reason: Any = None


def cancel_layaway(cmd: CancelLayaway, uow: UnitOfWork, deps: Deps) -> Layaway:
    """Cancels an active layaway once: the goods are released, the deposits refunded or forfeited."""
    employee = selling_employee(uow, cmd.actor, "pos.cancel")
    layaway = find_layaway(uow, cmd.layaway_id, lock=True)
    policy = parse_policy(cmd.policy)
    method = parse_tender_method(cmd.refund_method, field="refund_method")
    reason = optional_text(cmd.reason, field="reason", max_len=300)
    ctx = stock_context(uow, deps, employee)
    refunded = layaway.cancel(policy=policy, penalty=cmd.penalty, method=method, reason=reason, now=ctx.at)
    register = register_for(uow, employee, None, cash=method is PaymentMethod.CASH and refunded > 0)
    assert layaway.id is not None
    release(uow, ctx, holder_kind=HOLDER_KIND, holder_id=layaway.id)
    fact = LayawayCancellation(
        date=ctx.business_date,
        folio=layaway.folio,
        deposits=layaway.paid,
        outcome=policy,
        penalty=layaway.penalty,
        method=method,
    )
    layaway.cancel_entry_id = post_entry(PostEntry(layaway_cancellation(fact), ctx.created_by), uow, deps).id
    uow.layaways.save(layaway)
    if register is not None:
        register.record_layaway_cash(-refunded)
        uow.registers.save(register)
    return layaway
