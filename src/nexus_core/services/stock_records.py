"""The parts of every stock operation: who and when (:class:`StockContext`), the item locks
(:func:`lock_items`), one movement record per change (:func:`movement`, :func:`record`) and the
guard of conditional changes (:func:`require_applied`). Used by :mod:`nexus_core.services.stock`
and the use cases that move stock (docs/adr/0019-stock-engine.md)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.items import Item
from nexus_core.domain.money import ZERO
from nexus_core.domain.staff import Employee
from nexus_core.domain.stock import QTY_ZERO, Actor, Movement, MovementKind
from nexus_core.errors import Conflict, NotFound
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.business_day import business_today
from nexus_core.services.posting import actor_name
from nexus_core.services.runner import Deps


@attrs.frozen
class StockContext:
    """Who is moving stock and when: recorded on every movement and entry of one operation."""

    actor: Actor
    at: datetime
    business_date: date

    @property
    def created_by(self) -> str:
        return self.actor.name


def stock_context(uow: UnitOfWork, deps: Deps, employee: Employee | None) -> StockContext:
    """The context of an operation by ``employee`` (``None``: the operator), now."""
    return StockContext(
        actor=Actor(None if employee is None else employee.id, actor_name(employee)),
        at=deps.clock.now(),
        business_date=business_today(uow, deps),
    )


def lock_items(uow: UnitOfWork, item_ids: Collection[int], *, field: str = "inventory_id") -> dict[int, Item]:
    """The items, their rows locked in id order until the transaction ends; a missing one is a 404
    naming the first missing id (another tenant's items are missing)."""
    found = uow.items.lock(item_ids)
    missing = sorted(set(item_ids) - set(found))
    if missing:
        raise NotFound(f"item {missing[0]} not found", field=field)
    return found


def movement(
    uow: UnitOfWork,
    ctx: StockContext,
    item: Item,
    branch_id: int,
    kind: MovementKind,
    *,
    quantity: Decimal = QTY_ZERO,
    reserved_delta: Decimal = QTY_ZERO,
    value: Decimal = ZERO,
    unit_cost: Decimal | None = None,
    reference: str,
    reason: str | None = None,
) -> Movement:
    """The movement of one change, not yet written."""
    assert item.id is not None
    return Movement(
        id=None,
        tenant_id=uow.tenant_id,
        item_id=item.id,
        branch_id=branch_id,
        kind=kind,
        quantity=quantity,
        reserved_delta=reserved_delta,
        value=value,
        unit_cost=unit_cost,
        reference=reference[:80],
        reason=None if reason is None else reason[:300],
        actor_id=ctx.actor.id,
        actor_name=ctx.actor.name,
        at=ctx.at,
        business_date=ctx.business_date,
    )


def record(
    uow: UnitOfWork, ctx: StockContext, item: Item, branch_id: int, kind: MovementKind, **fields: Any
) -> Movement:
    """Write the movement of one change (``fields``: those of :func:`movement`)."""
    m = movement(uow, ctx, item, branch_id, kind, **fields)
    uow.movements.add(m)
    return m


def require_applied(applied: bool, what: str) -> None:
    """A conditional change that must apply under the item locks; if not, the data changed under
    us (a bug or a lock-less writer): refuse rather than write half."""
    if not applied:
        raise Conflict(f"{what} changed concurrently; retry the request")
