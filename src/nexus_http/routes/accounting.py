"""Seed section 9: chart of accounts, pólizas, reports (trial balance, income statement, balance
sheet, aging) and fiscal periods.

Reads need ``accounting.view``, writes ``accounting.create``. The core parses dates, entry types and
page numbers and names the offending parameter; this module only turns query strings into integers
and writes every amount as a number with exactly two decimals.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.ledger import Account
from nexus_core.domain.money import ZERO, round_money
from nexus_core.domain.periods import FiscalPeriod, period_label
from nexus_core.errors import InvalidInput, NotFound
from nexus_core.services import ledger, ledger_reports
from nexus_http.endpoints import Call, RouteTable
from nexus_http.reply import Reply

routes = RouteTable("accounting")

PREFIX = "/pos/api/accounting"
_PAGE_DIGITS = re.compile(r"^[0-9]{1,9}$")


# --- wire shapes --------------------------------------------------------------------------------


@attrs.frozen
class AccountIn:
    code: str
    name: str
    sat_code: str | None = None
    type: str | None = None
    parent_id: int | None = None
    description: str | None = None


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
    date: str
    description: str
    lines: list[EntryLineIn]
    reference: str | None = None


@attrs.frozen
class PeriodCloseIn:
    year: int
    month: int


# --- helpers ------------------------------------------------------------------------------------


def _money(amount: Decimal) -> Decimal:
    """Two decimals, and never ``-0.00``."""
    return ZERO if amount == 0 else round_money(amount)


def _timestamp(moment: datetime | None) -> str | None:
    """The seed's ``2026-04-05T10:00:00``: UTC, to the second, without an offset."""
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="seconds")


def _query_text(call: Call, name: str) -> str | None:
    return call.query.get(name)


def _query_page(call: Call, name: str) -> int | None:
    """``page``/``per_page`` as an integer; the core checks the range and names the parameter."""
    raw = call.query.get(name)
    if raw is None:
        return None
    text = raw.strip()
    if not _PAGE_DIGITS.match(text):
        if text.isascii() and text.isdigit():
            raise InvalidInput(f"{name} is too large", field=name)
        raise InvalidInput(f"{name} must be a positive integer", field=name)
    return int(text)


def _account(a: Account) -> dict[str, Any]:
    return {
        "id": a.id,
        "code": a.code,
        "sat_code": a.sat_code,
        "name": a.name,
        "type": a.nature.value,
        "parent_id": a.parent_id,
        "level": a.level,
        "is_active": a.is_active,
    }


def _period(p: FiscalPeriod) -> dict[str, Any]:
    return {
        "year": p.year,
        "month": p.month,
        "status": p.status.value,
        "closed_at": _timestamp(p.closed_at),
        "closed_by": p.closed_by,
    }


def _entry_line(ln: ledger.EntryLineView) -> dict[str, Any]:
    out: dict[str, Any] = {
        "account_id": ln.account_id,
        "account_code": ln.account_code,
        "account_name": ln.account_name,
        "debit": _money(ln.debit),
        "credit": _money(ln.credit),
    }
    if ln.cfdi_uuid is not None:
        out["cfdi_uuid"] = ln.cfdi_uuid
    if ln.rfc is not None:
        out["rfc"] = ln.rfc
    if ln.cfdi_total is not None:
        out["cfdi_total"] = _money(ln.cfdi_total)
    return out


def _node(n: ledger_reports.BalanceNode) -> dict[str, Any]:
    return {"code": n.code, "name": n.name, "amount": _money(n.amount), "children": [_node(c) for c in n.children]}


def _statement(lines: list[ledger_reports.StatementLine]) -> list[dict[str, Any]]:
    return [{"code": ln.code, "name": ln.name, "amount": _money(ln.amount)} for ln in lines]


def _buckets(b: ledger_reports.AgingBuckets) -> dict[str, Any]:
    return {
        "current": _money(b.current),
        "days_1_30": _money(b.days_1_30),
        "days_31_60": _money(b.days_31_60),
        "days_61_90": _money(b.days_61_90),
        "days_over_90": _money(b.days_over_90),
        "total": _money(b.total),
    }


_TB_FIELDS = ("opening_debit", "opening_credit", "period_debit", "period_credit", "closing_debit", "closing_credit")


def _d(text: str) -> Decimal:
    return Decimal(text)


# --- chart of accounts --------------------------------------------------------------------------


