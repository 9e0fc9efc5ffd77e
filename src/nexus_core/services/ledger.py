"""The ledger's use cases, importable from one place.

Each lives in its own module: :mod:`.chart` (accounts), :mod:`.posting` (the one write path,
:func:`post_entry`), :mod:`.journal` (pólizas), :mod:`.periods` (the monthly close). Reports are in
:mod:`.ledger_reports`.
"""

from __future__ import annotations

from nexus_core.domain.periods import check_range
from nexus_core.services.chart import (
    CreateAccount,
    ListAccounts,
    accounts_by_id,
    create_account,
    list_accounts,
    seed_chart,
)
from nexus_core.services.journal import (
    DEFAULT_PER_PAGE,
    MAX_PAGE,
    MAX_PER_PAGE,
    CreateManualEntry,
    EntryDetail,
    EntryLineView,
    EntryPage,
    EntrySummary,
    GetEntry,
    ListEntries,
    ManualLine,
    create_manual_entry,
    get_entry,
    list_entries,
)
from nexus_core.services.periods import (
    ClosePeriod,
    ListPeriods,
    PeriodClosed,
    close_period,
    closing_draft,
    list_periods,
)
from nexus_core.services.posting import (
    OPERATOR_NAME,
    PostEntry,
    actor_name,
    check_postable,
    draft_of_entry,
    open_period,
    post_entry,
)

__all__ = [
    "DEFAULT_PER_PAGE",
    "MAX_PAGE",
    "MAX_PER_PAGE",
    "OPERATOR_NAME",
    "ClosePeriod",
    "CreateAccount",
    "CreateManualEntry",
    "EntryDetail",
    "EntryLineView",
    "EntryPage",
    "EntrySummary",
    "GetEntry",
    "ListAccounts",
    "ListEntries",
    "ListPeriods",
    "ManualLine",
    "PeriodClosed",
    "PostEntry",
    "accounts_by_id",
    "actor_name",
    "check_postable",
    "check_range",
    "close_period",
    "closing_draft",
    "create_account",
    "create_manual_entry",
    "draft_of_entry",
    "get_entry",
    "list_accounts",
    "list_entries",
    "list_periods",
    "open_period",
    "post_entry",
    "seed_chart",
]
