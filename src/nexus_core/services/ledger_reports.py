"""Accounting reports (seed section 9): trial balance, income statement, balance sheet, aging.

Each report asks the journal repository for per-account sums, which the SQL adapter answers from
maintained monthly and daily balances; the work here grows with the number of accounts only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

import attrs

from nexus_core.domain.chart import AccountClass
from nexus_core.domain.ledger import Account
from nexus_core.domain.money import ZERO
from nexus_core.domain.periods import parse_day
from nexus_core.ports.repositories import AccountSums
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor
from nexus_core.services.ledger import parse_range
from nexus_core.services.runner import Deps, read_only

CURRENT_RESULT_NAME = "Utilidad del ejercicio (en curso)"


def _today(deps: Deps) -> date:
    return deps.clock.now().date()


def _range(deps: Deps, date_from: object, date_to: object) -> tuple[date, date]:
    """Defaults: from the first day of the current month to today."""
    start, end = parse_range(date_from, date_to)
    today = _today(deps)
    end = end or (today if start is None or start <= today else start)
    start = start or end.replace(day=1)
    return start, end


def _accounts(uow: UnitOfWork) -> dict[int, Account]:
    return {a.id: a for a in uow.accounts.list() if a.id is not None}


def _split(net: Decimal) -> tuple[Decimal, Decimal]:
    """A signed debit-positive net as (debit, credit) columns."""
    return (net, ZERO) if net >= 0 else (ZERO, -net)


# --- trial balance ------------------------------------------------------------------------------


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
    date_from: date | str | None = None
    date_to: date | str | None = None


@read_only
def trial_balance(cmd: GetTrialBalance, uow: UnitOfWork, deps: Deps) -> TrialBalance:
    """Balanza de comprobación: per account with any balance or movement, the opening balance
    (before ``date_from``), the period's debits and credits, and the closing balance. Opening and
    closing balances sit on the side of their net; closing entries count (they are in the books)."""
    cmd.actor.require("accounting.view")
    start, end = _range(deps, cmd.date_from, cmd.date_to)
    opening = uow.journal.sums_before(start)
    period = uow.journal.sums_between(start, end)
    accounts = _accounts(uow)
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


# --- income statement ---------------------------------------------------------------------------


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
    date_from: date | str | None = None
    date_to: date | str | None = None


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
    start, end = _range(deps, cmd.date_from, cmd.date_to)
    sums = uow.journal.sums_between(start, end, include_closing=False)
    accounts = _accounts(uow)
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


# --- balance sheet ------------------------------------------------------------------------------


@attrs.frozen
class BalanceNode:
    """An account and its subtree; ``code`` and ``account_id`` are None for the synthetic line
    showing the not yet closed result inside equity."""

    account_id: int | None
    code: str | None
    name: str
    amount: Decimal
    children: list[BalanceNode]


@attrs.frozen
class BalanceSheet:
    date: date
    assets: list[BalanceNode]
    liabilities: list[BalanceNode]
    equity: list[BalanceNode]
    total_assets: Decimal
    total_liabilities_equity: Decimal


@attrs.frozen
class GetBalanceSheet:
    actor: Actor
    date: date | str | None = None


_DEBIT_POSITIVE = frozenset({AccountClass.ASSET, AccountClass.COST, AccountClass.EXPENSE})


def _balance(account: Account, sums: AccountSums) -> Decimal:
    debit, credit = sums.get(account.id or 0, (ZERO, ZERO))
    return debit - credit if account.account_class in _DEBIT_POSITIVE else credit - debit


def _tree(root: Account, children: dict[int | None, list[Account]], sums: AccountSums) -> BalanceNode:
    kids = [_tree(c, children, sums) for c in children.get(root.id, [])]
    kept = [k for k in kids if k.amount != 0 or k.children]
    amount = _balance(root, sums) + sum((k.amount for k in kids), ZERO)
    return BalanceNode(root.id, root.code, root.name, amount, kept)


@read_only
def balance_sheet(cmd: GetBalanceSheet, uow: UnitOfWork, deps: Deps) -> BalanceSheet:
    """Balance general at the end of ``date`` (default today). Equity shows the result not yet
    closed (income - costs - expenses to date) as a synthetic line, so assets always equal
    liabilities plus equity."""
    cmd.actor.require("accounting.view")
    day = _today(deps) if cmd.date is None else parse_day(cmd.date)
    sums = uow.journal.sums_before(day + timedelta(days=1))
    accounts = sorted(uow.accounts.list(), key=lambda a: a.code)
    children: dict[int | None, list[Account]] = {}
    for a in accounts:
        children.setdefault(a.parent_id, []).append(a)
    totals = {k: ZERO for k in AccountClass}
    for a in accounts:
        totals[a.account_class] += _balance(a, sums)
    current_result = totals[AccountClass.INCOME] - totals[AccountClass.COST] - totals[AccountClass.EXPENSE]

    def section(klass: AccountClass) -> list[BalanceNode]:
        return [_tree(r, children, sums) for r in children.get(None, []) if r.account_class is klass]

    equity = section(AccountClass.EQUITY)
    if current_result != 0:
        line = BalanceNode(None, None, CURRENT_RESULT_NAME, current_result, [])
        if equity:
            root = equity[0]
            equity[0] = BalanceNode(
                root.account_id, root.code, root.name, root.amount + current_result, [*root.children, line]
            )
        else:
            equity = [line]
    return BalanceSheet(
        date=day,
        assets=section(AccountClass.ASSET),
        liabilities=section(AccountClass.LIABILITY),
        equity=equity,
        total_assets=totals[AccountClass.ASSET],
        total_liabilities_equity=totals[AccountClass.LIABILITY] + totals[AccountClass.EQUITY] + current_result,
    )


# --- aging --------------------------------------------------------------------------------------


@attrs.frozen
class AgingBuckets:
    current: Decimal = ZERO
    days_1_30: Decimal = ZERO
    days_31_60: Decimal = ZERO
    days_61_90: Decimal = ZERO
    days_over_90: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.current + self.days_1_30 + self.days_31_60 + self.days_61_90 + self.days_over_90

    def add(self, days_past_due: int, amount: Decimal) -> AgingBuckets:
        return attrs.evolve(self, **{bucket_of(days_past_due): getattr(self, bucket_of(days_past_due)) + amount})

    def plus(self, other: AgingBuckets) -> AgingBuckets:
        return AgingBuckets(
            *(getattr(self, f) + getattr(other, f) for f in attrs.fields_dict(AgingBuckets))  # same field order
        )


def bucket_of(days_past_due: int) -> str:
    """Not yet due (or due today) is current; then 1-30, 31-60, 61-90 and over 90 days past due."""
    if days_past_due <= 0:
        return "current"
    if days_past_due <= 30:
        return "days_1_30"
    if days_past_due <= 60:
        return "days_31_60"
    if days_past_due <= 90:
        return "days_61_90"
    return "days_over_90"


@attrs.frozen
class AgingRow:
    customer_id: int
    name: str
    buckets: AgingBuckets


@attrs.frozen
class Aging:
    date: date
    customers: list[AgingRow]
    totals: AgingBuckets


@attrs.frozen
class GetAging:
    actor: Actor
    date: date | str | None = None


@read_only
def aging(cmd: GetAging, uow: UnitOfWork, deps: Deps) -> Aging:
    """Antigüedad de saldos: open customer charges by days past their due date, per customer."""
    cmd.actor.require("accounting.view")
    day = _today(deps) if cmd.date is None else parse_day(cmd.date)
    by_customer: dict[int, tuple[str, AgingBuckets]] = {}
    for r in uow.receivables.list_open(day):
        name, buckets = by_customer.get(r.customer_id, (r.customer_name, AgingBuckets()))
        by_customer[r.customer_id] = (name, buckets.add((day - r.due_date).days, r.open_amount))
    rows = [AgingRow(cid, name, b) for cid, (name, b) in by_customer.items()]
    rows.sort(key=lambda r: (r.name.casefold(), r.customer_id))
    totals = AgingBuckets()
    for row in rows:
        totals = totals.plus(row.buckets)
    return Aging(date=day, customers=rows, totals=totals)
