"""The SQL repositories of the ledger ports, importable from one place (one module each)."""

from __future__ import annotations

from nexus_adapters.persistence.ledger_accounts import SqlAccountRepository
from nexus_adapters.persistence.ledger_journal import SqlJournalRepository
from nexus_adapters.persistence.ledger_periods import SqlPeriodRepository
from nexus_adapters.persistence.ledger_receivables import SqlReceivableRepository

__all__ = ["SqlAccountRepository", "SqlJournalRepository", "SqlPeriodRepository", "SqlReceivableRepository"]