@routes.get(
    f"{PREFIX}/accounts",
    summary="Chart of accounts (flat; the frontend builds the tree)",
    permission="accounting.view",
    example={
        "data": [
            {
                "id": 1,
                "code": "100",
                "sat_code": "100",
                "name": "Activo",
                "type": "debit",
                "parent_id": None,
                "level": 1,
                "is_active": True,
            }
        ]
    },
)
def list_accounts(call: Call) -> dict[str, Any]:
    accounts = call.run(ledger.list_accounts, ledger.ListAccounts(call.actor))
    return {"data": [_account(a) for a in accounts]}


@routes.post(
    f"{PREFIX}/accounts",
    summary="Create an account under an existing parent",
    permission="accounting.create",
    body=AccountIn,
    status=201,
    idempotent=True,
    example={
        "id": 52,
        "code": "102.02",
        "sat_code": "102.02",
        "name": "Bancos extranjeros",
        "type": "debit",
        "parent_id": 4,
        "level": 3,
        "is_active": True,
        "message": "Account created",
    },
)
def create_account(call: Call) -> Reply:
    body: AccountIn = call.body
    cmd = ledger.CreateAccount(
        actor=call.actor,
        code=body.code,
        name=body.name,
        type=body.type,
        sat_code=body.sat_code,
        parent_id=body.parent_id,
        description=body.description,
    )
    return call.respond(ledger.create_account, cmd, lambda a: Reply({**_account(a), "message": "Account created"}, 201))


# --- entries ------------------------------------------------------------------------------------


