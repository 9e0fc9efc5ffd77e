"""Creating delivery orders, one or ten thousand: the one path (docs/parcels.md#orders, ADR 24).

Each order is its own all-or-nothing unit: it is created with every line reserved, or refused with a
message and nothing of it written; the others go on. For speed a batch costs a fixed number of round
trips, whatever its size:

1. every order is parsed (:func:`nexus_core.domain.order_requests.parse_order`);
2. ONE round of lookups for the whole batch: the products (their rows locked in id order, so
   concurrent batches serialize on the stock they share), their balances in the default branch,
   the places, currencies and users named, and the order numbers already used;
3. each order is judged in input order against those lookups and the stock still available after
   the orders accepted before it (so the batch never over-reserves);
4. the accepted orders are written in statement batches (orders, lines, reservation rows,
   movements, one conditional update per product) inside a savepoint. Should that fail on a
   collision (another request took a number meanwhile), the savepoint is rolled back and each
   accepted order is written alone in a savepoint of its own, so one collision costs one order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

import attrs

from nexus_core.domain.geo import Currency, GeoLevel, Place
from nexus_core.domain.order_requests import OrderRequest, number_of, parse_order
from nexus_core.domain.orders import HOLDER_KIND, DeliveryOrder, OrderStockShort, duplicate_number_message
from nexus_core.domain.stock import StockBalance
from nexus_core.domain.users import User
from nexus_core.errors import Conflict, InvalidInput, NexusError, NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor
from nexus_core.services.parcels_access import acting_user, default_branch, user_context
from nexus_core.services.reservations import Hold, reserve_many
from nexus_core.services.runner import Deps
from nexus_core.services.stock_records import StockContext

MAX_BATCH = 20_000


@attrs.frozen
class OrderResult:
    """One order's outcome, in the batch's order: its id, or the refusal."""

    number: object  # numero_orden as the client sent it
    order_id: int | None = None
    error: NexusError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@attrs.frozen
class CreateOrders:
    """``orders``: the clients' JSON objects. ``dry_run``: judge every order, write nothing."""

    actor: Actor
    orders: Sequence[object]
    dry_run: bool = False


@attrs.define
class _Lookups:
    """What the batch's orders name, read once."""

    places: dict[int, Place]
    currencies: dict[int, Currency]
    users: dict[int, User]
    taken: set[int]
    available: dict[int, Decimal]  # per product, what the branch still has for this batch
    known_items: set[int]


def _lookups(uow: UnitOfWork, branch_id: int, requests: Sequence[OrderRequest]) -> _Lookups:
    item_ids = {item_id for r in requests for item_id, _ in r.lines}
    place_ids = {
        p
        for r in requests
        for p in (r.country_id, r.department_id, r.municipality_id, r.neighbourhood_id)
        if p is not None
    }
    user_ids = {u for r in requests for u in (r.seller_id, r.provider_id) if u is not None}
    items = uow.items.lock(item_ids)  # in id order: concurrent batches wait here, never in a cycle
    balances: Mapping[int, StockBalance] = uow.stock.for_items(items, branch_id) if items else {}
    users = {}
    for user_id in sorted(user_ids):
        user = uow.users.get(user_id)
        if user is not None:
            users[user_id] = user
    return _Lookups(
        places=uow.places.get_many(place_ids),
        currencies={c.id: c for c in uow.currencies.list() if c.id is not None},
        users=users,
        taken=uow.orders.existing_numbers({r.number for r in requests}),
        available={i: b.available for i, b in balances.items()},
        known_items=set(items),
    )


def _check_place(found: _Lookups, place_id: int | None, level: GeoLevel, parent_id: int | None) -> None:
    if place_id is None:
        return
    place = found.places.get(place_id)
    if place is None or place.level is not level:
        raise NotFound(f"{level.id_field} {place_id} not found", field=level.id_field)
    if parent_id is not None and place.parent_id != parent_id:
        parent = level.parent
        assert parent is not None
        raise InvalidInput(
            f"{level.id_field} {place_id} ({place.name}) is not in {parent.id_field} {parent_id}", field=level.id_field
        )


def _check_references(found: _Lookups, r: OrderRequest) -> None:
    _check_place(found, r.country_id, GeoLevel.COUNTRY, None)
    _check_place(found, r.department_id, GeoLevel.DEPARTMENT, r.country_id)
    _check_place(found, r.municipality_id, GeoLevel.MUNICIPALITY, r.department_id)
    _check_place(found, r.neighbourhood_id, GeoLevel.NEIGHBOURHOOD, r.municipality_id)
    if r.currency_id is not None and r.currency_id not in found.currencies:
        raise NotFound(f"id_moneda {r.currency_id} not found", field="id_moneda")
    for field, user_id in (("id_vendedor", r.seller_id), ("id_proveedor", r.provider_id)):
        if user_id is not None and (user_id not in found.users or not found.users[user_id].is_active):
            raise NotFound(f"{field} {user_id} not found (no active user with that id)", field=field)
    for item_id, _ in r.lines:
        if item_id not in found.known_items:
            raise NotFound(f"product ID {item_id} not found", field="producto_id")


