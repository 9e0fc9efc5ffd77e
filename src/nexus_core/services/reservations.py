"""Reservations: units set aside for a holder (a layaway, a delivery order), which leave the
branch's ``stock`` at once while staying on the shelf. Reserving takes every line or none and
names every short line; releasing gives the units back; consuming takes them off the shelf (the
holder was completed or delivered) and returns their cost at the weighted average, for the
holder's own posting. ``reserved`` is derived from the open rows and can be rebuilt from them.

These are engine calls for the holders' use cases (which authorize); :func:`rebuild_reserved` is
also a use case for the operator.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal

import attrs

from nexus_core.domain.money import ZERO
from nexus_core.domain.stock import (
    QTY_ZERO,
    MovementKind,
    Reservation,
    ReservationStatus,
    issued_value,
    parse_holder_kind,
    positive_quantity,
)
from nexus_core.errors import RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.runner import Deps
from nexus_core.services.stock import (
    StockContext,
    check_available,
    lock_items,
    movement,
    record,
    require_applied,
    stock_context,
)


def _reference(holder_kind: str, holder_id: int) -> str:
    return f"{holder_kind}:{holder_id}"


def reserve(
    uow: UnitOfWork,
    ctx: StockContext,
    *,
    holder_kind: str,
    holder_id: int,
    branch_id: int,
    lines: Sequence[tuple[int, Decimal]],
    expires_at: datetime | None = None,
) -> list[Reservation]:
    """Reserve every line in ``branch_id`` for the holder, or nothing (:class:`InsufficientStock`
    lists every short line). One reservation row per item."""
    kind = parse_holder_kind(holder_kind)
    wanted: dict[int, Decimal] = {}
    for i, (item_id, qty) in enumerate(lines):
        wanted[item_id] = wanted.get(item_id, QTY_ZERO) + positive_quantity(qty, field=f"items[{i}].quantity")
    items = lock_items(uow, wanted)
    check_available(uow, items, branch_id, wanted)
    made = []
    for item_id, qty in sorted(wanted.items()):
        require_applied(uow.stock.reserve(item_id, branch_id, qty, day=ctx.business_date), f"stock of item {item_id}")
        reservation = Reservation(
            id=None,
            tenant_id=uow.tenant_id,
            item_id=item_id,
            branch_id=branch_id,
            quantity=qty,
            holder_kind=kind,
            holder_id=holder_id,
            status=ReservationStatus.OPEN,
            created_at=ctx.at,
            expires_at=expires_at,
        )
        uow.reservations.add(reservation)
        record(
            uow,
            ctx,
            items[item_id],
            branch_id,
            MovementKind.RESERVATION,
            reserved_delta=qty,
            reference=_reference(kind, holder_id),
        )
        made.append(reservation)
    return made


@attrs.frozen
class Hold:
    """What one holder reserves: units per item (each item once)."""

    holder_id: int
    lines: Mapping[int, Decimal]


def reserve_many(
    uow: UnitOfWork, ctx: StockContext, *, holder_kind: str, branch_id: int, holds: Sequence[Hold]
) -> list[Reservation]:
    """:func:`reserve` for many holders at once (a batch of delivery orders): the items are locked
    in id order, every item's total is reserved by one conditional update in item-id order, and the
    reservation rows and movements are written in one statement batch each. All or nothing: a
    short item refuses the whole call (callers that want per-holder outcomes check first)."""
    kind = parse_holder_kind(holder_kind)
    totals: dict[int, Decimal] = {}
    for hold in holds:
        for item_id, qty in hold.lines.items():
            totals[item_id] = totals.get(item_id, QTY_ZERO) + positive_quantity(qty)
    items = lock_items(uow, totals)
    check_available(uow, items, branch_id, totals)
    for item_id in sorted(totals):
        require_applied(
            uow.stock.reserve(item_id, branch_id, totals[item_id], day=ctx.business_date), f"stock of item {item_id}"
        )
    rows, movements = [], []
    for hold in holds:
        for item_id, qty in sorted(hold.lines.items()):
            rows.append(
                Reservation(
                    id=None,
                    tenant_id=uow.tenant_id,
                    item_id=item_id,
                    branch_id=branch_id,
                    quantity=qty,
                    holder_kind=kind,
                    holder_id=hold.holder_id,
                    status=ReservationStatus.OPEN,
                    created_at=ctx.at,
                )
            )
            reference = _reference(kind, hold.holder_id)
            kind_r = MovementKind.RESERVATION
            item = items[item_id]
            movements.append(movement(uow, ctx, item, branch_id, kind_r, reserved_delta=qty, reference=reference))
    uow.reservations.add_many(rows)
    uow.movements.add_many(movements)
    return rows


def _close(
    uow: UnitOfWork, ctx: StockContext, reservations: Sequence[Reservation], status: ReservationStatus
) -> Decimal:
    items = lock_items(uow, {r.item_id for r in reservations})
    total_cost = ZERO
    for r in sorted(reservations, key=lambda r: (r.item_id, r.id or 0)):
        assert r.id is not None
        if not uow.reservations.close(r.id, status, ctx.at):
            raise RuleViolation(
                f"reservation {r.id} is not open (already released or consumed)", field="reservation_id"
            )
        item = items[r.item_id]
        reference = _reference(r.holder_kind, r.holder_id)
        if status is ReservationStatus.RELEASED:
            require_applied(
                uow.stock.release(r.item_id, r.branch_id, r.quantity, day=ctx.business_date),
                f"reserved stock of item {r.item_id}",
            )
            record(uow, ctx, item, r.branch_id, MovementKind.RELEASE, reserved_delta=-r.quantity, reference=reference)
            continue
        total = uow.stock.total_on_hand(r.item_id)
        require_applied(
            uow.stock.consume(r.item_id, r.branch_id, r.quantity, day=ctx.business_date),
            f"reserved stock of item {r.item_id}",
        )
        cost = issued_value(total, item.stock_value, r.quantity)
        item.stock_value -= cost
        uow.items.set_valuation(r.item_id, cost=item.cost, stock_value=item.stock_value)
        record(
            uow,
            ctx,
            item,
            r.branch_id,
            MovementKind.CONSUMPTION,
            quantity=-r.quantity,
            reserved_delta=-r.quantity,
            value=-cost,
            unit_cost=item.cost,
            reference=reference,
        )
        total_cost += cost
    return total_cost


def release(uow: UnitOfWork, ctx: StockContext, *, holder_kind: str, holder_id: int) -> int:
    """Release every open reservation of the holder (cancelled); returns how many."""
    open_rows = uow.reservations.for_holder(parse_holder_kind(holder_kind), holder_id)
    _close(uow, ctx, open_rows, ReservationStatus.RELEASED)
    return len(open_rows)


def consume(uow: UnitOfWork, ctx: StockContext, *, holder_kind: str, holder_id: int) -> Decimal:
    """Consume every open reservation of the holder (completed, delivered): the units leave the
    shelf. Returns their cost at the weighted average (Dr 501.01 / Cr 115.01 in the holder's entry)."""
    open_rows = uow.reservations.for_holder(parse_holder_kind(holder_kind), holder_id)
    if not open_rows:
        raise RuleViolation(f"{holder_kind} {holder_id} has no open reservation", field="holder_id")
    return _close(uow, ctx, open_rows, ReservationStatus.CONSUMED)


def release_expired(uow: UnitOfWork, ctx: StockContext, *, limit: int = 500) -> int:
    """Release the open reservations whose expiry has passed; returns how many."""
    rows = uow.reservations.expired(ctx.at, limit=limit)
    _close(uow, ctx, rows, ReservationStatus.RELEASED)
    return len(rows)


@attrs.frozen
class RebuildReserved:
    actor: Actor


@attrs.frozen
class ReservedCorrection:
    item_id: int
    branch_id: int
    was: Decimal
    now: Decimal


def rebuild_reserved(cmd: RebuildReserved, uow: UnitOfWork, deps: Deps) -> list[ReservedCorrection]:
    """Set every balance's ``reserved`` to the sum of its open reservation rows; returns what changed."""
    authorize(uow, cmd.actor, "inventory.adjust")
    truth = uow.reservations.open_totals()
    kept = uow.stock.reserved_totals()
    keys = sorted(set(truth) | set(kept))
    lock_items(uow, {item_id for item_id, _ in keys})
    corrections = []
    for item_id, branch_id in keys:
        want, have = truth.get((item_id, branch_id), QTY_ZERO), kept.get((item_id, branch_id), QTY_ZERO)
        if want == have:
            continue
        if want > uow.stock.get(item_id, branch_id).on_hand:
            raise RuleViolation(
                f"item {item_id} in branch {branch_id}: open reservations ({want.normalize():f}) exceed on hand; "
                "release some reservations first",
                field="reserved",
            )
        uow.stock.set_reserved(item_id, branch_id, want)
        corrections.append(ReservedCorrection(item_id, branch_id, have, want))
    return corrections


def operator_context(uow: UnitOfWork, deps: Deps) -> StockContext:
    """The context of the command line's operator (the holders' use cases pass their employee)."""
    return stock_context(uow, deps, None)
