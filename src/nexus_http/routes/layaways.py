"""Layaways (apartados): create with a down payment (goods reserved), list, read with items and
payments, pay an installment, complete at a zero balance (goods handed over), cancel (refund or
forfeit). Create, payment and complete honour ``Idempotency-Key`` (:mod:`nexus_core.services.layaways`)."""

from __future__ import annotations

from typing import Any

from nexus_core.domain.layaways import Layaway
from nexus_core.services import layaway_reads, layaways
from nexus_http.endpoints import Call, RouteTable
from nexus_http.reply import Reply
from nexus_http.routes.inventory_wire import pagination
from nexus_http.routes.layaways_wire import (
    LAYAWAY_EXAMPLE,
    LAYAWAY_ROW_EXAMPLE,
    PAYMENT_EXAMPLE,
    PREFIX,
    LayawayCancelIn,
    LayawayIn,
    LayawayList,
    LayawayOut,
    LayawayPaymentIn,
    LayawayPaymentOut,
    LayawaysQuery,
    installment_json,
    layaway_json,
)
from nexus_http.routes.quotations import line_inputs

routes = RouteTable("layaways")
ONE = f"{PREFIX}/{{layaway_id}}"


def _reply(status: int) -> Any:
    return lambda x: Reply(layaway_json(x), status)


@routes.post(
    PREFIX,
    summary="Put goods on layaway for a customer: lines reserved, down payment taken (cash needs your open register)",
    permission="pos.sell",
    body=LayawayIn,
    response=LayawayOut,
    status=201,
    idempotent=True,
    example=LAYAWAY_EXAMPLE,
)
def create_layaway(call: Call) -> Reply:
    b: LayawayIn = call.body
    cmd = layaways.CreateLayaway(
        call.actor,
        line_inputs(b.items),
        customer_id=b.customer_id,
        down_payment=b.down_payment,
        due_date=b.due_date,
        payment_method=b.payment_method,
        register_id=b.register_id,
        notes=b.notes,
    )
    return call.respond(layaways.create_layaway, cmd, _reply(201))


@routes.get(
    PREFIX,
    summary="Layaways, newest first, without payments (status active|completed|cancelled, customer_id, page, per_page)",
    permission="pos.view",
    query=LayawaysQuery,
    response=LayawayList,
    example={"data": [LAYAWAY_ROW_EXAMPLE], "pagination": {"page": 1, "per_page": 50, "total": 1, "total_pages": 1}},
)
def list_layaways(call: Call) -> dict[str, Any]:
    p: LayawaysQuery = call.params
    cmd = layaway_reads.ListLayaways(call.actor, p.status, p.customer_id, p.page, p.per_page)
    found, page = call.run(layaway_reads.list_layaways, cmd)
    return {"data": [layaway_json(x, payments=False) for x in found.rows], "pagination": pagination(page, found.total)}


@routes.get(
    ONE,
    summary="A layaway with its items and payments",
    permission="pos.view",
    response=LayawayOut,
    example=LAYAWAY_EXAMPLE,
)
def get_layaway(call: Call) -> dict[str, Any]:
    cmd = layaway_reads.GetLayaway(call.actor, call.path_int("layaway_id"))
    found: Layaway = call.run(layaway_reads.get_layaway, cmd)
    return layaway_json(found)


@routes.post(
    f"{ONE}/payment",
    summary="An installment on an active layaway: more than zero, at most the balance",
    permission="pos.sell",
    body=LayawayPaymentIn,
    response=LayawayPaymentOut,
    status=201,
    idempotent=True,
    example=PAYMENT_EXAMPLE,
)
def pay_layaway(call: Call) -> Reply:
    b: LayawayPaymentIn = call.body
    cmd = layaways.PayLayaway(call.actor, call.path_int("layaway_id"), b.amount, b.payment_method, b.register_id)

    def render(done: layaways.LayawayPaid) -> Reply:
        x = done.layaway
        body = {
            "layaway_id": x.id,
            "layaway_folio": x.folio,
            "status": x.status.value,
            "paid": x.paid,
            "balance": x.balance,
            "payment": installment_json(done.payment),
        }
        return Reply(body, 201)

    return call.respond(layaways.pay_layaway, cmd, render)


@routes.post(
    f"{ONE}/complete",
    summary="Hand a fully paid layaway over: the reserved goods leave stock, the advance becomes a sale",
    permission="pos.sell",
    response=LayawayOut,
    idempotent=True,
    example={**LAYAWAY_EXAMPLE, "status": "completed", "paid": LAYAWAY_EXAMPLE["total"], "balance": 0},
)
def complete_layaway(call: Call) -> Reply:
    cmd = layaways.CompleteLayaway(call.actor, call.path_int("layaway_id"))
    return call.respond(layaways.complete_layaway, cmd, _reply(200))


@routes.put(
    f"{ONE}/cancel",
    summary="Cancel an active layaway once: goods released; policy refund (default, less penalty) or forfeit",
    permission="pos.cancel",
    body=LayawayCancelIn,
    response=LayawayOut,
    idempotent=True,
    example={
        **LAYAWAY_EXAMPLE,
        "status": "cancelled",
        "cancelled_at": "2026-04-20T18:00:00",
        "policy": "refund",
        "refunded": LAYAWAY_EXAMPLE["paid"],
        "refund_method": "efectivo",
        "cancel_reason": "Cliente no completo pagos",
        "cancel_entry_id": 25,
    },
)
def cancel_layaway(call: Call) -> Reply:
    b: LayawayCancelIn = call.body
    cmd = layaways.CancelLayaway(
        call.actor, call.path_int("layaway_id"), b.policy, b.penalty, b.refund_method, b.reason
    )
    return call.respond(layaways.cancel_layaway, cmd, _reply(200))
