"""Selling at the counter: a sale and its cancellation, each in ONE transaction.

:func:`create_sale`, after authorizing: computes every line once (:func:`nexus_core.domain.tax.line_figures`),
settles the payment, locks the employee's open register, allocates the folio (``V-0001``, gapless: the
counter row is updated in this transaction), issues the stock through the stock engine
(:func:`nexus_core.services.stock.issue_lines`, cost of sales at the weighted average), posts the entry
through :func:`nexus_core.services.posting.post_entry` with the posting rules, stores the sale and updates
the register's running totals. Any refusal rolls all of it back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from nexus_core.domain.posting_rules import CashSale, SaleCancellation, cash_sale, sale_cancellation
from nexus_core.domain.register import RegisterSession
from nexus_core.domain.sales import DocumentType, Sale, SaleMethod, folio, settle
from nexus_core.domain.stock import MovementKind
from nexus_core.domain.tax import ticket_figures
from nexus_core.errors import NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services import credit
from nexus_core.services.authz import Actor, current_employee
from nexus_core.services.dashboard import record_sale
from nexus_core.services.posting import PostEntry, draft_of_entry, post_entry
from nexus_core.services.priced_lines import priced_items
from nexus_core.services.purchases import parse_item_id
from nexus_core.services.registers import lock_open_register, require_open_register, selling_employee
from nexus_core.services.runner import Deps, read_only
from nexus_core.services.stock import Receipt, issue_lines, lock_items, receive_many, stock_context


@attrs.frozen
class SaleLineInput:
    """``unit_price`` omitted: the item's price for the customer's tier (``price_1``, mostrador, without one)."""

    inventory_id: Any
    quantity: Any
    unit_price: Any = None
    discount_pct: Any = 0
    tax_rate: Any = "0.16"


@attrs.frozen
class CreateSale:
    actor: Actor
    items: Sequence[SaleLineInput]
    payment_method: Any
    amount_paid: Any = None
    payment_details: Sequence[tuple[Any, Any]] = ()
    customer_id: Any = None
    sale_type: Any = None  # "credit": a sale on the customer's account (see services.credit)


def create_sale(cmd: CreateSale, uow: UnitOfWork, deps: Deps) -> Sale:
    employee = selling_employee(uow, cmd.actor)
    method, credit_tender = credit.sale_method(cmd.payment_method, cmd.sale_type)
    if not cmd.items:
        raise RuleViolation("a sale needs at least one item", field="items")
    register = lock_open_register(uow, employee)  # lock order: register, customer, items
    customer = credit.sale_customer(uow, cmd.customer_id)
    lines, items = priced_items(uow, cmd.items, lock=True, customer=customer)
    figures = [ln.figures for ln in lines]
    totals = ticket_figures(figures)
    payment = settle(totals.total, method, cmd.amount_paid, cmd.payment_details, credit_payment=credit_tender)
    if method is SaleMethod.CREDIT and customer is not None:
        customer.charge(payment.on_account)  # refused above the available credit
    ctx = stock_context(uow, deps, employee)
    sale = Sale.create(
        tenant_id=uow.tenant_id,
        folio="",
        branch_id=employee.branch_id,
        employee_id=employee.id,
        register_id=None if register is None else register.id,
        customer_id=None if customer is None else customer.id,
        lines=lines,
        payment=payment,
        max_discount_pct=employee.max_discount_pct,
        business_date=ctx.business_date,
        now=ctx.at,
    )
    sale.folio = folio(DocumentType.SALE, uow.folios.allocate(DocumentType.SALE.value))
    issued = issue_lines(
        uow,
        ctx,
        sale.branch_id,
        [(ln.item_id, ln.figures.quantity) for ln in sale.lines],
        reference=sale.folio,
        locked=items,
    )
    sale.lines = tuple(attrs.evolve(ln, cost=out.cost) for ln, out in zip(sale.lines, issued, strict=True))
    if method is SaleMethod.CREDIT:
        assert customer is not None  # Sale.create refuses a credit sale without one
        sale.entry_id = credit.post_credit_sale(uow, deps, ctx, sale, customer)
        return _store(uow, deps, sale, register)
    fact = CashSale(
        date=sale.business_date,
        folio=sale.folio,
        subtotal=sale.totals.subtotal,
        tax=sale.totals.tax,
        total=sale.totals.total,
        cost=sale.cost,
        tenders=payment.tenders,
    )
    sale.entry_id = post_entry(PostEntry(cash_sale(fact), ctx.created_by), uow, deps).id
    return _store(uow, deps, sale, register)


def _store(uow: UnitOfWork, deps: Deps, sale: Sale, register: RegisterSession | None) -> Sale:
    uow.sales.add(sale)
    record_sale(uow, deps, sale)
    if register is not None:
        register.record_sale(sale)
        uow.registers.save(register)
    return sale


@attrs.frozen
class CancelSale:
    actor: Actor
    sale_id: Any


def cancel_sale(cmd: CancelSale, uow: UnitOfWork, deps: Deps) -> Sale:
    """Cancels a completed sale once: stock back by movements at the cost it left with, the reversing
    entry, and (when it collected money) the refund on the register that took it, or the canceller's."""
    employee = selling_employee(uow, cmd.actor, "pos.cancel")
    sale_id = parse_item_id(cmd.sale_id, field="sale_id")
    sale = uow.sales.lock(sale_id)
    if sale is None:
        raise NotFound(f"sale {sale_id} not found", field="sale_id")
    ctx = stock_context(uow, deps, employee)
    sale.cancel(ctx.at)
    register = _refund_register(uow, sale, employee)
    credit.cancel_credit_sale(uow, ctx, sale)  # refused once payments were applied to it
    items = lock_items(uow, {ln.item_id for ln in sale.lines})
    receipts = [
        Receipt(
            items[ln.item_id],
            sale.branch_id,
            ln.figures.quantity,
            items[ln.item_id].cost,
            "sale cancelled",
            value=ln.cost,
        )
        for ln in sale.lines
    ]
    receive_many(uow, ctx, receipts, kind=MovementKind.RETURN, reference=sale.folio)  # one batch
    assert sale.entry_id is not None
    original = draft_of_entry(uow, sale.entry_id)
    reversing = sale_cancellation(SaleCancellation(date=ctx.business_date, folio=sale.folio, original=original))
    sale.cancel_entry_id = post_entry(PostEntry(reversing, ctx.created_by), uow, deps).id
    uow.sales.save_status(sale)
    record_sale(uow, deps, sale, sign=-1)
    if register is not None:
        register.record_cancellation(sale)
        uow.registers.save(register)
    return sale


