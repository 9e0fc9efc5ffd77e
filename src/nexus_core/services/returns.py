"""Taking back what a sale sold (``POST /pos/api/inventory/return``), in ONE transaction.

:func:`return_sale`, after authorizing (the seed's ``inventory.create``, by an employee: a refund
comes out of a register): locks the sale (so two returns of one sale queue), plans the return
against everything returned before (:func:`nexus_core.domain.returns.plan_return`: never more
than sold and not yet returned, per line), refunds through the sale's tenders, allocates the folio
``D-0001``, puts the goods back into the sale's branch at the cost they left with (the stock engine's
:func:`~nexus_core.services.stock.receive_many`, ``return`` movements), posts the return (402.01,
:func:`nexus_core.domain.return_rules.sale_return`), stores it, sets the sale's status and records
the refund on the employee's open register (cash leaves the drawer; a cash refund needs one).
A sale on a customer's account returns first as a credit note (:mod:`nexus_core.services.credit_returns`,
ADR 32), then as money for what was already paid.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from nexus_core.domain.money import ZERO, round_money
from nexus_core.domain.posting_basics import PaymentMethod
from nexus_core.domain.posting_rules import SaleReturned, credit_sale_return, sale_return
from nexus_core.domain.returns import SaleReturn, plan_return, refund_tenders, return_reason, status_after
from nexus_core.domain.sales import DocumentType, folio
from nexus_core.domain.stock import MovementKind
from nexus_core.errors import NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.credit_returns import apply_credit_note, credit_account, credit_fact, split
from nexus_core.services.posting import PostEntry, post_entry
from nexus_core.services.purchases import parse_item_id
from nexus_core.services.registers import lock_open_register, selling_employee
from nexus_core.services.runner import Deps
from nexus_core.services.stock import Receipt, lock_items, receive_many, stock_context

PERMISSION = "inventory.create"  # the seed's permission of POST /inventory/return


@attrs.frozen
class ReturnLineInput:
    inventory_id: Any
    quantity: Any


@attrs.frozen
class ReturnSale:
    actor: Any
    sale_id: Any
    items: Sequence[ReturnLineInput]
    reason: Any = None


def return_sale(cmd: ReturnSale, uow: UnitOfWork, deps: Deps) -> SaleReturn:
    employee = selling_employee(uow, cmd.actor, PERMISSION)
    sale_id = parse_item_id(cmd.sale_id, field="sale_id")
    reason = return_reason(cmd.reason)
    wanted = [
        (parse_item_id(ln.inventory_id, field=f"items[{i}].inventory_id"), ln.quantity)
        for i, ln in enumerate(cmd.items)
    ]
    sale = uow.sales.lock(sale_id)
    if sale is None or sale.id is None:
        raise NotFound(f"sale {sale_id} not found", field="sale_id")
    previous = uow.returns.for_sale(sale.id)
    lines = plan_return(sale, previous, wanted)
    total = sum((ln.total for ln in lines), ZERO)
    register = lock_open_register(uow, employee)  # lock order: sale, register, customer, items
    account = credit_account(uow, sale)
    if account is None:
        credited, refunds = ZERO, refund_tenders(sale, previous, total)
    else:
        parts = split(account, sale, previous, total)
        credited, refunds = parts.credited, parts.refunds
    if register is None and any(t.method is PaymentMethod.CASH for t in refunds):
        raise RuleViolation("a cash refund comes out of your open register; open one first", field="register_id")
    ctx = stock_context(uow, deps, employee)
    ret = SaleReturn(
        id=None,
        tenant_id=uow.tenant_id,
        sale_id=sale.id,
        folio=folio(DocumentType.SALE_RETURN, uow.folios.allocate(DocumentType.SALE_RETURN.value)),
        branch_id=sale.branch_id,
        employee_id=employee.id,
        register_id=None if register is None else register.id,
        reason=reason,
        lines=tuple(lines),
        refunds=refunds,
        business_date=ctx.business_date,
        created_at=ctx.at,
        credited=credited,
    )
    items = lock_items(uow, {ln.item_id for ln in lines})
    receipts = [
        Receipt(
            items[ln.item_id],
            sale.branch_id,
            ln.quantity,
            round_money(ln.cost / ln.quantity),
            reason or f"return of sale {sale.folio}",
            value=ln.cost,
        )
        for ln in lines
    ]
    receive_many(uow, ctx, receipts, kind=MovementKind.RETURN, reference=ret.folio)
    if account is None:
        fact = SaleReturned(
            date=ret.business_date,
            folio=ret.folio,
            subtotal=ret.subtotal,
            tax=ret.tax,
            total=ret.total,
            cost=ret.cost,
            sale_folio=sale.folio,
            refunds=refunds,
        )
        entry = sale_return(fact)
    else:
        entry = credit_sale_return(credit_fact(account, ret, sale.folio))
    ret.entry_id = post_entry(PostEntry(entry, ctx.created_by), uow, deps).id
    uow.returns.add(ret)
    if account is not None:
        apply_credit_note(uow, account, ret)
    sale.status = status_after(sale, [*previous, ret])
    uow.sales.save_status(sale)
    if register is not None:
        register.record_return(ret)
        uow.registers.save(register)
    return ret


def return_with_status(cmd: ReturnSale, uow: UnitOfWork, deps: Deps) -> tuple[SaleReturn, str]:
    """:func:`return_sale` with the sale's status after it (what the API answers)."""
    ret = return_sale(cmd, uow, deps)
    sale = uow.sales.get(ret.sale_id)
    assert sale is not None
    return ret, sale.status.value
