"""Accounting: fiscal periods and the monthly close."""

from __future__ import annotations

from typing import Any

import attrs

from nexus_core.domain.periods import period_label
from nexus_core.services import ledger
from nexus_http.endpoints import Call, RouteTable
from nexus_http.reply import Reply
from nexus_http.routes.accounting_wire import PREFIX, PeriodOut, period_json

routes = RouteTable("accounting")


@attrs.frozen
class PeriodCloseIn:
    year: int
    month: int


@attrs.frozen
class PeriodList:
    data: list[PeriodOut]


@attrs.frozen
class PeriodClosedOut(PeriodOut):
    closing_entry_id: int | None = attrs.field(metadata={"description": "None when the month had no result to move"})
    message: str


@routes.get(
    f"{PREFIX}/periods",
    summary="Fiscal periods with postings or closed, newest first",
    permission="accounting.view",
    response=PeriodList,
    example={
        "data": [
            {"year": 2026, "month": 4, "status": "open", "closed_at": None, "closed_by": None},
            {"year": 2026, "month": 3, "status": "closed", "closed_at": "2026-04-05T10:00:00", "closed_by": "Admin"},
        ]
    },
)
def list_periods(call: Call) -> dict[str, Any]:
    periods = call.run(ledger.list_periods, ledger.ListPeriods(call.actor))
    return {"data": [period_json(p) for p in periods]}


@routes.post(
    f"{PREFIX}/periods/close",
    summary="Close a fiscal period (irreversible; the result moves to 305.01)",
    permission="accounting.create",
    body=PeriodCloseIn,
    response=PeriodClosedOut,
    idempotent=True,
    example={
        "year": 2026,
        "month": 3,
        "status": "closed",
        "closed_at": "2026-04-05T10:00:00",
        "closed_by": "Admin",
        "closing_entry_id": 12,
        "message": "Period 2026-03 closed",
    },
)
def close_period(call: Call) -> Reply:
    body: PeriodCloseIn = call.body
    cmd = ledger.ClosePeriod(call.actor, body.year, body.month)

    def render(result: ledger.PeriodClosed) -> Reply:
        p = result.period
        message = f"Period {period_label(p.year, p.month)} closed"
        return Reply({**period_json(p), "closing_entry_id": result.closing_entry_id, "message": message}, 200)

    return call.respond(ledger.close_period, cmd, render)
