"""Quotations (cotizaciones): create, list, read, convert into a sale, cancel. Convert honours
``Idempotency-Key`` and runs the sale use case in the same transaction
(:mod:`nexus_core.services.quotations`); ``expired`` is derived from the tenant's local day."""

from __future__ import annotations

from typing import Any

from nexus_core.services import quotations
from nexus_core.services.sales import SaleLineInput
from nexus_http.endpoints import Call, RouteTable
from nexus_http.reply import Reply
from nexus_http.routes.inventory_wire import pagination
from nexus_http.routes.quotations_wire import (
    CONVERTED_EXAMPLE,
    PREFIX,
    QUOTATION_EXAMPLE,
    ConvertedOut,
    ConvertIn,
    QuotationIn,
    QuotationList,
    QuotationOut,
    QuotationsQuery,
    quotation_json,
)
from nexus_http.routes.sales_wire import SaleLineIn, sale_created_json

routes = RouteTable("quotations")
ONE = f"{PREFIX}/{{quot_id}}"


def line_inputs(lines: list[SaleLineIn]) -> list[SaleLineInput]:
    return [SaleLineInput(ln.inventory_id, ln.quantity, ln.unit_price, ln.discount_pct, ln.tax_rate) for ln in lines]


@routes.post(
    PREFIX,
    summary="Quote: lines priced and taxed like a sale (nothing reserved), valid for valid_days (default 15)",
    permission="pos.sell",
    body=QuotationIn,
    response=QuotationOut,
    status=201,
    idempotent=True,
    example=QUOTATION_EXAMPLE,
)
def create_quotation(call: Call) -> Reply:
    b: QuotationIn = call.body
    cmd = quotations.CreateQuotation(call.actor, line_inputs(b.items), b.customer_id, b.notes, b.valid_days)
    return call.respond(quotations.create_quotation, cmd, lambda v: Reply(quotation_json(v), 201))


@routes.get(
    PREFIX,
    summary="Quotations, newest first (status active|converted|expired|cancelled, customer_id, page, per_page)",
    permission="pos.view",
    query=QuotationsQuery,
    response=QuotationList,
    example={"data": [QUOTATION_EXAMPLE], "pagination": {"page": 1, "per_page": 50, "total": 1, "total_pages": 1}},
)
def list_quotations(call: Call) -> dict[str, Any]:
    p: QuotationsQuery = call.params
    cmd = quotations.ListQuotations(call.actor, p.status, p.customer_id, p.page, p.per_page)
    found, page = call.run(quotations.list_quotations, cmd)
    return {"data": [quotation_json(v) for v in found.rows], "pagination": pagination(page, found.total)}


@routes.get(
    ONE,
    summary="A quotation with its lines and its status on the tenant's local day",
    permission="pos.view",
    response=QuotationOut,
    example=QUOTATION_EXAMPLE,
)
def get_quotation(call: Call) -> dict[str, Any]:
    cmd = quotations.GetQuotation(call.actor, call.path_int("quot_id"))
    return quotation_json(call.run(quotations.get_quotation, cmd))


@routes.post(
    f"{ONE}/convert",
    summary="Sell an active quotation at its quoted prices (stock re-checked; same payment fields as POST /sales)",
    permission="pos.sell",
    body=ConvertIn,
    response=ConvertedOut,
    status=201,
    idempotent=True,
    example=CONVERTED_EXAMPLE,
)
def convert_quotation(call: Call) -> Reply:
    b: ConvertIn = call.body
    cmd = quotations.ConvertQuotation(
        call.actor,
        call.path_int("quot_id"),
        b.payment_method,
        b.amount_paid,
        [(d.method, d.amount) for d in b.payment_details],
        b.register_id,
    )

    def render(done: quotations.Converted) -> Reply:
        q, s = done.quotation.quotation, done.sale
        body = {
            "quotation_id": q.id,
            "quotation_folio": q.folio,
            "status": done.quotation.status.value,
            **sale_created_json(s),
        }
        return Reply(body, 201)

    return call.respond(quotations.convert_quotation, cmd, render)


@routes.put(
    f"{ONE}/cancel",
    summary="Cancel an active quotation (once)",
    permission="pos.cancel",
    response=QuotationOut,
    idempotent=True,
    example={**QUOTATION_EXAMPLE, "status": "cancelled", "cancelled_at": "2026-04-02T10:00:00"},
)
def cancel_quotation(call: Call) -> Reply:
    cmd = quotations.CancelQuotation(call.actor, call.path_int("quot_id"))
    return call.respond(quotations.cancel_quotation, cmd, lambda v: Reply(quotation_json(v), 200))
