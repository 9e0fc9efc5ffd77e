"""The balance sheet (balance general) at the end of a day, the tenant's today by default."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import attrs

from nexus_core.domain.accounts import Account
from nexus_core.domain.chart import AccountClass
from nexus_core.domain.days import check_day
from nexus_core.domain.money import ZERO
from nexus_core.ports.repositories import AccountSums
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor
from nexus_core.services.business_day import business_today
from nexus_core.services.runner import Deps, read_only

CURRENT_RESULT_NAME = "Utilidad del ejercicio (en curso)"


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
    date: date | None = None


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
    day = business_today(uow, deps) if cmd.date is None else check_day(cmd.date)
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
