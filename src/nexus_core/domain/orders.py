"""Delivery orders (pedidos): what a client sends, checked once, and the order's life.

Rules (docs/domain.md "Delivery orders", docs/parcels.md):

* ``numero_orden`` is a positive integer, unique per tenant;
* recipient, phone and coordinates are required; coordinates arrive as ``"lat,long"`` or as
  ``latitud``/``longitud``, within -90..90 and -180..180, with at most six decimals (kept exactly);
* pais, departamento and municipio are required (``id_pais`` or the seed's ``pais`` alias ...);
* lines come as ``productos: [{producto_id, cantidad}]`` or a top-level ``producto_id`` + ``cantidad``;
* an order reserves every line's stock or none; its states go Pending -> In transit -> Delivered,
  or Cancelled (from Pending or In transit) or Returned (from In transit). Delivering consumes the
  reservation; cancelling or returning releases it.

What a client sends is checked in :mod:`nexus_core.domain.order_requests`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from nexus_core.domain.stock import fmt_qty
from nexus_core.errors import InvalidInput, RuleViolation

if TYPE_CHECKING:
    from nexus_core.domain.order_requests import OrderRequest

COORDINATE_PLACES = 6
MAX_ORDER_NUMBER = 10**18
MAX_LINES = 100
MAX_UNITS = 1_000_000
HOLDER_KIND = "delivery_order"
_MICRO = Decimal(1).scaleb(-COORDINATE_PLACES)


class OrderState(enum.StrEnum):
    PENDING = "Pending"
    IN_TRANSIT = "In transit"
    DELIVERED = "Delivered"
    CANCELLED = "Cancelled"
    RETURNED = "Returned"

    @property
    def state_id(self) -> int:
        return _STATE_IDS[self]

    @property
    def is_open(self) -> bool:
        """Whether the order still holds its reserved stock."""
        return self in (OrderState.PENDING, OrderState.IN_TRANSIT)


_STATE_IDS = {
    OrderState.PENDING: 1,
    OrderState.IN_TRANSIT: 2,
    OrderState.DELIVERED: 3,
    OrderState.CANCELLED: 4,
    OrderState.RETURNED: 5,
}
_STATE_NAMES = {s.value.casefold(): s for s in OrderState} | {
    "pendiente": OrderState.PENDING,
    "en transito": OrderState.IN_TRANSIT,
    "en tránsito": OrderState.IN_TRANSIT,
    "entregado": OrderState.DELIVERED,
    "cancelado": OrderState.CANCELLED,
    "devuelto": OrderState.RETURNED,
}
NEXT_STATES: Mapping[OrderState, frozenset[OrderState]] = {
    OrderState.PENDING: frozenset({OrderState.IN_TRANSIT, OrderState.CANCELLED}),
    OrderState.IN_TRANSIT: frozenset({OrderState.DELIVERED, OrderState.RETURNED, OrderState.CANCELLED}),
    OrderState.DELIVERED: frozenset(),
    OrderState.CANCELLED: frozenset(),
    OrderState.RETURNED: frozenset(),
}
STATE_HELP = ", ".join(f"{s.state_id} {s.value}" for s in OrderState)


def parse_state(value: object, *, field: str = "estado") -> OrderState:
    """A state by its name (English or Spanish, any case) or its id (1-5)."""
    if isinstance(value, int) and not isinstance(value, bool):
        for state, state_id in _STATE_IDS.items():
            if state_id == value:
                return state
    elif isinstance(value, str) and value.strip().casefold() in _STATE_NAMES:
        return _STATE_NAMES[value.strip().casefold()]
    raise InvalidInput(f"{field} must be one of: {STATE_HELP}", field=field)


def shortage_message(item_id: int, available: Decimal, required: Decimal) -> str:
    """The seed's words for a product without enough stock."""
    have, need = fmt_qty(available), fmt_qty(required)
    return f"Insufficient stock for product ID {item_id}. Available: {have}, required: {need}"


class OrderStockShort(RuleViolation):
    """Some product of the order lacks stock; nothing was reserved. Names every short product."""

    def __init__(self, short: Sequence[tuple[int, Decimal, Decimal]]) -> None:
        self.short = tuple(short)
        super().__init__("; ".join(shortage_message(*s) for s in self.short), field="productos")


def duplicate_number_message(number: int) -> str:
    return f"El número de orden ya existe: {number} (numero_orden must be unique)"


# --- the order ------------------------------------------------------------------------------------


@attrs.frozen
class OrderLine:
    item_id: int
    quantity: Decimal


@attrs.define(eq=False)
class DeliveryOrder:
    """An order of the tenant: its recipient, where it goes, what it carries, and its state."""

    id: int | None
    tenant_id: int
    number: int
    recipient: str
    phone: str
    latitude: Decimal
    longitude: Decimal
    country_id: int
    department_id: int
    municipality_id: int
    neighbourhood_id: int | None
    address: str | None
    zone: str | None
    comment: str | None
    currency_id: int | None
    seller_id: int | None
    provider_id: int | None
    price_local: Decimal | None
    price_usd: Decimal | None
    branch_id: int
    state: OrderState
    created_by: int | None  # the parcels user (None: the operator)
    created_at: datetime
    business_date: date
    updated_at: datetime
    lines: tuple[OrderLine, ...] = ()

    @classmethod
    def create(
        cls,
        request: OrderRequest,
        *,
        tenant_id: int,
        branch_id: int,
        created_by: int | None,
        provider_id: int | None,
        now: datetime,
        business_date: date,
    ) -> DeliveryOrder:
        r = request
        return cls(
            id=None,
            tenant_id=tenant_id,
            number=r.number,
            recipient=r.recipient,
            phone=r.phone,
            latitude=r.latitude,
            longitude=r.longitude,
            country_id=r.country_id,
            department_id=r.department_id,
            municipality_id=r.municipality_id,
            neighbourhood_id=r.neighbourhood_id,
            address=r.address,
            zone=r.zone,
            comment=r.comment,
            currency_id=r.currency_id,
            seller_id=r.seller_id,
            provider_id=provider_id,
            price_local=r.price_local,
            price_usd=r.price_usd,
            branch_id=branch_id,
            state=OrderState.PENDING,
            created_by=created_by,
            created_at=now,
            business_date=business_date,
            updated_at=now,
            lines=tuple(OrderLine(item_id, qty) for item_id, qty in r.lines),
        )

    def move_to(self, state: OrderState, *, now: datetime) -> OrderState:
        """Change the state along :data:`NEXT_STATES`; returns the state it left."""
        if state not in NEXT_STATES[self.state]:
            allowed = ", ".join(sorted(s.value for s in NEXT_STATES[self.state])) or "none (final state)"
            raise RuleViolation(
                f"order {self.number} is {self.state.value}: it cannot become {state.value} (allowed: {allowed})",
                field="estado",
            )
        was, self.state, self.updated_at = self.state, state, now
        return was
