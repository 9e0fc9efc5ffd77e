"""Delivery orders after creation: find one, list them, move them through their states
(docs/parcels.md#orders). Creation is :mod:`nexus_core.services.order_batch`.

Delivered consumes the order's reservation (the units leave the shelf, their cost at the weighted
average posted Dr 501.01 / Cr 115.01 in the same transaction); cancelled or returned releases it.
"""

from __future__ import annotations

from datetime import date

import attrs

from nexus_core.domain.delivery_rules import OrderDelivered, order_delivered
from nexus_core.domain.order_requests import parse_order_number
from nexus_core.domain.orders import HOLDER_KIND, DeliveryOrder, OrderState, parse_state
from nexus_core.errors import Conflict, InvalidInput, NotFound
from nexus_core.ports.inventory_queries import MAX_PER_PAGE, Page, Paged
from nexus_core.ports.parcels_repositories import OrderFilter
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor
from nexus_core.services.parcels_access import acting_user, user_context
from nexus_core.services.posting import PostEntry, post_entry
from nexus_core.services.reservations import consume, release
from nexus_core.services.runner import Deps, read_only


def _by_number(uow: UnitOfWork, number: object) -> DeliveryOrder:
    wanted = parse_order_number(number)
    order = uow.orders.get_by_number(wanted)
    if order is None:
        raise NotFound(f"order {wanted} not found", field="numero_orden")
    return order


@attrs.frozen
class FindOrder:
    actor: Actor
    number: object


@read_only
def find_order(cmd: FindOrder, uow: UnitOfWork, deps: Deps) -> DeliveryOrder:
    return _by_number(uow, cmd.number)


@attrs.frozen
class ChangeOrderState:
    """Move the order ``number`` (or ``order_id``) to ``state`` (a name or an id, see :data:`STATE_HELP`)."""

    actor: Actor
    state: object
    number: object = None
    order_id: object = None


def change_order_state(cmd: ChangeOrderState, uow: UnitOfWork, deps: Deps) -> DeliveryOrder:
    user = acting_user(uow, cmd.actor)
    state = parse_state(cmd.state)
    if cmd.number is not None:
        order = _by_number(uow, cmd.number)
    elif isinstance(cmd.order_id, int) and not isinstance(cmd.order_id, bool) and cmd.order_id > 0:
        found = uow.orders.get(cmd.order_id)
        if found is None:
            raise NotFound(f"order id {cmd.order_id} not found", field="id_pedido")
        order = found
    else:
        raise InvalidInput("numero_orden (or id_pedido) is required", field="numero_orden")
    ctx = user_context(uow, deps, user)
    was = order.move_to(state, now=ctx.at)
    assert order.id is not None
    if state is OrderState.DELIVERED:
        cost = consume(uow, ctx, holder_kind=HOLDER_KIND, holder_id=order.id)
        if cost > 0:
            fact = OrderDelivered(date=ctx.business_date, folio=f"PED-{order.number}", cost=cost)
            post_entry(PostEntry(order_delivered(fact), ctx.created_by), uow, deps)
    elif not state.is_open:
        release(uow, ctx, holder_kind=HOLDER_KIND, holder_id=order.id)
    if not uow.orders.set_state(order, was):
        raise Conflict(f"order {order.number} changed concurrently; retry the request")
    return order


@attrs.frozen
class ListOrders:
    """Filters of ``GET /api/pedidos/listar``; days are the tenant's local days (``fecha_ingreso``)."""

    actor: Actor
    state: object = None
    date_from: date | None = None
    date_to: date | None = None
    municipality_id: int | None = None
    page: int = 1
    per_page: int = 50


@read_only
def list_orders(cmd: ListOrders, uow: UnitOfWork, deps: Deps) -> Paged[DeliveryOrder]:
    if cmd.page < 1:
        raise InvalidInput("page must be 1 or more", field="page")
    if not 1 <= cmd.per_page <= MAX_PER_PAGE:
        raise InvalidInput(f"per_page must be 1-{MAX_PER_PAGE}", field="per_page")
    if cmd.date_from is not None and cmd.date_to is not None and cmd.date_from > cmd.date_to:
        raise InvalidInput("desde must not be after hasta", field="desde")
    state = None if cmd.state is None else parse_state(cmd.state)
    wanted = OrderFilter(
        state=state,
        date_from=cmd.date_from,
        date_to=cmd.date_to,
        municipality_id=cmd.municipality_id,
        page=Page(cmd.page, cmd.per_page),
    )
    return uow.orders.search(wanted)
