"""Cash register (caja): open, cash in/out, X cut, Z cut and the caller's open session. Open, movement
and cut-z honour ``Idempotency-Key``; the cuts read the session's running totals
(:mod:`nexus_core.services.registers`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from nexus_core.domain.days import instant_text
from nexus_core.domain.register import CashMovement, RegisterSession
from nexus_core.services import registers
from nexus_http.endpoints import Call, RouteTable
from nexus_http.reply import Reply
from nexus_http.routes.register_wire import (
    CUT_X_EXAMPLE,
    CUT_Z_EXAMPLE,
    PREFIX,
    CashMovementIn,
    CashMovementOut,
    CutSummaryOut,
    CutXQuery,
    CutZIn,
    CutZOut,
    RegisterCurrentOut,
    RegisterOpenedOut,
    RegisterOpenIn,
)

routes = RouteTable("register")


@routes.post(
    f"{PREFIX}/open",
    summary="Open the caller's cash register with an opening amount (one open register per employee)",
    permission="pos.sell",
    body=RegisterOpenIn,
    response=RegisterOpenedOut,
    status=201,
    idempotent=True,
    example={
        "register_id": 1,
        "opened_at": "2026-04-01T08:00:00",
        "opening_amount": Decimal("2000.00"),
        "message": "Register opened",
    },
)
def open_register(call: Call) -> Reply:
    b: RegisterOpenIn = call.body
    cmd = registers.OpenRegister(call.actor, b.opening_amount)

    def render(s: RegisterSession) -> Reply:
        body = {
            "register_id": s.id,
            "opened_at": instant_text(s.opened_at),
            "opening_amount": s.opening_amount,
            "message": "Register opened",
        }
        return Reply(body, 201)

    return call.respond(registers.open_register, cmd, render)


@routes.get(
    f"{PREFIX}/current",
    summary="The caller's open register with its expected cash (404 when none is open)",
    permission="pos.sell",
    response=RegisterCurrentOut,
    example={
        "register_id": 1,
        "opened_at": "2026-04-01T08:00:00",
        "opening_amount": Decimal("2000.00"),
        "current_cash": Decimal("5430.00"),
        "sales_count": 12,
        "sales_total": Decimal("8750.00"),
    },
)
def current(call: Call) -> dict[str, Any]:
    s = call.run(registers.current_register, registers.CurrentRegister(call.actor))
    return {
        "register_id": s.id,
        "opened_at": instant_text(s.opened_at),
        "opening_amount": s.opening_amount,
        "current_cash": s.expected_cash,
        "sales_count": s.totals.sales_count,
        "sales_total": s.totals.sales_total,
    }


@routes.post(
    f"{PREFIX}/movement",
    summary="Cash in or out of the caller's open register (type: in | out), with a reason",
    permission="pos.sell",
    body=CashMovementIn,
    response=CashMovementOut,
    status=201,
    idempotent=True,
    example={
        "id": 1,
        "register_id": 1,
        "type": "out",
        "amount": Decimal("500.00"),
        "reason": "Compra de papeleria",
        "created_at": "2026-04-01T12:00:00",
        "message": "Cash movement recorded",
    },
)
def movement(call: Call) -> Reply:
    b: CashMovementIn = call.body
    cmd = registers.RecordCashMovement(call.actor, b.type, b.amount, b.reason, b.register_id)

    def render(m: CashMovement) -> Reply:
        body = {
            "id": m.id,
            "register_id": m.register_id,
            "type": m.direction.value,
            "amount": m.amount,
            "reason": m.reason,
            "created_at": instant_text(m.at),
            "message": "Cash movement recorded",
        }
        return Reply(body, 201)

    return call.respond(registers.record_cash_movement, cmd, render)


@routes.get(
    f"{PREFIX}/cut-x",
    summary="X cut: the caller's open register (or register_id) read without closing it",
    permission="pos.view",
    query=CutXQuery,
    response=CutSummaryOut,
    example=CUT_X_EXAMPLE,
)
def cut_x(call: Call) -> dict[str, Any]:
    q: CutXQuery = call.params
    return call.run(registers.cut_x, registers.CutX(call.actor, q.register_id)).figures()


@routes.post(
    f"{PREFIX}/cut-z",
    summary="Z cut: close the register with the counted cash; a difference is posted (faltante/sobrante)",
    permission="pos.sell",
    body=CutZIn,
    response=CutZOut,
    idempotent=True,
    example=CUT_Z_EXAMPLE,
)
def cut_z(call: Call) -> Reply:
    b: CutZIn = call.body
    cmd = registers.CutZ(call.actor, b.counted_amount, b.register_id)

    def render(z: registers.ZCut) -> Reply:
        s = z.summary
        body = {
            "register_id": s.register_id,
            "folio": z.folio,
            "expected_cash": s.expected_cash,
            "counted_amount": s.counted_amount,
            "difference": s.difference,
            "entry_id": z.entry_id,
            "summary": s.figures(),
        }
        return Reply(body, 200)

    return call.respond(registers.cut_z, cmd, render)
