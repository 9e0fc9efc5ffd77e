"""The stock engine: every change of stock goes through here (docs/adr/0019-stock-engine.md).

These are building blocks for use cases (purchases, adjustments, transfers, counts, reservations,
and later sales, layaways and delivery orders), called inside the caller's unit of work after it
has authorized. Each operation:

1. locks its items' rows in item-id order (:func:`lock_items`), so every change of one item's stock
   or value is serialized across branches and no two operations wait for each other in a cycle;
2. changes balances with conditional statements that refuse to oversell, and checks every line
   before changing any, so a refusal names *every* short line and nothing is written;
3. records one :class:`Movement` per change (who, when in UTC and the tenant's business day, why,
   a reference) and keeps the item's weighted average cost and stock value.

Postings are the caller's (:mod:`nexus_core.services.stock_postings`: shrinkage, surplus, opening
stock); a sale posts the cost that :func:`issue` returns in its own entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import attrs

from nexus_core.domain.items import Item
from nexus_core.domain.stock import (
    InsufficientStock,
    Movement,
    MovementKind,
    ShortLine,
    issued_value,
    line_value,
    positive_quantity,
    received,
    short_lines,
    totals_by_item,
)
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.stock_records import (  # re-exported: the engine's public names
    StockContext,
    lock_items,
    movement,
    record,
    require_applied,
    stock_context,
)

__all__ = [
    "IssuedLine",
    "Receipt",
    "StockContext",
    "adjust",
    "check_available",
    "issue",
    "issue_lines",
    "lock_items",
    "movement",
    "receive",
    "receive_many",
    "record",
    "require_applied",
    "stock_context",
]


@attrs.frozen
class Receipt:
    """One line entering stock: ``qty`` units of ``item`` into ``branch_id`` at ``unit_cost`` (or
    worth exactly ``value``)."""

    item: Item
    branch_id: int
    qty: Decimal
    unit_cost: Decimal
    reason: str | None = None
    value: Decimal | None = None


def receive_many(
    uow: UnitOfWork,
    ctx: StockContext,
    receipts: Sequence[Receipt],
    *,
    kind: MovementKind = MovementKind.PURCHASE,
    reference: str,
) -> list[Decimal]:
    """Every receipt enters stock, the average cost of each item following (lines of one item in
    order); the items' rows must be locked (:func:`lock_items`). One statement batch each for the
    balances, the items' valuations and the movements, whatever the number of lines. Returns each
    line's value added (what 115.01 is debited)."""
    totals = uow.stock.totals_on_hand({r.item.id for r in receipts if r.item.id is not None})
    added: list[Decimal] = []
    movements: list[Movement] = []
    by_id: dict[int, Item] = {}  # one running valuation per item, whichever object a line holds
    for r in receipts:
        assert r.item.id is not None and r.qty > 0
        item = by_id.setdefault(r.item.id, r.item)
        assert item.id is not None
        value = line_value(r.qty, r.unit_cost) if r.value is None else r.value
        item.cost, item.stock_value = received(totals[item.id], item.stock_value, r.qty, value)
        totals[item.id] += r.qty
        added.append(value)
        movements.append(
            movement(
                uow,
                ctx,
                item,
                r.branch_id,
                kind,
                quantity=r.qty,
                value=value,
                unit_cost=r.unit_cost,
                reference=reference,
                reason=r.reason,
            )
        )
    uow.stock.increase_many([(m.item_id, m.branch_id, m.quantity) for m in movements], day=ctx.business_date)
    for r in receipts:
        r.item.cost, r.item.stock_value = by_id[r.item.id].cost, by_id[r.item.id].stock_value  # type: ignore[index]
    uow.items.set_valuations([(i, item.cost, item.stock_value) for i, item in by_id.items()])
    uow.movements.add_many(movements)
    return added


def receive(
    uow: UnitOfWork,
    ctx: StockContext,
    item: Item,
    branch_id: int,
    qty: Decimal,
    *,
    unit_cost: Decimal,
    kind: MovementKind = MovementKind.PURCHASE,
    reference: str,
    reason: str | None = None,
    value: Decimal | None = None,
) -> Decimal:
    """``qty`` units enter ``branch_id`` at ``unit_cost`` (or worth exactly ``value``): the average
    cost follows. Returns the value added (what 115.01 is debited). :func:`receive_many` of one line."""
    receipt = Receipt(item, branch_id, qty, unit_cost, reason, value)
    return receive_many(uow, ctx, [receipt], kind=kind, reference=reference)[0]


