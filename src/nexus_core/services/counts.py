"""Physical counts: record what was counted beside what the system held *at that moment*; approval
posts each difference as a ``count`` movement on today's stock, so sales made between counting and
approving are not lost, and books the shrinkage and surplus at the weighted average cost.
A count is approved once: a second approval is refused."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.money import quantity
from nexus_core.domain.stock import (
    CountLine,
    CountStatus,
    InsufficientStock,
    MovementKind,
    PhysicalCount,
    ShortLine,
)
from nexus_core.errors import InvalidInput, NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.items import require_branch
from nexus_core.services.purchases import parse_item_id
from nexus_core.services.runner import Deps
from nexus_core.services.stock import adjust, lock_items, stock_context
from nexus_core.services.stock_postings import post_stock_adjustment


@attrs.frozen
class CountedLine:
    inventory_id: Any
    counted_quantity: Any


@attrs.frozen
class StartCount:
    actor: Actor
    branch_id: Any
    lines: Sequence[CountedLine]


@attrs.frozen
class CountStarted:
    count_id: int
    items_counted: int


def start_count(cmd: StartCount, uow: UnitOfWork, deps: Deps) -> CountStarted:
    employee = authorize(uow, cmd.actor, "inventory.adjust")
    if isinstance(cmd.branch_id, bool) or not isinstance(cmd.branch_id, int) or cmd.branch_id <= 0:
        raise InvalidInput("branch_id must be a positive integer", field="branch_id")
    if not cmd.lines:
        raise InvalidInput("items must name at least one counted item", field="items")
    if len(cmd.lines) > 5000:
        raise InvalidInput("a count has at most 5000 lines", field="items")
    counted: dict[int, Decimal] = {}
    for i, ln in enumerate(cmd.lines):
        item_id = parse_item_id(ln.inventory_id, field=f"items[{i}].inventory_id")
        qty = quantity(ln.counted_quantity, field=f"items[{i}].counted_quantity")
        if qty < 0:
            raise InvalidInput(
                f"items[{i}].counted_quantity must not be negative", field=f"items[{i}].counted_quantity"
            )
        if item_id in counted:
            raise InvalidInput(f"item {item_id} is counted twice", field=f"items[{i}].inventory_id")
        counted[item_id] = qty
    require_branch(uow, cmd.branch_id)
    lock_items(uow, counted)  # missing items are a 404; the lock makes the system quantities one instant
    balances = uow.stock.for_items(list(counted), cmd.branch_id)
    ctx = stock_context(uow, deps, employee)
    count = PhysicalCount(
        id=None,
        tenant_id=uow.tenant_id,
        branch_id=cmd.branch_id,
        status=CountStatus.OPEN,
        lines=[CountLine(i, qty, balances[i].on_hand) for i, qty in sorted(counted.items())],
        created_by=ctx.created_by,
        created_at=ctx.at,
        business_date=ctx.business_date,
    )
    return CountStarted(uow.counts.add(count), len(counted))


@attrs.frozen
class ApproveCount:
    actor: Actor
    count_id: Any


@attrs.frozen
class CountApproved:
    count_id: int
    adjusted: tuple[tuple[int, Decimal], ...]  # (item, signed difference) applied
    value: Decimal  # signed change of the stock value
    entry_ids: tuple[int, ...]


def approve_count(cmd: ApproveCount, uow: UnitOfWork, deps: Deps) -> CountApproved:
    employee = authorize(uow, cmd.actor, "inventory.adjust")
    count_id = parse_item_id(cmd.count_id, field="count_id")
    count = uow.counts.get(count_id)
    if count is None:
        raise NotFound(f"physical count {count_id} not found", field="count_id")
    ctx = stock_context(uow, deps, employee)
    if not uow.counts.approve(count_id, approved_by=ctx.created_by, approved_at=ctx.at):
        raise RuleViolation(f"physical count {count_id} is already approved", field="count_id")
    diffs = [(ln.item_id, ln.difference) for ln in count.lines if ln.difference != 0]
    items = lock_items(uow, [i for i, _ in diffs])
    balances = uow.stock.for_items([i for i, _ in diffs], count.branch_id)
    short = [
        ShortLine(i, count.branch_id, -d, balances[i].available, items[i].name)
        for i, d in diffs
        if d < 0 and balances[i].available < -d
    ]
    if short:
        raise InsufficientStock(short, field="count_id")
    reference = f"CONTEO-{count_id}"
    values = [
        adjust(
            uow,
            ctx,
            items[i],
            count.branch_id,
            d,
            kind=MovementKind.COUNT,
            reference=reference,
            reason="physical count",
        )
        for i, d in diffs
    ]
    entry_ids = post_stock_adjustment(uow, deps, ctx, values, folio=reference)
    return CountApproved(count_id, tuple(diffs), sum(values, Decimal("0.00")), tuple(entry_ids))
