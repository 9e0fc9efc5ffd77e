"""What a client sends for a delivery order (pedido), checked once into an :class:`OrderRequest`.

:func:`parse_order` works on the raw JSON object (a mapping), so one bad order of a batch is one clear
message and never stops the others. The rules are listed in :mod:`nexus_core.domain.orders`.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import attrs

from nexus_core.domain.money import money_strict, parse_decimal
from nexus_core.domain.orders import (
    _MICRO,
    COORDINATE_PLACES,
    MAX_LINES,
    MAX_ORDER_NUMBER,
    MAX_UNITS,
    OrderState,
    parse_state,
)
from nexus_core.domain.stock import QTY
from nexus_core.domain.text import optional_text, require_text
from nexus_core.errors import InvalidInput


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