def _refund_register(uow: UnitOfWork, sale: Sale, employee: Any) -> RegisterSession | None:
    """The session the cancellation is recorded on: the sale's own while open, else the canceller's."""
    if sale.register_id is not None:
        own = uow.registers.lock(sale.register_id)
        if own is not None and own.is_open:
            return own
    if sale.payment.cash_received > 0:
        return require_open_register(uow, employee)
    return None


@attrs.frozen
class GetSale:
    actor: Actor
    sale_id: Any


@read_only
def get_sale(cmd: GetSale, uow: UnitOfWork, deps: Deps) -> Sale:
    cmd.actor.require("pos.view")
    sale_id = parse_item_id(cmd.sale_id, field="sale_id")
    sale = uow.sales.get(sale_id)
    if sale is None:
        raise NotFound(f"sale {sale_id} not found", field="sale_id")
    return sale


@attrs.frozen
class LastSale:
    actor: Actor


@read_only
def last_sale(cmd: LastSale, uow: UnitOfWork, deps: Deps) -> Sale:
    """The calling employee's most recent sale (a reprint at the counter)."""
    cmd.actor.require("pos.view")
    employee = current_employee(uow, cmd.actor)
    assert employee.id is not None
    sale = uow.sales.last_by_employee(employee.id)
    if sale is None:
        raise NotFound("you have no sales yet")
    return sale
