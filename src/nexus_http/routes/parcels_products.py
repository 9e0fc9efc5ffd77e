"""Products of the parcels surface: the tenant's inventory items in its default branch
(docs/parcels.md#products)."""

from __future__ import annotations

from typing import Any

from nexus_core.services import products
from nexus_http.endpoints import Call, RouteTable
from nexus_http.envelope import parcels_ok
from nexus_http.reply import Reply
from nexus_http.routes.parcels_products_wire import (
    ProductCreatedOut,
    ProductIn,
    ProductsOut,
    ProductsQuery,
    product_json,
)

routes = RouteTable("parcels products")


@routes.get(
    "/api/productos/listar",
    summary="Products with stock_total (available in the default branch); include_stock=1 adds recent movements",
    query=ProductsQuery,
    response=ProductsOut,
    example={
        "success": True,
        "message": "Products listed",
        "data": [
            {
                "id": 2,
                "nombre": "Protein Shake",
                "descripcion": None,
                "precio_usd": "40.00",
                "stock_total": 48,
                "stock_entries": [
                    {
                        "id": 28,
                        "id_producto": 2,
                        "id_usuario": 5,
                        "usuario": "user ops@example.com",
                        "tipo": "reservation",
                        "cantidad": -11,
                        "updated_at": "2025-11-19T17:57:38",
                    }
                ],
            }
        ],
    },
)
def list_products(call: Call) -> dict[str, Any]:
    p: ProductsQuery = call.params
    cmd = products.ListProducts(call.actor, include_stock=p.include_stock, page=p.page, per_page=p.per_page)
    views = call.run(products.list_products, cmd)
    return parcels_ok("Products listed", [product_json(v, p.include_stock) for v in views])


@routes.post(
    "/api/productos/crear",
    summary="Create a product (an inventory item); stock enters as a movement by the user",
    body=ProductIn,
    response=ProductCreatedOut,
    status=201,
    idempotent=True,
    example={"success": True, "message": "Producto creado correctamente.", "data": {"id": 42, "stock_inserted": 99}},
)
def create_product(call: Call) -> Reply:
    b: ProductIn = call.body
    cmd = products.CreateProduct(call.actor, b.nombre, b.descripcion, b.precio_usd, b.stock)

    def render(created: products.CreatedProduct) -> Reply:
        data = {"id": created.id, "stock_inserted": created.stock_inserted}
        return Reply(parcels_ok("Producto creado correctamente.", data), 201)

    return call.respond(products.create_product, cmd, render)