@routes.get(
    f"{PREFIX}/entries",
    summary="Pólizas, newest first (filters: date_from, date_to, type; page, per_page)",
    permission="accounting.view",
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
    cmd = ledger.ListEntries(
        actor=call.actor,
        date_from=_query_text(call, "date_from"),
        date_to=_query_text(call, "date_to"),
        type=_query_text(call, "type"),
        page=_query_page(call, "page"),
        per_page=_query_page(call, "per_page"),
    )
    page = call.run(ledger.list_entries, cmd)
    return {
        "data": [
            {
                "id": e.id,
                "date": e.date,
                "type": e.type.value,
                "reference": e.reference,
                "description": e.description,
                "total": _money(e.total),
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
    errors=(404,),
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
    entry_id = call.path_int("entry_id")
    if entry_id < 1:  # ids start at 1: 0 is an id that does not exist
        raise NotFound(f"entry {entry_id} not found", field="entry_id")
    e = call.run(ledger.get_entry, ledger.GetEntry(call.actor, entry_id))
    return {
        "id": e.id,
        "date": e.date,
        "type": e.type.value,
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
    return call.respond(ledger.create_manual_entry, cmd, lambda e: Reply({"id": e.id, "message": "Entry created"}, 201))


# --- reports ------------------------------------------------------------------------------------


@routes.get(
    f"{PREFIX}/trial-balance",
    summary="Trial balance (balanza de comprobación) for date_from..date_to",
    permission="accounting.view",
    example={
        "period": {"from": "2026-04-01", "to": "2026-04-30"},
        "accounts": [
            {
                "code": "102.01",
                "name": "Bancos nacionales",
                "opening_debit": _d("50000.00"),
                "opening_credit": _d("0.00"),
                "period_debit": _d("25000.00"),
                "period_credit": _d("18000.00"),
                "closing_debit": _d("57000.00"),
                "closing_credit": _d("0.00"),
            }
        ],
        "totals": {
            "opening_debit": _d("100000.00"),
            "opening_credit": _d("100000.00"),
            "period_debit": _d("45000.00"),
            "period_credit": _d("45000.00"),
            "closing_debit": _d("145000.00"),
            "closing_credit": _d("145000.00"),
        },
    },
)
def trial_balance(call: Call) -> dict[str, Any]:
    cmd = ledger_reports.GetTrialBalance(
        call.actor, date_from=_query_text(call, "date_from"), date_to=_query_text(call, "date_to")
    )
    tb = call.run(ledger_reports.trial_balance, cmd)
    return {
        "period": {"from": tb.date_from, "to": tb.date_to},
        "accounts": [
            {"code": r.code, "name": r.name, **{f: _money(getattr(r, f)) for f in _TB_FIELDS}} for r in tb.accounts
        ],
        "totals": {f: _money(getattr(tb.totals, f)) for f in _TB_FIELDS},
    }


@routes.get(
    f"{PREFIX}/income-statement",
    summary="Income statement (estado de resultados) for date_from..date_to",
    permission="accounting.view",
    example={
        "period": {"from": "2026-04-01", "to": "2026-04-30"},
        "income": [{"code": "401.01", "name": "Ventas gravadas a la tasa general", "amount": _d("150000.00")}],
        "cost_of_sales": [{"code": "501.01", "name": "Costo de venta", "amount": _d("90000.00")}],
        "expenses": [{"code": "601.84.01", "name": "Gastos generales diversos", "amount": _d("25000.00")}],
        "gross_profit": _d("60000.00"),
        "operating_profit": _d("35000.00"),
        "net_income": _d("35000.00"),
    },
)
def income_statement(call: Call) -> dict[str, Any]:
    cmd = ledger_reports.GetIncomeStatement(
        call.actor, date_from=_query_text(call, "date_from"), date_to=_query_text(call, "date_to")
    )
    s = call.run(ledger_reports.income_statement, cmd)
    return {
        "period": {"from": s.date_from, "to": s.date_to},
        "income": _statement(s.income),
        "cost_of_sales": _statement(s.cost_of_sales),
        "expenses": _statement(s.expenses),
        "gross_profit": _money(s.gross_profit),
        "operating_profit": _money(s.operating_profit),
        "net_income": _money(s.net_income),
    }


@routes.get(
    f"{PREFIX}/balance-sheet",
    summary="Balance sheet (balance general) at the end of date (default today)",
    permission="accounting.view",
    example={
        "date": "2026-04-30",
        "assets": [{"code": "100", "name": "Activo", "amount": _d("250000.00"), "children": []}],
        "liabilities": [{"code": "200", "name": "Pasivo", "amount": _d("80000.00"), "children": []}],
        "equity": [{"code": "300", "name": "Capital contable", "amount": _d("170000.00"), "children": []}],
        "total_assets": _d("250000.00"),
        "total_liabilities_equity": _d("250000.00"),
    },
)
def balance_sheet(call: Call) -> dict[str, Any]:
    cmd = ledger_reports.GetBalanceSheet(call.actor, date=_query_text(call, "date"))
    b = call.run(ledger_reports.balance_sheet, cmd)
    return {
        "date": b.date,
        "assets": [_node(n) for n in b.assets],
        "liabilities": [_node(n) for n in b.liabilities],
        "equity": [_node(n) for n in b.equity],
        "total_assets": _money(b.total_assets),
        "total_liabilities_equity": _money(b.total_liabilities_equity),
    }


@routes.get(
    f"{PREFIX}/aging",
    summary="Receivables aging (antigüedad de saldos) at date (default today)",
    permission="accounting.view",
    example={
        "date": "2026-04-30",
        "customers": [
            {
                "customer_id": 5,
                "name": "Taller Perez",
                "current": _d("5000.00"),
                "days_1_30": _d("3000.00"),
                "days_31_60": _d("2000.00"),
                "days_61_90": _d("0.00"),
                "days_over_90": _d("0.00"),
                "total": _d("10000.00"),
            }
        ],
        "totals": {
            "current": _d("5000.00"),
            "days_1_30": _d("3000.00"),
            "days_31_60": _d("2000.00"),
            "days_61_90": _d("0.00"),
            "days_over_90": _d("0.00"),
            "total": _d("10000.00"),
        },
    },
)
def aging(call: Call) -> dict[str, Any]:
    report = call.run(ledger_reports.aging, ledger_reports.GetAging(call.actor, date=_query_text(call, "date")))
    return {
        "date": report.date,
        "customers": [{"customer_id": r.customer_id, "name": r.name, **_buckets(r.buckets)} for r in report.customers],
        "totals": _buckets(report.totals),
    }


# --- periods ------------------------------------------------------------------------------------


@routes.get(
    f"{PREFIX}/periods",
    summary="Fiscal periods with postings or closed, newest first",
    permission="accounting.view",
    example={
        "data": [
            {"year": 2026, "month": 4, "status": "open", "closed_at": None, "closed_by": None},
            {"year": 2026, "month": 3, "status": "closed", "closed_at": "2026-04-05T10:00:00", "closed_by": "Admin"},
        ]
    },
)
def list_periods(call: Call) -> dict[str, Any]:
    periods = call.run(ledger.list_periods, ledger.ListPeriods(call.actor))
    return {"data": [_period(p) for p in periods]}


@routes.post(
    f"{PREFIX}/periods/close",
    summary="Close a fiscal period (irreversible; the result moves to 305.01)",
    permission="accounting.create",
    body=PeriodCloseIn,
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
        return Reply({**_period(p), "closing_entry_id": result.closing_entry_id, "message": message}, 200)

    return call.respond(ledger.close_period, cmd, render)
