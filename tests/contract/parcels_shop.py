"""A delivery business on any unit-of-work factory: a tenant with its geography, a currency, products
with stock, and helpers to create and move orders (as the operator)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from contract.stock_shop import Shop
from nexus_core.domain.geo import GeoLevel
from nexus_core.ports.inventory_queries import ItemSearch, Page
from nexus_core.services import geoinfo as G
from nexus_core.services import order_batch as B
from nexus_core.services import orders as O
from nexus_core.services import products as P
from nexus_core.services.authz import Actor
from nexus_core.services.config import CreateBranch, create_branch
from nexus_core.services.runner import Nexus
from nexus_core.testing.builders import create_shop
from nexus_core.testing.stock_checks import inventory_account_balance, stock_value


@attrs.define
class Parcels:
    shop: Shop
    pais: int
    depto: int
    muni: int
    barrio: int
    usd: int

    @property
    def nexus(self) -> Nexus:
        return self.shop.nexus

    def run(self, handler: Any, cmd: Any) -> Any:
        return self.shop.run(handler, cmd)

    def place(self, level: GeoLevel, fields: dict[str, Any], place_id: int | None = None) -> int:
        return int(self.run(G.save_place, G.SavePlace(self.shop.op, level, fields, place_id)))

    def product(self, name: str = "Protein Shake", stock: int | None = 10) -> int:
        return int(self.run(P.create_product, P.CreateProduct(self.shop.op, name, precio_usd="40.00", stock=stock)).id)

    def order(self, number: int, *lines: tuple[int, int], **extra: Any) -> dict[str, Any]:
        """An order's JSON as a client sends it."""
        return {
            "numero_orden": number,
            "destinatario": "Cliente Prueba",
            "telefono": "0999999999",
            "productos": [{"producto_id": item, "cantidad": qty} for item, qty in lines],
            "coordenadas": "-0.180653,-78.467838",
            "id_pais": self.pais,
            "id_departamento": self.depto,
            "id_municipio": self.muni,
            **extra,
        }

    def create(self, number: int, *lines: tuple[int, int], **extra: Any) -> int:
        created = self.run(B.create_order, B.CreateOrder(self.shop.op, self.order(number, *lines, **extra)))
        return int(created.order_id)

    def batch(self, *orders: object) -> list[B.OrderResult]:
        results: list[B.OrderResult] = self.run(B.create_orders, B.CreateOrders(self.shop.op, list(orders)))
        return results

    def move(self, number: int, state: str) -> Any:
        return self.run(O.change_order_state, O.ChangeOrderState(self.shop.op, state, number=number))

    def find(self, number: int) -> Any:
        return self.run(O.find_order, O.FindOrder(self.shop.op, number))

    def available(self, item_id: int) -> Decimal:
        """``stock_total`` as the parcels listing says it."""
        views = self.run(P.list_products, P.ListProducts(self.shop.op))
        return next(v.stock_total for v in views if v.item.id == item_id)

    def check(self) -> None:
        """The stock invariants hold and the books follow the stock's value."""
        self.shop.check()
        with self.nexus.uows.tenant(self.shop.tenant_id, write=False) as uow:
            rows = uow.inventory_queries.search_items(ItemSearch(page=Page(1, 200))).rows
            item_ids = [r.item.id for r in rows if r.item.id is not None]
            assert inventory_account_balance(uow) == stock_value(uow, item_ids)


def make_parcels(nexus: Nexus, name: str = "Paqueteria Quito") -> Parcels:
    created = create_shop(nexus, name)
    op = Actor.operator(created.tenant_id)
    norte = nexus.run(created.tenant_id, create_branch, CreateBranch(actor=op, name="Bodega Norte"))
    shop = Shop(nexus, created.tenant_id, created.branch_id, norte, op)
    op = shop.op
    run = shop.run
    pais = run(G.save_place, G.SavePlace(op, GeoLevel.COUNTRY, {"nombre": "Ecuador", "codigo_iso": "EC"}))
    depto = run(G.save_place, G.SavePlace(op, GeoLevel.DEPARTMENT, {"nombre": "Pichincha", "id_pais": pais}))
    muni = run(G.save_place, G.SavePlace(op, GeoLevel.MUNICIPALITY, {"nombre": "Quito", "id_departamento": depto}))
    barrio = run(G.save_place, G.SavePlace(op, GeoLevel.NEIGHBOURHOOD, {"nombre": "La Floresta", "id_municipio": muni}))
    usd = run(G.save_currency, G.SaveCurrency(op, {"codigo": "USD", "nombre": "US Dollar", "tasa_usd": "1.0000"}))
    return Parcels(shop, pais, depto, muni, barrio, usd)
