"""The accounting reports, importable from one place: :mod:`.statements` (trial balance, income
statement), :mod:`.balance_sheet` and :mod:`.aging`."""

from __future__ import annotations

from nexus_core.services.aging import Aging, AgingBuckets, AgingRow, GetAging, aging, bucket_of
from nexus_core.services.balance_sheet import (
    CURRENT_RESULT_NAME,
    BalanceNode,
    BalanceSheet,
    GetBalanceSheet,
    balance_sheet,
)
from nexus_core.services.statements import (
    GetIncomeStatement,
    GetTrialBalance,
    IncomeStatement,
    StatementLine,
    TrialBalance,
    TrialBalanceRow,
    TrialBalanceTotals,
    income_statement,
    report_range,
    trial_balance,
)

__all__ = [
    "CURRENT_RESULT_NAME",
    "Aging",
    "AgingBuckets",
    "AgingRow",
    "BalanceNode",
    "BalanceSheet",
    "GetAging",
    "GetBalanceSheet",
    "GetIncomeStatement",
    "GetTrialBalance",
    "IncomeStatement",
    "StatementLine",
    "TrialBalance",
    "TrialBalanceRow",
    "TrialBalanceTotals",
    "aging",
    "balance_sheet",
    "bucket_of",
    "income_statement",
    "report_range",
    "trial_balance",
]
