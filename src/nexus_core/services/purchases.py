"""Purchases from suppliers: stock in, the weighted average cost follows, the books in the same
transaction (Dr 115.01 subtotal + Dr 118.01 IVA / Cr 201.01 on credit, or 101.01 / 102.01)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.money import ZERO, money_strict, round_money
from nexus_core.domain.posting_rules import Purchase, PurchaseSettlement, purchase
from nexus_core.domain.stock import MovementKind, positive_quantity
from nexus_core.domain.text import optional_text
from nexus_core.errors import InvalidInput, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.items import require_branch
from nexus_core.services.posting import PostEntry, post_entry
from nexus_core.services.runner import Deps
from nexus_core.services.stock import lock_items, receive, stock_context


def parse_item_id(value: object, *, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidInput(f"{field} must be a positive integer", field=field)
    return value


@attrs.frozen
class PurchaseLine:
    inventory_id: Any
    quantity: Any
    unit_cost: Any


@attrs.frozen
class ReceivePurchase:
    """``branch_id``: the receiving branch (default: the employee's). ``settlement``: ``credit``
    (owed to the supplier), ``cash`` or ``transfer``. ``tax``: the invoice's IVA when given, else
    each line's value times its item's tax rate."""

    actor: Actor
    lines: Sequence[PurchaseLine]
    supplier: Any = None
    invoice_number: Any = None
    notes: Any = None
    branch_id: int | None = None
    settlement: Any = "credit"
    tax: Any = None


@attrs.frozen
class ReceivedLine:
    item_id: int
    quantity: Decimal
    unit_cost: Decimal
    value: Decimal
    new_cost: Decimal  # the item's weighted average after this purchase


@attrs.frozen
class PurchaseReceived:
    reference: str
    branch_id: int
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    entry_id: int | None
    lines: tuple[ReceivedLine, ...]


def _settlement(value: object) -> PurchaseSettlement:
    try:
        return PurchaseSettlement(value if isinstance(value, str) else "")
    except ValueError:
        choices = ", ".join(s.value for s in PurchaseSettlement)
        raise InvalidInput(f"settlement must be one of {choices}", field="settlement") from None


def receive_purchase(cmd: ReceivePurchase, uow: UnitOfWork, deps: Deps) -> PurchaseReceived:
    employee = authorize(uow, cmd.actor, "inventory.create")
    if not cmd.lines:
        raise InvalidInput("items must name at least one item", field="items")
    if len(cmd.lines) > 500:
        raise InvalidInput("a purchase has at most 500 lines", field="items")
    supplier = optional_text(cmd.supplier, field="supplier", max_len=200)
    invoice = optional_text(cmd.invoice_number, field="invoice_number", max_len=40)
    notes = optional_text(cmd.notes, field="notes", max_len=300)
    settlement = _settlement(cmd.settlement)
    parsed = [
        (
            parse_item_id(ln.inventory_id, field=f"items[{i}].inventory_id"),
            positive_quantity(ln.quantity, field=f"items[{i}].quantity"),
            money_strict(ln.unit_cost, field=f"items[{i}].unit_cost"),
        )
        for i, ln in enumerate(cmd.lines)
    ]
    for i, (_, _, cost) in enumerate(parsed):
        if cost < 0:
            raise InvalidInput(f"items[{i}].unit_cost must not be negative", field=f"items[{i}].unit_cost")
    branch_id = cmd.branch_id if cmd.branch_id is not None else (employee.branch_id if employee else None)
    if branch_id is None:
        raise InvalidInput("branch_id is required", field="branch_id")
    require_branch(uow, branch_id)
    items = lock_items(uow, {item_id for item_id, _, _ in parsed})
    ctx = stock_context(uow, deps, employee)
    reference = invoice or f"COMPRA-{ctx.at:%Y%m%d%H%M%S}"
    reason = " / ".join(t for t in (supplier, notes) if t) or None
    received_lines = []
    tax = ZERO
    for item_id, qty, unit_cost in parsed:
        item = items[item_id]
        value = receive(
            uow,
            ctx,
            item,
            branch_id,
            qty,
            unit_cost=unit_cost,
            kind=MovementKind.PURCHASE,
            reference=reference,
            reason=reason,
        )
        tax += round_money(value * item.tax_rate)
        received_lines.append(ReceivedLine(item_id, qty, unit_cost, value, item.cost))
    subtotal = sum((ln.value for ln in received_lines), ZERO)
    if cmd.tax is not None:
        tax = money_strict(cmd.tax, field="tax")
        if tax < 0:
            raise InvalidInput("tax must not be negative", field="tax")
    total = subtotal + tax
    entry_id = None
    if total > 0:
        if subtotal == 0:
            raise RuleViolation("a purchase with tax needs a value: give the unit costs", field="tax")
        fact = Purchase(
            date=ctx.business_date, folio=reference, subtotal=subtotal, tax=tax, total=total, settlement=settlement
        )
        entry = post_entry(PostEntry(purchase(fact), ctx.created_by), uow, deps)
        entry_id = entry.id
    return PurchaseReceived(reference, branch_id, subtotal, tax, total, entry_id, tuple(received_lines))
