"""Sales at the counter: create (efectivo, tarjeta, transferencia, mixto), read one, the caller's last
sale, cancel. Create and cancel honour ``Idempotency-Key``; each is one transaction of
:mod:`nexus_core.services.sales` (stock, journal entry, folio and register totals together). A credit sale
(``sale_type: "credit"`` or ``payment_method: "credito"``) needs a ``customer_id`` and puts what
``amount_paid`` leaves on the customer's account (:mod:`nexus_core.services.credit`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from nexus_core.domain.sales import Sale
from nexus_core.services import sales
from nexus_core.services.sale_detail import sale_detail
from nexus_http.endpoints import Call, RouteTable
from nexus_http.reply import Reply
from nexus_http.routes.sale_detail_wire import SALE_DETAIL_EXAMPLE, SaleDetailOut, sale_detail_json
from nexus_http.routes.sales_wire import (
    PREFIX,
    SALE_EXAMPLE,
    SaleCreatedOut,
    SaleIn,
    SaleOut,
    sale_created_json,
    sale_json,
)

routes = RouteTable("sales")


@routes.post(
    PREFIX,
    summary="Sell: lines priced (the customer's tier without unit_price), taxed once per line, paid or on credit",
    permission="pos.sell",
    body=SaleIn,
    response=SaleCreatedOut,
    status=201,
    idempotent=True,
    example={
        "sale_id": 1,
        "folio": "V-0001",
        "subtotal": Decimal("700.00"),
        "tax": Decimal("112.00"),
        "total": Decimal("812.00"),
        "amount_paid": Decimal("1000.00"),
        "change": Decimal("188.00"),
        "items_count": 1,
        "register_id": 1,
    },
)
def create_sale(call: Call) -> Reply:
    b: SaleIn = call.body
    cmd = sales.CreateSale(
        actor=call.actor,
        items=[
            sales.SaleLineInput(ln.inventory_id, ln.quantity, ln.unit_price, ln.discount_pct, ln.tax_rate)
            for ln in b.items
        ],
        payment_method=b.payment_method,
        amount_paid=b.amount_paid,
        payment_details=[(d.method, d.amount) for d in b.payment_details],
        customer_id=b.customer_id,
        sale_type=b.sale_type,
    )

    def render(s: Sale) -> Reply:
        return Reply(sale_created_json(s), 201)

    return call.respond(sales.create_sale, cmd, render)


@routes.get(
    f"{PREFIX}/last",
    summary="The caller's last sale (to reprint the ticket)",
    permission="pos.sell",
    response=SaleOut,
    example=SALE_EXAMPLE,
)
def last_sale(call: Call) -> dict[str, Any]:
    return sale_json(call.run(sales.last_sale, sales.LastSale(call.actor)))


@routes.get(
    f"{PREFIX}/{{sale_id}}",
    summary="A sale with its lines, payments, returns and customer (name, RFC)",
    permission="pos.view",
    response=SaleDetailOut,
    example=SALE_DETAIL_EXAMPLE,
)
def get_sale(call: Call) -> dict[str, Any]:
    return sale_detail_json(call.run(sale_detail, sales.GetSale(call.actor, call.path_int("sale_id"))))


@routes.put(
    f"{PREFIX}/{{sale_id}}/cancel",
    summary="Cancel a completed sale once: stock back, reversing entry, cash refunded from a register",
    permission="pos.cancel",
    response=SaleOut,
    idempotent=True,
    example={
        **SALE_EXAMPLE,
        "status": "cancelled",
        "cancelled_at": "2026-04-01T13:00:00",
        "cancel_entry_id": 15,
    },
)
def cancel_sale(call: Call) -> Reply:
    cmd = sales.CancelSale(call.actor, call.path_int("sale_id"))
    return call.respond(sales.cancel_sale, cmd, lambda s: Reply(sale_json(s), 200))
