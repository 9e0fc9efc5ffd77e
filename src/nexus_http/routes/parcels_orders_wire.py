"""Wire classes of the parcels delivery orders (pedidos)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.days import instant_text
from nexus_core.domain.orders import DeliveryOrder
from nexus_core.services.order_batch import OrderResult
from nexus_http.routes.parcels_wire import (
    number,
)


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
