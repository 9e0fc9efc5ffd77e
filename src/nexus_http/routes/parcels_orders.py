"""Delivery orders of the parcels surface (docs/parcels.md#orders): create one or many, find one by
number, list them, move them through their states."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from nexus_core.services import order_batch, orders
from nexus_http.endpoints import Call, RouteTable
from nexus_http.envelope import parcels_ok
from nexus_http.pagination import Pagination
from nexus_http.reply import Reply
from nexus_http.routes.parcels_orders_wire import OrderOut, order_json, result_json

routes = RouteTable("parcels orders")
P = "/api/pedidos"
# A bulk request of 10^4 orders with two lines is about 4 MB; anything above this is refused with 413.
MAX_BATCH_BODY = 8 * 1024 * 1024


@attrs.frozen
class OrderIn:
    """An order as the seed describes it; every field is checked by the core, which names the one at fault."""

    numero_orden: Any = attrs.field(
        default=None, metadata={"description": "required; a positive integer unique in the tenant"}
    )
    destinatario: Any = attrs.field(default=None, metadata={"description": "required"})
    telefono: Any = attrs.field(default=None, metadata={"description": "required"})
    productos: Any = attrs.field(
        default=None, metadata={"description": "[{producto_id, cantidad}], or a top-level producto_id + cantidad"}
    )
    producto_id: Any = None
    cantidad: Any = None
    coordenadas: Any = attrs.field(
        default=None, metadata={"description": '"lat,long", at most 6 decimals each; or latitud and longitud'}
    )
    latitud: Any = None
    longitud: Any = None
    id_pais: Any = attrs.field(default=None, metadata={"description": "required (alias pais)"})
    id_departamento: Any = attrs.field(default=None, metadata={"description": "required (alias departamento)"})
    id_municipio: Any = attrs.field(default=None, metadata={"description": "required (alias municipio)"})
    id_barrio: Any = None
    direccion: Any = None
    zona: Any = None
    comentario: Any = None
    id_moneda: Any = None
    id_vendedor: Any = None
    id_proveedor: Any = attrs.field(
        default=None, metadata={"description": "a parcels user id; the caller when omitted"}
    )
    precio_local: Any = None
    precio_usd: Any = None


@attrs.frozen
class OrdersIn:
    pedidos: list[Any]


@attrs.frozen
class OrderCreatedOut:
    success: bool
    message: str
    data: int = attrs.field(metadata={"description": "the numero_orden, as the seed answers"})
    id_pedido: int = attrs.field(metadata={"description": "the new order's id"})


@attrs.frozen
class OrderResultOut:
    numero_orden: Any
    success: bool
    id_pedido: int | None = None
    error: str | None = None


@attrs.frozen
class BatchSummary:
    created: int
    failed: int


@attrs.frozen
class BatchOut:
    success: bool
    message: str
    data: BatchSummary
    results: list[OrderResultOut]


@attrs.frozen
class OrderFoundOut:
    success: bool
    message: str
    data: OrderOut


@attrs.frozen
class OrderListOut:
    success: bool
    message: str
    data: list[OrderOut]
    pagination: Pagination


@attrs.frozen
class OrderSearchQuery:
    numero_orden: str | None = None


@attrs.frozen
class ListQuery:
    estado: str | None = None
    desde: date | None = None
    hasta: date | None = None
    id_municipio: int | None = None
    page: int = 1
    per_page: int = 50


@attrs.frozen
class StateIn:
    estado: Any = attrs.field(
        default=None, metadata={"description": "Pending, In transit, Delivered, Cancelled, Returned (or their ids 1-5)"}
    )
    numero_orden: Any = attrs.field(default=None, metadata={"description": "the order's number (or id_pedido)"})
    id_pedido: Any = None


EXAMPLE_ORDER: dict[str, Any] = {
    "id": 1,
    "numero_orden": "90001",
    "destinatario": "Test Customer",
    "telefono": "0999999999",
    "direccion": "Calle Falsa 123",
    "zona": None,
    "comentario": None,
    "latitud": -0.180653,
    "longitud": -78.467838,
    "id_pais": 3,
    "id_departamento": 5,
    "id_municipio": 12,
    "id_barrio": None,
    "id_moneda": 1,
    "id_vendedor": None,
    "id_proveedor": 6,
    "precio_local": 120.5,
    "precio_usd": None,
    "id_estado": 1,
    "nombre_estado": "Pending",
    "fecha_ingreso": "2026-04-01T15:00:00",
    "productos": [{"producto_id": 12, "cantidad": 1}],
}


@routes.post(
    f"{P}/crear",
    summary="Create an order: every line's stock reserved, or nothing",
    body=OrderIn,
    response=OrderCreatedOut,
    status=201,
    idempotent=True,
    errors=(404,),
    example={"success": True, "message": "Order created successfully.", "data": 1700385600, "id_pedido": 1},
)
def create_order(call: Call) -> Reply:
    cmd = order_batch.CreateOrder(call.actor, call.json)

    def render(created: order_batch.CreatedOrder) -> Reply:
        body = parcels_ok("Order created successfully.", created.number)
        return Reply({**body, "id_pedido": created.order_id}, 201)

    return call.respond(order_batch.create_order, cmd, render)


@routes.post(
    f"{P}/multiple",
    summary="Create many orders: each one all-or-nothing on its own, results in input order",
    body=OrdersIn,
    response=BatchOut,
    idempotent=True,
    max_body=MAX_BATCH_BODY,
    errors=(413,),
    example={
        "success": True,
        "message": "1 of 2 orders created",
        "data": {"created": 1, "failed": 1},
        "results": [
            {"numero_orden": 1001, "success": True, "id_pedido": 201},
            {
                "numero_orden": 1002,
                "success": False,
                "error": "Insufficient stock for product ID 2. Available: 0, required: 1",
            },
        ],
    },
)
def create_orders(call: Call) -> Reply:
    body: OrdersIn = call.body
    cmd = order_batch.CreateOrders(call.actor, body.pedidos)

    def render(results: list[order_batch.OrderResult]) -> Reply:
        created = sum(1 for r in results if r.ok)
        summary = {"created": created, "failed": len(results) - created}
        answer = parcels_ok(f"{created} of {len(results)} orders created", summary)
        return Reply({**answer, "results": [result_json(r) for r in results]})

    return call.respond(order_batch.create_orders, cmd, render)


@routes.get(
    f"{P}/buscar",
    summary="Find an order by numero_orden",
    query=OrderSearchQuery,
    response=OrderFoundOut,
    errors=(404,),
    example={"success": True, "message": "Order found", "data": EXAMPLE_ORDER},
)
def find_order(call: Call) -> dict[str, Any]:
    order = call.run(orders.find_order, orders.FindOrder(call.actor, call.params.numero_orden))
    return parcels_ok("Order found", order_json(order))


@routes.get(
    f"{P}/listar",
    summary="List orders, newest first: estado, desde/hasta (the tenant's local days), id_municipio, page",
    query=ListQuery,
    response=OrderListOut,
    example={
        "success": True,
        "message": "Orders listed",
        "data": [EXAMPLE_ORDER],
        "pagination": {"page": 1, "per_page": 50, "total": 1, "total_pages": 1},
    },
)
def list_orders(call: Call) -> dict[str, Any]:
    p: ListQuery = call.params
    cmd = orders.ListOrders(call.actor, p.estado, p.desde, p.hasta, p.id_municipio, p.page, p.per_page)
    found = call.run(orders.list_orders, cmd)
    pages = (found.total + p.per_page - 1) // p.per_page
    pagination = {"page": p.page, "per_page": p.per_page, "total": found.total, "total_pages": pages}
    return {**parcels_ok("Orders listed", [order_json(o) for o in found.rows]), "pagination": pagination}


@routes.put(
    f"{P}/estado",
    summary="Move an order to another state: Delivered consumes its stock, Cancelled or Returned releases it",
    body=StateIn,
    response=OrderFoundOut,
    errors=(404,),
    example={
        "success": True,
        "message": "Order state changed",
        "data": {**EXAMPLE_ORDER, "nombre_estado": "In transit"},
    },
)
def change_state(call: Call) -> Reply:
    b: StateIn = call.body
    cmd = orders.ChangeOrderState(call.actor, b.estado, number=b.numero_orden, order_id=b.id_pedido)
    order = call.run(orders.change_order_state, cmd)
    return Reply(parcels_ok("Order state changed", order_json(order)))
