"""Accounting statements over a date range: the trial balance and the income statement.

Each asks the journal repository for per-account sums, which the SQL adapter answers from
maintained monthly and daily balances; the work here grows with the number of accounts only.
Default ranges are local to the tenant: from the first of its current month to its today.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import attrs

from nexus_core.domain.accounts import Account
from nexus_core.domain.chart import AccountClass
from nexus_core.domain.money import ZERO
from nexus_core.domain.periods import check_range
from nexus_core.ports.repositories import AccountSums
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor
from nexus_core.services.business_day import business_today
from nexus_core.services.chart import accounts_by_id
from nexus_core.services.runner import Deps, read_only


def report_range(uow: UnitOfWork, deps: Deps, date_from: date | None, date_to: date | None) -> tuple[date, date]:
    """The range checked (days in range, not reversed) with its defaults: from the first day of the
    tenant's current month to its business today."""
    start, end = check_range(date_from, date_to)
    today = business_today(uow, deps)
    end = end or (today if start is None or start <= today else start)
    start = start or end.replace(day=1)
    return start, end


def _split(net: Decimal) -> tuple[Decimal, Decimal]:
    """A signed debit-positive net as (debit, credit) columns."""
    return (net, ZERO) if net >= 0 else (ZERO, -net)


@attrs.frozen
class TrialBalanceTotals:
    """The six columns of the balanza; a row adds which account they belong to."""

    opening_debit: Decimal
    opening_credit: Decimal
    period_debit: Decimal
    period_credit: Decimal
    closing_debit: Decimal
    closing_credit: Decimal


@attrs.frozen(kw_only=True)
class TrialBalanceRow(TrialBalanceTotals):
    account_id: int
    code: str
    name: str


@attrs.frozen
class TrialBalance:
    date_from: date
    date_to: date
    accounts: list[TrialBalanceRow]
    totals: TrialBalanceTotals


@attrs.frozen
class GetTrialBalance:
    actor: Actor
    date_from: date | None = None
    date_to: date | None = None


@read_only
def trial_balance(cmd: GetTrialBalance, uow: UnitOfWork, deps: Deps) -> TrialBalance:
    """Balanza de comprobación: per account with any balance or movement, the opening balance
    (before ``date_from``), the period's debits and credits, and the closing balance. Opening and
    closing balances sit on the side of their net; closing entries count (they are in the books)."""
    cmd.actor.require("accounting.view")
    start, end = report_range(uow, deps, cmd.date_from, cmd.date_to)
    opening, period = uow.journal.sums_before_and_between(start, end)
    accounts = uow.accounts.get_many(set(opening) | set(period))  # only the accounts with figures
    rows = []
    for account_id in sorted(set(opening) | set(period), key=lambda a: accounts[a].code):
        od, oc = opening.get(account_id, (ZERO, ZERO))
        pd, pc = period.get(account_id, (ZERO, ZERO))
        open_net = od - oc
        if open_net == 0 and pd == 0 and pc == 0:
            continue
        account = accounts[account_id]
        o_dr, o_cr = _split(open_net)
        c_dr, c_cr = _split(open_net + pd - pc)
        rows.append(
            TrialBalanceRow(o_dr, o_cr, pd, pc, c_dr, c_cr, account_id=account_id, code=account.code, name=account.name)
        )
    totals = TrialBalanceTotals(
        *(sum((getattr(r, f) for r in rows), ZERO) for f in attrs.fields_dict(TrialBalanceTotals))
    )
    return TrialBalance(date_from=start, date_to=end, accounts=rows, totals=totals)


@attrs.frozen
class StatementLine:
    account_id: int
    code: str
    name: str
    amount: Decimal


@attrs.frozen
class IncomeStatement:
    date_from: date
    date_to: date
    income: list[StatementLine]
    cost_of_sales: list[StatementLine]
    expenses: list[StatementLine]
    gross_profit: Decimal
    operating_profit: Decimal
    net_income: Decimal


@attrs.frozen
class GetIncomeStatement:
    actor: Actor
    date_from: date | None = None
    date_to: date | None = None


def _lines(
    sums: AccountSums, accounts: dict[int, Account], klass: AccountClass, *, credit: bool
) -> list[StatementLine]:
    out = []
    for account_id, (debit, cred) in sums.items():
        account = accounts[account_id]
        if account.account_class is not klass:
            continue
        amount = cred - debit if credit else debit - cred
        if amount != 0:
            out.append(StatementLine(account_id, account.code, account.name, amount))
    return sorted(out, key=lambda ln: ln.code)


def _total(lines: Iterable[StatementLine]) -> Decimal:
    return sum((ln.amount for ln in lines), ZERO)


@read_only
def income_statement(cmd: GetIncomeStatement, uow: UnitOfWork, deps: Deps) -> IncomeStatement:
    """Estado de resultados over the range, closing entries left out (a closed month still shows
    its result). Income 4xx (credit - debit), cost of sales 5xx and expenses 6xx (debit - credit)."""
    cmd.actor.require("accounting.view")
    start, end = report_range(uow, deps, cmd.date_from, cmd.date_to)
    sums = uow.journal.sums_between(start, end, include_closing=False)
    accounts = accounts_by_id(uow)
    income = _lines(sums, accounts, AccountClass.INCOME, credit=True)
    costs = _lines(sums, accounts, AccountClass.COST, credit=False)
    expenses = _lines(sums, accounts, AccountClass.EXPENSE, credit=False)
    gross = _total(income) - _total(costs)
    operating = gross - _total(expenses)
    return IncomeStatement(
        date_from=start,
        date_to=end,
        income=income,
        cost_of_sales=costs,
        expenses=expenses,
        gross_profit=gross,
        operating_profit=operating,
        net_income=operating,
    )
