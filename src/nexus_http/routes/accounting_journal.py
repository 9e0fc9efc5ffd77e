"""Accounting: pólizas (journal entries): list, read, and record a manual one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.ledger import EntryType
from nexus_core.domain.money import ZERO
from nexus_core.services import ledger
from nexus_http.endpoints import Call, RouteTable
from nexus_http.pagination import Pagination
from nexus_http.reply import Created, Reply, created
from nexus_http.routes.accounting_wire import PREFIX
from nexus_http.routes.accounting_wire import d as _d

routes = RouteTable("accounting")


@attrs.frozen
class EntryFilters:
    """``GET /entries`` query string."""

    date_from: date | None = attrs.field(default=None, metadata={"description": "First day (YYYY-MM-DD)."})
    date_to: date | None = attrs.field(default=None, metadata={"description": "Last day (YYYY-MM-DD)."})
    type: EntryType | None = attrs.field(default=None, metadata={"description": "Only entries of this type."})
    page: int = attrs.field(default=1, metadata={"description": "1-based page."})
    per_page: int = attrs.field(
        default=ledger.DEFAULT_PER_PAGE, metadata={"description": f"At most {ledger.MAX_PER_PAGE}."}
    )


@attrs.frozen
class EntryLineIn:
    account_id: int
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    cfdi_uuid: str | None = None
    rfc: str | None = None
    cfdi_total: Decimal | None = None


@attrs.frozen
class EntryIn:
    date: date
    description: str
    lines: list[EntryLineIn]
    reference: str | None = None


@attrs.frozen
class EntrySummaryOut:
    id: int
    date: date
    type: EntryType
    reference: str | None
    description: str
    total: Decimal
    created_by: str


@attrs.frozen
class EntryList:
    data: list[EntrySummaryOut]
    pagination: Pagination


@attrs.frozen
class EntryOut:
    id: int
    date: date
    type: EntryType
    reference: str | None
    description: str
    lines: list[ledger.EntryLineView]  # the CFDI keys are present only when the line carries them
    created_by: str


def _entry_line(ln: ledger.EntryLineView) -> dict[str, Any]:
    out: dict[str, Any] = {
        "account_id": ln.account_id,
        "account_code": ln.account_code,
        "account_name": ln.account_name,
        "debit": ln.debit,
        "credit": ln.credit,
    }
    if ln.cfdi_uuid is not None:
        out["cfdi_uuid"] = ln.cfdi_uuid
    if ln.rfc is not None:
        out["rfc"] = ln.rfc
    if ln.cfdi_total is not None:
        out["cfdi_total"] = ln.cfdi_total
    return out


@routes.get(
    f"{PREFIX}/entries",
    summary="Pólizas, newest first (filters: date_from, date_to, type; page, per_page)",
    permission="accounting.view",
    query=EntryFilters,
    response=EntryList,
    example={
        "data": [
            {
                "id": 1,
                "date": "2026-04-01",
                "type": "manual",
                "reference": None,
                "description": "Pago de renta del local",
                "total": _d("15000.00"),
                "created_by": "Admin",
            }
        ],
        "pagination": {"page": 1, "per_page": 50, "total": 1, "total_pages": 1},
    },
)
def list_entries(call: Call) -> dict[str, Any]:
    q: EntryFilters = call.params
    cmd = ledger.ListEntries(
        call.actor, date_from=q.date_from, date_to=q.date_to, type=q.type, page=q.page, per_page=q.per_page
    )
    page = call.run(ledger.list_entries, cmd)
    return {
        "data": [
            {
                "id": e.id,
                "date": e.date,
                "type": e.type,
                "reference": e.reference,
                "description": e.description,
                "total": e.total,
                "created_by": e.created_by,
            }
            for e in page.data
        ],
        "pagination": {
            "page": page.page,
            "per_page": page.per_page,
            "total": page.total,
            "total_pages": page.total_pages,
        },
    }


@routes.get(
    f"{PREFIX}/entries/{{entry_id}}",
    summary="A póliza with its debit and credit lines",
    permission="accounting.view",
    response=EntryOut,
    errors=(400, 404),
    example={
        "id": 1,
        "date": "2026-04-01",
        "type": "sale",
        "reference": "V-0045",
        "description": "Venta al contado",
        "lines": [
            {
                "account_id": 5,
                "account_code": "101.01",
                "account_name": "Caja y efectivo",
                "debit": _d("812.00"),
                "credit": _d("0.00"),
            },
            {
                "account_id": 33,
                "account_code": "401.01",
                "account_name": "Ventas gravadas a la tasa general",
                "debit": _d("0.00"),
                "credit": _d("700.00"),
            },
            {
                "account_id": 19,
                "account_code": "208.01",
                "account_name": "IVA trasladado cobrado",
                "debit": _d("0.00"),
                "credit": _d("112.00"),
            },
        ],
        "created_by": "Admin",
    },
)
def get_entry(call: Call) -> dict[str, Any]:
    e = call.run(ledger.get_entry, ledger.GetEntry(call.actor, call.path_int("entry_id")))
    return {
        "id": e.id,
        "date": e.date,
        "type": e.type,
        "reference": e.reference,
        "description": e.description,
        "lines": [_entry_line(ln) for ln in e.lines],
        "created_by": e.created_by,
    }


@routes.post(
    f"{PREFIX}/entries",
    summary="Record a manual póliza (debits must equal credits)",
    permission="accounting.create",
    body=EntryIn,
    response=Created,
    status=201,
    idempotent=True,
    example={"id": 1, "message": "Entry created"},
)
def create_entry(call: Call) -> Reply:
    body: EntryIn = call.body
    cmd = ledger.CreateManualEntry(
        actor=call.actor,
        date=body.date,
        description=body.description,
        reference=body.reference,
        lines=[
            ledger.ManualLine(
                account_id=ln.account_id,
                debit=ln.debit,
                credit=ln.credit,
                cfdi_uuid=ln.cfdi_uuid,
                rfc=ln.rfc,
                cfdi_total=ln.cfdi_total,
            )
            for ln in body.lines
        ],
    )
    return call.respond(ledger.create_manual_entry, cmd, lambda e: created("Entry created")(e.id))
