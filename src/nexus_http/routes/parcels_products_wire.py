"""Wire classes of the parcels products (productos)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.days import instant_text
from nexus_core.domain.stock import Movement
from nexus_core.services.products import ProductView
from nexus_http.routes.parcels_wire import (
    number,
)


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
