"""``POST /pos/api/inventory/return``: take back (part of) a sale. Honours ``Idempotency-Key``; one
transaction of :mod:`nexus_core.services.returns` (stock back, the 402.01 entry, the refund on the
caller's register, the sale's status)."""

from __future__ import annotations

from decimal import Decimal

import attrs

from nexus_core.domain.returns import SaleReturn
from nexus_core.services import returns
from nexus_http.endpoints import Call, RouteTable
from nexus_http.reply import Reply
from nexus_http.routes.inventory_wire import qty
from nexus_http.routes.sales_wire import SPANISH

routes = RouteTable("returns")


@attrs.frozen
class ReturnLineIn:
    inventory_id: int
    quantity: Decimal


@attrs.frozen
class ReturnIn:
    sale_id: int
    items: list[ReturnLineIn]
    reason: str | None = None


@attrs.frozen
class ReturnLineOut:
    inventory_id: int
    quantity: Decimal
    subtotal: Decimal
    tax: Decimal
    total: Decimal


@attrs.frozen
class RefundOut:
    method: str
    amount: Decimal


@attrs.frozen
class ReturnOut:
    return_id: int
    folio: str
    sale_id: int
    sale_status: str
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    refunds: list[RefundOut]
    credited: Decimal  # a credit sale's return: what came off the customer's account (credit note)
    items: list[ReturnLineOut]
    register_id: int | None
    entry_id: int | None
    message: str


D = Decimal


@routes.post(
    "/pos/api/inventory/return",
    summary="Take back sold items: never more than sold and not yet returned; restock, post 402.01, refund "
    "(a credit sale: a credit note for what is still owed)",
    permission="inventory.create",
    body=ReturnIn,
    response=ReturnOut,
    status=201,
    idempotent=True,
    example={
        "return_id": 1,
        "folio": "D-0001",
        "sale_id": 123,
        "sale_status": "partially_returned",
        "subtotal": D("350.00"),
        "tax": D("56.00"),
        "total": D("406.00"),
        "refunds": [{"method": "efectivo", "amount": D("406.00")}],
        "credited": D("0.00"),
        "items": [{"inventory_id": 1, "quantity": 1, "subtotal": D("350.00"), "tax": D("56.00"), "total": D("406.00")}],
        "register_id": 1,
        "entry_id": 21,
        "message": "Return recorded",
    },
)
def return_items(call: Call) -> Reply:
    b: ReturnIn = call.body
    cmd = returns.ReturnSale(
        call.actor, b.sale_id, [returns.ReturnLineInput(ln.inventory_id, ln.quantity) for ln in b.items], b.reason
    )

    def render(r: tuple[SaleReturn, str]) -> Reply:
        ret, status = r
        body = {
            "return_id": ret.id,
            "folio": ret.folio,
            "sale_id": ret.sale_id,
            "sale_status": status,
            "subtotal": ret.subtotal,
            "tax": ret.tax,
            "total": ret.total,
            "refunds": [{"method": SPANISH[t.method], "amount": t.amount} for t in ret.refunds],
            "credited": ret.credited,
            "items": [
                {
                    "inventory_id": ln.item_id,
                    "quantity": qty(ln.quantity),
                    "subtotal": ln.subtotal,
                    "tax": ln.tax,
                    "total": ln.total,
                }
                for ln in ret.lines
            ],
            "register_id": ret.register_id,
            "entry_id": ret.entry_id,
            "message": "Return recorded",
        }
        return Reply(body, 201)

    return call.respond(returns.return_with_status, cmd, render)