def check_available(uow: UnitOfWork, items: dict[int, Item], branch_id: int, wanted: dict[int, Decimal]) -> None:
    """Refuse, naming every short line, unless ``branch_id`` has ``wanted`` of each item available."""
    _refuse_short(items, short_lines(wanted, uow.stock.for_items(list(wanted), branch_id), branch_id))


def _refuse_short(items: dict[int, Item], short: list[ShortLine]) -> None:
    if short:
        raise InsufficientStock([attrs.evolve(s, name=items[s.item_id].name) for s in short])


def issue(
    uow: UnitOfWork,
    ctx: StockContext,
    item: Item,
    branch_id: int,
    qty: Decimal,
    *,
    kind: MovementKind = MovementKind.SALE,
    reference: str,
    reason: str | None = None,
) -> Decimal:
    """``qty`` units leave ``branch_id`` (never below what is reserved). Returns their cost at the
    weighted average (cost of sales, shrinkage); the item's row must be locked (:func:`lock_items`)."""
    assert item.id is not None and qty > 0
    total = uow.stock.total_on_hand(item.id)
    if not uow.stock.decrease(item.id, branch_id, qty, day=ctx.business_date):
        balance = uow.stock.get(item.id, branch_id)
        raise InsufficientStock([ShortLine(item.id, branch_id, qty, balance.available, item.name)])
    cost = issued_value(total, item.stock_value, qty)
    item.stock_value -= cost
    uow.items.set_valuation(item.id, cost=item.cost, stock_value=item.stock_value)
    record(
        uow,
        ctx,
        item,
        branch_id,
        kind,
        quantity=-qty,
        value=-cost,
        unit_cost=item.cost,
        reference=reference,
        reason=reason,
    )
    return cost


@attrs.frozen
class IssuedLine:
    item_id: int
    quantity: Decimal
    cost: Decimal  # at the weighted average, what 501.01 is debited


def issue_lines(
    uow: UnitOfWork,
    ctx: StockContext,
    branch_id: int,
    lines: Sequence[tuple[int, Decimal]],
    *,
    kind: MovementKind = MovementKind.SALE,
    reference: str,
    reason: str | None = None,
    locked: dict[int, Item] | None = None,
) -> list[IssuedLine]:
    """Issue every line or none (a sale's basket): every short line is named in the refusal. Batched
    like :func:`receive_many`: one read of the balances and one of the totals for all items, one
    conditional update batch, one valuation batch, one movement batch, whatever the number of lines;
    each line's cost is what :func:`issue` would give it in order (lines of one item follow each other).
    ``locked``: the items when the caller already holds their locks (a sale locks them to price them)."""
    wanted = totals_by_item((item_id, positive_quantity(qty)) for item_id, qty in lines)
    items = locked if locked is not None and set(wanted) <= set(locked) else lock_items(uow, wanted)
    balances, totals = uow.stock.for_items_with_totals(wanted, branch_id)  # one read: this branch and all
    _refuse_short(items, short_lines(wanted, balances, branch_id))
    require_applied(
        uow.stock.decrease_many([(i, branch_id, q) for i, q in wanted.items()], day=ctx.business_date), "stock"
    )
    out: list[IssuedLine] = []
    movements: list[Movement] = []
    for item_id, qty in lines:
        item = items[item_id]
        cost = issued_value(totals[item_id], item.stock_value, qty)
        item.stock_value -= cost
        totals[item_id] -= qty
        movements.append(
            movement(
                uow,
                ctx,
                item,
                branch_id,
                kind,
                quantity=-qty,
                value=-cost,
                unit_cost=item.cost,
                reference=reference,
                reason=reason,
            )
        )
        out.append(IssuedLine(item_id, qty, cost))
    uow.items.set_valuations([(i, items[i].cost, items[i].stock_value) for i in wanted])
    uow.movements.add_many(movements)
    return out


def adjust(
    uow: UnitOfWork,
    ctx: StockContext,
    item: Item,
    branch_id: int,
    qty: Decimal,
    *,
    kind: MovementKind = MovementKind.ADJUSTMENT,
    reference: str,
    reason: str | None,
) -> Decimal:
    """Signed change of ``on_hand``: found units enter at the average cost, lost ones leave at it
    (never below zero nor below what is reserved). Returns the signed change of value."""
    if qty > 0:
        return receive(
            uow, ctx, item, branch_id, qty, unit_cost=item.cost, kind=kind, reference=reference, reason=reason
        )
    return -issue(uow, ctx, item, branch_id, -qty, kind=kind, reference=reference, reason=reason)
