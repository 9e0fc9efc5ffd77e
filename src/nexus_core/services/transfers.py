"""Transfers between two branches of one tenant: out of one and into the other in one
transaction, every line or none. No posting: 115.01 and the average cost are the tenant's, so
moving units between branches changes neither (docs/adr/0019-stock-engine.md)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.stock import QTY_ZERO, MovementKind, positive_quantity
from nexus_core.domain.text import optional_text
from nexus_core.errors import InvalidInput
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.items import require_branch
from nexus_core.services.purchases import parse_item_id
from nexus_core.services.runner import Deps
from nexus_core.services.stock import check_available, lock_items
from nexus_core.services.stock_records import record, require_applied, stock_context


@attrs.frozen
class TransferLine:
    inventory_id: Any
    quantity: Any


@attrs.frozen
class TransferStock:
    actor: Actor
    from_branch_id: Any
    to_branch_id: Any
    lines: Sequence[TransferLine]
    notes: Any = None


@attrs.frozen
class StockTransferred:
    reference: str
    from_branch_id: int
    to_branch_id: int
    lines: tuple[tuple[int, Decimal], ...]


def _branch_id(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidInput(f"{field} must be a positive integer", field=field)
    return value


def transfer_stock(cmd: TransferStock, uow: UnitOfWork, deps: Deps) -> StockTransferred:
    employee = authorize(uow, cmd.actor, "inventory.transfer")
    source = _branch_id(cmd.from_branch_id, "from_branch_id")
    target = _branch_id(cmd.to_branch_id, "to_branch_id")
    if source == target:
        raise InvalidInput(
            f"from_branch_id and to_branch_id are both {source}: a transfer needs two branches", field="to_branch_id"
        )
    if not cmd.lines:
        raise InvalidInput("items must name at least one item", field="items")
    if len(cmd.lines) > 500:
        raise InvalidInput("a transfer has at most 500 lines", field="items")
    notes = optional_text(cmd.notes, field="notes", max_len=300)
    wanted: dict[int, Decimal] = {}
    for i, ln in enumerate(cmd.lines):
        item_id = parse_item_id(ln.inventory_id, field=f"items[{i}].inventory_id")
        wanted[item_id] = wanted.get(item_id, QTY_ZERO) + positive_quantity(ln.quantity, field=f"items[{i}].quantity")
    require_branch(uow, source, field="from_branch_id")
    require_branch(uow, target, field="to_branch_id")
    items = lock_items(uow, wanted)
    check_available(uow, items, source, wanted)
    ctx = stock_context(uow, deps, employee)
    reference = f"TR-{source}-{target}-{ctx.at:%Y%m%d%H%M%S}"
    for item_id, qty in sorted(wanted.items()):
        item = items[item_id]
        require_applied(uow.stock.decrease(item_id, source, qty, day=ctx.business_date), f"stock of item {item_id}")
        uow.stock.increase(item_id, target, qty, day=ctx.business_date)
        record(
            uow,
            ctx,
            item,
            source,
            MovementKind.TRANSFER_OUT,
            quantity=-qty,
            unit_cost=item.cost,
            reference=reference,
            reason=notes,
        )
        record(
            uow,
            ctx,
            item,
            target,
            MovementKind.TRANSFER_IN,
            quantity=qty,
            unit_cost=item.cost,
            reference=reference,
            reason=notes,
        )
    return StockTransferred(reference, source, target, tuple(sorted(wanted.items())))
