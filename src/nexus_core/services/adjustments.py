"""Manual stock adjustments: a damaged part (shrinkage) or units found (surplus), posted at the
weighted average cost (Dr 601.84.02 / Cr 115.01, or the reverse) in the same transaction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.stock import MovementKind, nonzero_quantity
from nexus_core.domain.text import require_text
from nexus_core.errors import InvalidInput
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.items import require_branch
from nexus_core.services.purchases import parse_item_id
from nexus_core.services.runner import Deps
from nexus_core.services.stock import adjust, lock_items, stock_context
from nexus_core.services.stock_postings import post_stock_adjustment


@attrs.frozen
class AdjustStock:
    """``quantity`` is signed: ``-2`` loses two units, ``3`` finds three. ``branch_id``: default the
    employee's branch, else the item's home branch."""

    actor: Actor
    inventory_id: Any
    quantity: Any
    reason: Any
    branch_id: int | None = None


@attrs.frozen
class StockAdjusted:
    movement_reference: str
    item_id: int
    branch_id: int
    quantity: Decimal
    value: Decimal  # signed change of the stock value
    on_hand: Decimal
    entry_ids: tuple[int, ...]


def adjust_stock(cmd: AdjustStock, uow: UnitOfWork, deps: Deps) -> StockAdjusted:
    employee = authorize(uow, cmd.actor, "inventory.adjust")
    item_id = parse_item_id(cmd.inventory_id, field="inventory_id")
    qty = nonzero_quantity(cmd.quantity, field="quantity")
    reason = require_text(cmd.reason, field="reason", max_len=300)
    item = lock_items(uow, [item_id])[item_id]
    branch_id = cmd.branch_id or (employee.branch_id if employee else None) or item.branch_id
    require_branch(uow, branch_id)
    if qty < 0 and uow.stock.get(item_id, branch_id).available < -qty:
        balance = uow.stock.get(item_id, branch_id)
        raise InvalidInput(
            f"item {item_id} ({item.name}) in branch {branch_id}: cannot remove {-qty.normalize():f}, "
            f"on hand {balance.on_hand.normalize():f} of which {balance.reserved.normalize():f} reserved",
            field="quantity",
        )
    ctx = stock_context(uow, deps, employee)
    reference = f"AJ-{item_id}-{ctx.at:%Y%m%d%H%M%S}"
    value = adjust(uow, ctx, item, branch_id, qty, kind=MovementKind.ADJUSTMENT, reference=reference, reason=reason)
    entry_ids = post_stock_adjustment(uow, deps, ctx, [value], folio=reference)
    on_hand = uow.stock.get(item_id, branch_id).on_hand
    return StockAdjusted(reference, item_id, branch_id, qty, value, on_hand, tuple(entry_ids))
