"""Wire shapes of the parcels surface (docs/parcels.md): the seed's Spanish field names, answers in the
``{success, message, data}`` envelope."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.days import instant_text
from nexus_core.domain.geo import Currency, GeoLevel, Place
from nexus_core.domain.orders import DeliveryOrder
from nexus_core.domain.stock import Movement
from nexus_core.services.order_batch import OrderResult
from nexus_core.services.products import ProductView


def number(amount: Decimal) -> Decimal | int:
    """A quantity as people write it: ``23``, ``2.5``."""
    if amount == amount.to_integral_value():
        return int(amount)
    return amount.normalize()


# --- geography -------------------------------------------------------------------------------------


@attrs.frozen
class IdQuery:
    id: int | None = None


@attrs.frozen
class PaisIn:
    nombre: str
    codigo_iso: str | None = None


@attrs.frozen
class DepartamentoIn:
    nombre: str
    id_pais: int


@attrs.frozen
class MunicipioIn:
    nombre: str
    id_departamento: int


@attrs.frozen
class BarrioIn:
    nombre: str
    id_municipio: int


@attrs.frozen
class MonedaIn:
    codigo: str
    nombre: str
    tasa_usd: Decimal


@attrs.frozen
class PaisOut:
    id: int
    nombre: str
    codigo_iso: str | None


@attrs.frozen
class DepartamentoOut:
    id: int
    nombre: str
    id_pais: int


@attrs.frozen
class MunicipioOut:
    id: int
    nombre: str
    id_departamento: int


@attrs.frozen
class BarrioOut:
    id: int
    nombre: str
    id_municipio: int


@attrs.frozen
class MonedaOut:
    id: int
    codigo: str
    nombre: str
    tasa_usd: str


PLACE_IN: dict[GeoLevel, type] = {
    GeoLevel.COUNTRY: PaisIn,
    GeoLevel.DEPARTMENT: DepartamentoIn,
    GeoLevel.MUNICIPALITY: MunicipioIn,
    GeoLevel.NEIGHBOURHOOD: BarrioIn,
}
PLACE_OUT: dict[GeoLevel, type] = {
    GeoLevel.COUNTRY: PaisOut,
    GeoLevel.DEPARTMENT: DepartamentoOut,
    GeoLevel.MUNICIPALITY: MunicipioOut,
    GeoLevel.NEIGHBOURHOOD: BarrioOut,
}
PLACE_EXAMPLE: dict[GeoLevel, dict[str, Any]] = {
    GeoLevel.COUNTRY: {"id": 1, "nombre": "Nicaragua", "codigo_iso": "NI"},
    GeoLevel.DEPARTMENT: {"id": 2, "nombre": "Managua", "id_pais": 1},
    GeoLevel.MUNICIPALITY: {"id": 3, "nombre": "Managua", "id_departamento": 2},
    GeoLevel.NEIGHBOURHOOD: {"id": 4, "nombre": "Altamira", "id_municipio": 3},
}
MONEDA_EXAMPLE = {"id": 1, "codigo": "USD", "nombre": "US Dollar", "tasa_usd": "1.0000"}


def place_json(place: Place) -> dict[str, Any]:
    row: dict[str, Any] = {"id": place.id, "nombre": place.name}
    if place.level is GeoLevel.COUNTRY:
        row["codigo_iso"] = place.code
    else:
        row[place.level.parent_field or "parent_id"] = place.parent_id
    return row


def currency_json(c: Currency) -> dict[str, Any]:
    return {"id": c.id, "codigo": c.code, "nombre": c.name, "tasa_usd": f"{c.rate:.4f}"}


@attrs.frozen
class GeoInfoData:
    paises: list[PaisOut]
    departamentos: list[DepartamentoOut]
    municipios: list[MunicipioOut]
    barrios: list[BarrioOut]
    monedas: list[MonedaOut]


@attrs.frozen
class GeoInfoOut:
    success: bool
    message: str
    data: GeoInfoData


@attrs.frozen
class SavedId:
    id: int


@attrs.frozen
class SavedOut:
    success: bool
    message: str
    data: SavedId


@attrs.frozen
class DoneOut:
    success: bool
    message: str


# --- products --------------------------------------------------------------------------------------


@attrs.frozen
class ProductsQuery:
    include_stock: bool = False
    page: int = 1
    per_page: int = 200


@attrs.frozen
class ProductIn:
    nombre: Any = attrs.field(default=None, metadata={"description": "required; the product's name"})
    descripcion: Any = None
    precio_usd: Any = attrs.field(default=None, metadata={"description": "a number, at most 2 decimals"})
    stock: Any = attrs.field(default=None, metadata={"description": "initial units, recorded as a movement"})


@attrs.frozen
class StockEntryOut:
    id: int
    id_producto: int
    id_usuario: int | None
    usuario: str
    tipo: str
    cantidad: Decimal
    updated_at: str


@attrs.frozen
class ProductOut:
    id: int
    nombre: str
    descripcion: str | None
    precio_usd: str
    stock_total: Decimal
    stock_entries: list[StockEntryOut] | None = None


@attrs.frozen
class ProductsOut:
    success: bool
    message: str
    data: list[ProductOut]


@attrs.frozen
class ProductCreated:
    id: int
    stock_inserted: int | None


@attrs.frozen
class ProductCreatedOut:
    success: bool
    message: str
    data: ProductCreated


def entry_json(m: Movement) -> dict[str, Any]:
    return {
        "id": m.id,
        "id_producto": m.item_id,
        "id_usuario": m.actor_id,
        "usuario": m.actor_name,
        "tipo": m.kind.value,
        "cantidad": number(m.quantity - m.reserved_delta),  # the change of what is available
        "updated_at": instant_text(m.at),
    }


def product_json(view: ProductView, include_stock: bool) -> dict[str, Any]:
    item = view.item
    row: dict[str, Any] = {
        "id": item.id,
        "nombre": item.name,
        "descripcion": item.description,
        "precio_usd": f"{item.price_1:.2f}",
        "stock_total": number(view.stock_total),
    }
    if include_stock:
        row["stock_entries"] = [entry_json(m) for m in view.entries]
    return row


# --- orders ----------------------------------------------------------------------------------------


@attrs.frozen
class OrderLineOut:
    producto_id: int
    cantidad: Decimal


@attrs.frozen
class OrderOut:
    id: int
    numero_orden: str
    destinatario: str
    telefono: str
    direccion: str | None
    zona: str | None
    comentario: str | None
    latitud: Decimal
    longitud: Decimal
    id_pais: int
    id_departamento: int
    id_municipio: int
    id_barrio: int | None
    id_moneda: int | None
    id_vendedor: int | None
    id_proveedor: int | None
    precio_local: Decimal | None
    precio_usd: Decimal | None
    id_estado: int
    nombre_estado: str
    fecha_ingreso: str
    productos: list[OrderLineOut]


def order_json(o: DeliveryOrder) -> dict[str, Any]:
    return {
        "id": o.id,
        "numero_orden": str(o.number),
        "destinatario": o.recipient,
        "telefono": o.phone,
        "direccion": o.address,
        "zona": o.zone,
        "comentario": o.comment,
        "latitud": o.latitude,
        "longitud": o.longitude,
        "id_pais": o.country_id,
        "id_departamento": o.department_id,
        "id_municipio": o.municipality_id,
        "id_barrio": o.neighbourhood_id,
        "id_moneda": o.currency_id,
        "id_vendedor": o.seller_id,
        "id_proveedor": o.provider_id,
        "precio_local": o.price_local,
        "precio_usd": o.price_usd,
        "id_estado": o.state.state_id,
        "nombre_estado": o.state.value,
        "fecha_ingreso": instant_text(o.created_at),
        "productos": [{"producto_id": line.item_id, "cantidad": number(line.quantity)} for line in o.lines],
    }


def result_json(r: OrderResult) -> dict[str, Any]:
    if r.error is None:
        return {"numero_orden": r.number, "success": True, "id_pedido": r.order_id}
    return {"numero_orden": r.number, "success": False, "error": r.error.message}