def _judge(found: _Lookups, r: OrderRequest, numbers_in_batch: set[int]) -> dict[int, Decimal]:
    """Refuse the order (raise) or reserve its units from ``found.available``; returns them."""
    if r.number in found.taken or r.number in numbers_in_batch:
        raise RuleViolation(duplicate_number_message(r.number), field="numero_orden")
    _check_references(found, r)
    wanted = r.wanted()
    have = {i: found.available.get(i, Decimal(0)) for i in wanted}
    short = [(i, have[i], q) for i, q in sorted(wanted.items()) if have[i] < q]
    if short:
        raise OrderStockShort(short)
    for item_id, qty in wanted.items():
        found.available[item_id] -= qty
    numbers_in_batch.add(r.number)
    return wanted


@attrs.frozen
class _Accepted:
    index: int
    order: DeliveryOrder
    wanted: dict[int, Decimal]


def _write(uow: UnitOfWork, ctx: StockContext, branch_id: int, accepted: Sequence[_Accepted]) -> None:
    orders = [a.order for a in accepted]
    ids = uow.orders.add_many(orders)
    holds = [Hold(order_id, a.wanted) for order_id, a in zip(ids, accepted, strict=True)]
    reserve_many(uow, ctx, holder_kind=HOLDER_KIND, branch_id=branch_id, holds=holds)


def _write_one_by_one(
    uow: UnitOfWork, ctx: StockContext, branch_id: int, accepted: Sequence[_Accepted], results: list[OrderResult]
) -> None:
    for a in accepted:
        a.order.id = None
        try:
            with uow.savepoint():
                _write(uow, ctx, branch_id, [a])
        except Conflict as exc:
            taken = a.order.number in uow.orders.existing_numbers([a.order.number])
            error = RuleViolation(duplicate_number_message(a.order.number), field="numero_orden") if taken else exc
            results[a.index] = attrs.evolve(results[a.index], order_id=None, error=error)
            continue
        results[a.index] = attrs.evolve(results[a.index], order_id=a.order.id)


def create_orders(cmd: CreateOrders, uow: UnitOfWork, deps: Deps) -> list[OrderResult]:
    """Every order created or refused on its own; results in input order."""
    if len(cmd.orders) > MAX_BATCH:
        raise InvalidInput(f"pedidos must hold at most {MAX_BATCH:,} orders per request", field="pedidos")
    user = acting_user(uow, cmd.actor)
    branch_id = default_branch(uow)
    ctx = user_context(uow, deps, user)
    results: list[OrderResult] = []
    requests: list[tuple[int, OrderRequest]] = []
    for index, raw in enumerate(cmd.orders):
        try:
            requests.append((index, parse_order(raw)))
            results.append(OrderResult(number_of(raw)))
        except NexusError as exc:
            results.append(OrderResult(number_of(raw), error=exc))
    if not requests:
        return results
    found = _lookups(uow, branch_id, [r for _, r in requests])
    numbers_in_batch: set[int] = set()
    accepted: list[_Accepted] = []
    for index, r in requests:
        try:
            wanted = _judge(found, r, numbers_in_batch)
        except NexusError as exc:
            results[index] = attrs.evolve(results[index], error=exc)
            continue
        provider = r.provider_id if r.provider_id is not None else (user.id if user is not None else None)
        order = DeliveryOrder.create(
            r,
            tenant_id=uow.tenant_id,
            branch_id=branch_id,
            created_by=None if user is None else user.id,
            provider_id=provider,
            now=ctx.at,
            business_date=ctx.business_date,
        )
        accepted.append(_Accepted(index, order, wanted))
    if cmd.dry_run or not accepted:
        return results
    try:
        with uow.savepoint():
            _write(uow, ctx, branch_id, accepted)
    except Conflict:
        _write_one_by_one(uow, ctx, branch_id, accepted, results)
        return results
    for a in accepted:
        results[a.index] = attrs.evolve(results[a.index], order_id=a.order.id)
    return results


@attrs.frozen
class CreateOrder:
    """One order (``POST /api/pedidos/crear``): the batch path with a batch of one."""

    actor: Actor
    order: object


@attrs.frozen
class CreatedOrder:
    order_id: int
    number: int


def _inserting(error: NexusError) -> NexusError:
    """The refusal in the seed's words: ``Error inserting order: ...``, of the same category."""
    category = next(c for c in (NotFound, InvalidInput, Conflict, RuleViolation, NexusError) if isinstance(error, c))
    return category(f"Error inserting order: {error.message}", field=error.field)


def create_order(cmd: CreateOrder, uow: UnitOfWork, deps: Deps) -> CreatedOrder:
    """The new order, or the refusal raised."""
    (result,) = create_orders(CreateOrders(cmd.actor, [cmd.order]), uow, deps)
    if result.error is not None:
        raise _inserting(result.error)
    assert result.order_id is not None and isinstance(result.number, int | str)
    return CreatedOrder(result.order_id, int(result.number))
