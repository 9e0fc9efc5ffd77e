"""Accounting reports: trial balance, income statement, balance sheet, aging.

Default dates are the tenant's business day (its time zone), decided by the core.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from nexus_core.services import ledger_reports
from nexus_http.endpoints import Call, RouteTable
from nexus_http.routes.accounting_wire import PREFIX, ReportDay, ReportRange
from nexus_http.routes.accounting_wire import d as _d

routes = RouteTable("accounting")


@attrs.frozen
class ReportPeriod:
    from_: date = attrs.field(metadata={"wire_name": "from"})
    to: date


@attrs.frozen
class TrialBalanceColumns:
    opening_debit: Decimal
    opening_credit: Decimal
    period_debit: Decimal
    period_credit: Decimal
    closing_debit: Decimal
    closing_credit: Decimal


@attrs.frozen(kw_only=True)
class TrialBalanceRowOut(TrialBalanceColumns):
    code: str
    name: str


@attrs.frozen
class TrialBalanceOut:
    period: ReportPeriod
    accounts: list[TrialBalanceRowOut]
    totals: TrialBalanceColumns


@attrs.frozen
class StatementLineOut:
    code: str
    name: str
    amount: Decimal


@attrs.frozen
class IncomeStatementOut:
    period: ReportPeriod
    income: list[StatementLineOut]
    cost_of_sales: list[StatementLineOut]
    expenses: list[StatementLineOut]
    gross_profit: Decimal
    operating_profit: Decimal
    net_income: Decimal


@attrs.frozen
class BalanceNodeOut:
    """An account and its subtree; ``code`` is null on the line of the result not yet closed."""

    code: str | None
    name: str
    amount: Decimal
    children: list[BalanceNodeOut]


@attrs.frozen
class BalanceSheetOut:
    date: date
    assets: list[BalanceNodeOut]
    liabilities: list[BalanceNodeOut]
    equity: list[BalanceNodeOut]
    total_assets: Decimal
    total_liabilities_equity: Decimal


@attrs.frozen
class AgingBucketsOut:
    current: Decimal
    days_1_30: Decimal
    days_31_60: Decimal
    days_61_90: Decimal
    days_over_90: Decimal
    total: Decimal


@attrs.frozen(kw_only=True)
class AgingRowOut(AgingBucketsOut):
    customer_id: int
    name: str


@attrs.frozen
class AgingOut:
    date: date
    customers: list[AgingRowOut]
    totals: AgingBucketsOut


def _node(n: ledger_reports.BalanceNode) -> dict[str, Any]:
    return {"code": n.code, "name": n.name, "amount": n.amount, "children": [_node(c) for c in n.children]}


def _statement(lines: list[ledger_reports.StatementLine]) -> list[dict[str, Any]]:
    return [{"code": ln.code, "name": ln.name, "amount": ln.amount} for ln in lines]


def _buckets(b: ledger_reports.AgingBuckets) -> dict[str, Any]:
    return {
        "current": b.current,
        "days_1_30": b.days_1_30,
        "days_31_60": b.days_31_60,
        "days_61_90": b.days_61_90,
        "days_over_90": b.days_over_90,
        "total": b.total,
    }


_TB_FIELDS = tuple(attrs.fields_dict(TrialBalanceColumns))


@routes.get(
    f"{PREFIX}/trial-balance",
    summary="Trial balance (balanza de comprobación) for date_from..date_to",
    permission="accounting.view",
    query=ReportRange,
    response=TrialBalanceOut,
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
    q: ReportRange = call.params
    cmd = ledger_reports.GetTrialBalance(call.actor, date_from=q.date_from, date_to=q.date_to)
    tb = call.run(ledger_reports.trial_balance, cmd)
    return {
        "period": {"from": tb.date_from, "to": tb.date_to},
        "accounts": [{"code": r.code, "name": r.name, **{f: getattr(r, f) for f in _TB_FIELDS}} for r in tb.accounts],
        "totals": {f: getattr(tb.totals, f) for f in _TB_FIELDS},
    }


@routes.get(
    f"{PREFIX}/income-statement",
    summary="Income statement (estado de resultados) for date_from..date_to",
    permission="accounting.view",
    query=ReportRange,
    response=IncomeStatementOut,
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
    q: ReportRange = call.params
    cmd = ledger_reports.GetIncomeStatement(call.actor, date_from=q.date_from, date_to=q.date_to)
    s = call.run(ledger_reports.income_statement, cmd)
    return {
        "period": {"from": s.date_from, "to": s.date_to},
        "income": _statement(s.income),
        "cost_of_sales": _statement(s.cost_of_sales),
        "expenses": _statement(s.expenses),
        "gross_profit": s.gross_profit,
        "operating_profit": s.operating_profit,
        "net_income": s.net_income,
    }


@routes.get(
    f"{PREFIX}/balance-sheet",
    summary="Balance sheet (balance general) at the end of date (default today)",
    permission="accounting.view",
    query=ReportDay,
    response=BalanceSheetOut,
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
    cmd = ledger_reports.GetBalanceSheet(call.actor, date=call.params.date)
    b = call.run(ledger_reports.balance_sheet, cmd)
    return {
        "date": b.date,
        "assets": [_node(n) for n in b.assets],
        "liabilities": [_node(n) for n in b.liabilities],
        "equity": [_node(n) for n in b.equity],
        "total_assets": b.total_assets,
        "total_liabilities_equity": b.total_liabilities_equity,
    }


@routes.get(
    f"{PREFIX}/aging",
    summary="Receivables aging (antigüedad de saldos) at date (default today)",
    permission="accounting.view",
    query=ReportDay,
    response=AgingOut,
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
    report = call.run(ledger_reports.aging, ledger_reports.GetAging(call.actor, date=call.params.date))
    return {
        "date": report.date,
        "customers": [{"customer_id": r.customer_id, "name": r.name, **_buckets(r.buckets)} for r in report.customers],
        "totals": _buckets(report.totals),
    }
