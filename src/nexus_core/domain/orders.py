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

:func:`parse_order` works on the raw JSON object (a mapping), so one bad order of a batch is one
clear message and never stops the others.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal

import attrs

from nexus_core.domain.money import money_strict, parse_decimal
from nexus_core.domain.stock import QTY, fmt_qty
from nexus_core.domain.text import optional_text, require_text
from nexus_core.errors import InvalidInput, RuleViolation

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


def positive_id(value: object, *, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**63:
        raise InvalidInput(f"{field} must be a positive integer", field=field)
    return value


def optional_id(value: object, *, field: str) -> int | None:
    return None if value is None else positive_id(value, field=field)


def parse_order_number(value: object, *, field: str = "numero_orden") -> int:
    """A positive integer; the digits as a string are accepted too (the seed answers it as one)."""
    if value is None:
        raise InvalidInput(f"{field} is required", field=field)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit() and len(value.strip()) <= 19:
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < MAX_ORDER_NUMBER:
        raise InvalidInput(f"{field} must be a positive integer (below 10^18)", field=field)
    return value


# --- coordinates -------------------------------------------------------------------------------


def _coordinate(value: object, *, field: str, limit: int) -> Decimal:
    if isinstance(value, str):
        value = value.strip()
    number = parse_decimal(value, field=field)
    if not -limit <= number <= limit:
        raise InvalidInput(f"{field} must be between -{limit} and {limit}", field=field)
    if number != number.quantize(_MICRO):
        raise InvalidInput(f"{field} must have at most {COORDINATE_PLACES} decimals", field=field)
    return number.quantize(_MICRO)


def parse_coordinates(raw: Mapping[str, object]) -> tuple[Decimal, Decimal]:
    """``coordenadas: "lat,long"`` or ``latitud`` + ``longitud``: exact, in range, six decimals at most."""
    text = raw.get("coordenadas")
    if text is not None:
        if not isinstance(text, str) or text.count(",") != 1:
            raise InvalidInput('coordenadas must be "lat,long", such as "-0.180653,-78.467838"', field="coordenadas")
        lat, lng = text.split(",")
        return _coordinate(lat, field="latitud", limit=90), _coordinate(lng, field="longitud", limit=180)
    lat_raw, lng_raw = raw.get("latitud"), raw.get("longitud")
    if lat_raw is None or lng_raw is None:
        raise InvalidInput(
            'coordinates are required: coordenadas as "lat,long", or latitud and longitud', field="coordenadas"
        )
    return _coordinate(lat_raw, field="latitud", limit=90), _coordinate(lng_raw, field="longitud", limit=180)


# --- what a client asks ---------------------------------------------------------------------------

# The seed's working example says ``pais`` and ``departamento``; both spellings are accepted.
_ADDRESS = (("id_pais", "pais"), ("id_departamento", "departamento"), ("id_municipio", "municipio"))


def _aliased_id(raw: Mapping[str, object], name: str, alias: str) -> int | None:
    value, other = raw.get(name), raw.get(alias)
    if value is not None and other is not None and value != other:
        raise InvalidInput(f"{name} and {alias} disagree: give one of them", field=name)
    chosen = value if value is not None else other
    return optional_id(chosen, field=name if value is not None else alias)


def _units(value: object, *, field: str) -> Decimal:
    if value is None:
        raise InvalidInput(f"{field} is required", field=field)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_UNITS:
        raise InvalidInput(f"{field} must be a whole number of units from 1 to {MAX_UNITS:,}", field=field)
    return Decimal(value).quantize(QTY)


def parse_lines(raw: Mapping[str, object]) -> tuple[tuple[int, Decimal], ...]:
    """``productos`` or a single ``producto_id`` (alias ``producto``) + ``cantidad``."""
    products = raw.get("productos")
    single = raw.get("producto_id", raw.get("producto"))
    if products is not None and single is not None:
        raise InvalidInput("give either productos or producto_id + cantidad, not both", field="productos")
    if products is None:
        if single is None:
            raise InvalidInput("productos is required (or producto_id + cantidad)", field="productos")
        return ((positive_id(single, field="producto_id"), _units(raw.get("cantidad"), field="cantidad")),)
    if not isinstance(products, list) or not products:
        raise InvalidInput("productos must be a non-empty list of {producto_id, cantidad}", field="productos")
    if len(products) > MAX_LINES:
        raise InvalidInput(f"productos must have at most {MAX_LINES} lines", field="productos")
    lines = []
    for i, line in enumerate(products):
        where = f"productos[{i}]"
        if not isinstance(line, Mapping):
            raise InvalidInput(f"{where} must be an object {{producto_id, cantidad}}", field=where)
        product = line.get("producto_id", line.get("producto"))
        if product is None:
            raise InvalidInput(f"{where}.producto_id is required", field=f"{where}.producto_id")
        item_id = positive_id(product, field=f"{where}.producto_id")
        lines.append((item_id, _units(line.get("cantidad"), field=f"{where}.cantidad")))
    return tuple(lines)


def _price(value: object, *, field: str) -> Decimal | None:
    if value is None:
        return None
    amount = money_strict(value, field=field)
    if amount < 0:
        raise InvalidInput(f"{field} must not be negative", field=field)
    return amount


@attrs.frozen
class OrderRequest:
    """One order as a client asked for it, every field checked (references not yet looked up)."""

    number: int
    recipient: str
    phone: str
    latitude: Decimal
    longitude: Decimal
    country_id: int
    department_id: int
    municipality_id: int
    lines: tuple[tuple[int, Decimal], ...]
    neighbourhood_id: int | None = None
    address: str | None = None
    zone: str | None = None
    comment: str | None = None
    currency_id: int | None = None
    seller_id: int | None = None
    provider_id: int | None = None
    price_local: Decimal | None = None
    price_usd: Decimal | None = None

    def wanted(self) -> dict[int, Decimal]:
        """Units per product (a product named on two lines is reserved once, summed)."""
        out: dict[int, Decimal] = {}
        for item_id, qty in self.lines:
            out[item_id] = out.get(item_id, Decimal(0)) + qty
        return out


def _required_text(raw: Mapping[str, object], field: str, max_len: int) -> str:
    if raw.get(field) is None:
        raise InvalidInput(f"{field} is required", field=field)
    return require_text(raw.get(field), field=field, max_len=max_len)


def parse_order(raw: object) -> OrderRequest:
    """The order in ``raw`` (a JSON object), or :class:`InvalidInput` naming the field (missing
    address fields are named together)."""
    if not isinstance(raw, Mapping):
        raise InvalidInput("each order must be a JSON object")
    number = parse_order_number(raw.get("numero_orden"))
    recipient = _required_text(raw, "destinatario", 200)
    phone = _required_text(raw, "telefono", 40)
    address_ids = [_aliased_id(raw, name, alias) for name, alias in _ADDRESS]
    missing = [name for (name, _), value in zip(_ADDRESS, address_ids, strict=True) if value is None]
    if missing:
        raise InvalidInput("missing required address fields: " + ", ".join(missing), field=missing[0])
    country_id, department_id, municipality_id = (v for v in address_ids if v is not None)
    latitude, longitude = parse_coordinates(raw)
    state = raw.get("id_estado")
    if state is not None and parse_state(state, field="id_estado") is not OrderState.PENDING:
        raise InvalidInput("a new order is Pending (id_estado 1): change its state afterwards", field="id_estado")
    return OrderRequest(
        number=number,
        recipient=recipient,
        phone=phone,
        latitude=latitude,
        longitude=longitude,
        country_id=country_id,
        department_id=department_id,
        municipality_id=municipality_id,
        lines=parse_lines(raw),
        neighbourhood_id=_aliased_id(raw, "id_barrio", "barrio"),
        address=optional_text(raw.get("direccion"), field="direccion", max_len=500),
        zone=optional_text(raw.get("zona"), field="zona", max_len=120),
        comment=optional_text(raw.get("comentario"), field="comentario", max_len=1000),
        currency_id=optional_id(raw.get("id_moneda"), field="id_moneda"),
        seller_id=optional_id(raw.get("id_vendedor"), field="id_vendedor"),
        provider_id=optional_id(raw.get("id_proveedor"), field="id_proveedor"),
        price_local=_price(raw.get("precio_local"), field="precio_local"),
        price_usd=_price(raw.get("precio_usd"), field="precio_usd"),
    )


def number_of(raw: object) -> object:
    """The ``numero_orden`` a client sent, as sent (to label a result even when the order is refused)."""
    return raw.get("numero_orden") if isinstance(raw, Mapping) else None


# --- refusals ---------------------------------------------------------------------------------------


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
