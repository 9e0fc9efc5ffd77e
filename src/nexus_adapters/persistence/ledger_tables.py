"""The ledger's tables (docs/accounting.md), on the same ``metadata`` as :mod:`.tables`.

Rows that point at an account or an entry do so through ``(tenant_id, id)``, so a line can never
touch another tenant's account. Money is integer cents (:class:`Cents`).

Reports never read ``journal_lines``: they sum ``account_month_balances`` (whole months) and
``account_day_balances`` (the days of partially covered months), which ``SqlJournalRepository.add``
keeps up to date in the posting's transaction. Both are keyed ``(tenant_id, account_id, period)``;
the daily table also has a ``(tenant_id, day)`` index, so the days of a partial month are one
range whatever the history. On SQLite the balance tables and the lines are ``WITHOUT ROWID``
tables: clustered by their primary keys.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKeyConstraint,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
    text,
)

from nexus_adapters.persistence.tables import id_column, metadata
from nexus_adapters.persistence.tables import tenant_id_column as _tenant_id
from nexus_adapters.persistence.types import Cents, Id, UtcDateTime, amount_bound_checks, integer_checks
from nexus_core.domain.chart import AccountNature
from nexus_core.domain.ledger import EntryType
from nexus_core.domain.periods import PeriodStatus

ENTRY_TYPES = tuple(t.value for t in EntryType)
NATURES = tuple(n.value for n in AccountNature)
PERIOD_STATUSES = tuple(s.value for s in PeriodStatus)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _account_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["tenant_id", "account_id"], ["accounts.tenant_id", "accounts.id"])


TOTALS = ("debit", "credit", "closing_debit", "closing_credit")


def _totals() -> list[Column[object]]:
    """Debit and credit totals, and the part of them posted by closing entries."""
    return [Column(name, Cents(), nullable=False) for name in TOTALS]


accounts = Table(
    "accounts",
    metadata,
    id_column("accounts"),
    _tenant_id(),
    Column("code", String(20), nullable=False),
    Column("sat_code", String(20), nullable=False),
    Column("name", String(200), nullable=False),
    Column("nature", String(6), nullable=False),
    Column("parent_id", Id),
    Column("level", Integer(), nullable=False),
    Column("is_active", Boolean(), nullable=False),
    Column("description", String(500)),
    # Target of (tenant_id, account_id) references.
    PrimaryKeyConstraint("tenant_id", "id"),
    # One code per tenant; also the index of "the chart ordered by code".
    UniqueConstraint("tenant_id", "code"),
    ForeignKeyConstraint(["tenant_id", "parent_id"], ["accounts.tenant_id", "accounts.id"]),
    CheckConstraint(_one_of("nature", NATURES), name="nature"),
    CheckConstraint("level >= 1", name="level"),
    # with_children, asked for the accounts of every entry posted.
    Index("ix_accounts_tenant_id_parent_id", "tenant_id", "parent_id"),
)

journal_entries = Table(
    "journal_entries",
    metadata,
    id_column("journal_entries"),
    _tenant_id(),
    Column("date", Date(), nullable=False),
    Column("type", String(20), nullable=False),
    Column("reference", String(60)),
    Column("description", String(500), nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "id"),
    CheckConstraint(_one_of("type", ENTRY_TYPES), name="type"),
    # The entries list: newest first, optionally by type, within a date range.
    Index("ix_journal_entries_tenant_id_date_id", "tenant_id", "date", "id"),
    Index("ix_journal_entries_tenant_id_type_date_id", "tenant_id", "type", "date", "id"),
)

journal_lines = Table(
    "journal_lines",
    metadata,
    _tenant_id(),
    Column("entry_id", Id, nullable=False),
    Column("line_no", Integer(), nullable=False),
    Column("account_id", Id, nullable=False),
    Column("debit", Cents(), nullable=False),
    Column("credit", Cents(), nullable=False),
    Column("cfdi_uuid", String(36)),
    Column("rfc", String(13)),
    Column("cfdi_total", Cents()),
    # (tenant_id, entry_id) prefix: an entry's lines in order, in one range read.
    PrimaryKeyConstraint("tenant_id", "entry_id", "line_no"),
    ForeignKeyConstraint(["tenant_id", "entry_id"], ["journal_entries.tenant_id", "journal_entries.id"]),
    _account_fk(),
    CheckConstraint("(debit > 0 AND credit = 0) OR (debit = 0 AND credit > 0)", name="one_side"),
    CheckConstraint("cfdi_total IS NULL OR cfdi_total >= 0", name="cfdi_total"),
    *amount_bound_checks("debit", "credit", "cfdi_total"),  # ADR 17
    *integer_checks("debit", "credit", "cfdi_total"),
    sqlite_with_rowid=False,
)

account_month_balances = Table(
    "account_month_balances",
    metadata,
    _tenant_id(),
    Column("account_id", Id, nullable=False),
    Column("year", Integer(), nullable=False),
    Column("month", Integer(), nullable=False),
    *_totals(),
    PrimaryKeyConstraint("tenant_id", "account_id", "year", "month"),
    _account_fk(),
    CheckConstraint("month BETWEEN 1 AND 12", name="month"),
    *integer_checks(*TOTALS),  # ADR 17
    sqlite_with_rowid=False,
)

account_day_balances = Table(
    "account_day_balances",
    metadata,
    _tenant_id(),
    Column("account_id", Id, nullable=False),
    Column("day", Date(), nullable=False),
    *_totals(),
    PrimaryKeyConstraint("tenant_id", "account_id", "day"),
    _account_fk(),
    # The days of a partially covered month, for every account: one range of this index.
    Index("ix_account_day_balances_tenant_id_day", "tenant_id", "day"),
    *integer_checks(*TOTALS),  # ADR 17
    sqlite_with_rowid=False,
)

fiscal_periods = Table(
    "fiscal_periods",
    metadata,
    _tenant_id(),
    Column("year", Integer(), nullable=False),
    Column("month", Integer(), nullable=False),
    Column("status", String(10), nullable=False),
    Column("closed_at", UtcDateTime()),
    Column("closed_by", String(200)),
    PrimaryKeyConstraint("tenant_id", "year", "month"),
    CheckConstraint("month BETWEEN 1 AND 12", name="month"),
    CheckConstraint(_one_of("status", PERIOD_STATUSES), name="status"),
    CheckConstraint("status = 'open' OR closed_at IS NOT NULL", name="closed_has_time"),
)

receivables = Table(
    "receivables",
    metadata,
    id_column("receivables"),
    _tenant_id(),
    PrimaryKeyConstraint("tenant_id", "id"),
    Column("customer_id", Id, nullable=False),
    Column("customer_name", String(200), nullable=False),
    Column("reference", String(60), nullable=False),
    Column("amount", Cents(), nullable=False),
    Column("open_amount", Cents(), nullable=False),
    Column("issued_on", Date(), nullable=False),
    Column("due_date", Date(), nullable=False),
    Column("tax", Cents(), nullable=False, server_default="0"),  # the charge's IVA (migration 0009)
    CheckConstraint("amount > 0 AND open_amount >= 0 AND open_amount <= amount", name="amounts"),
    CheckConstraint("due_date >= issued_on", name="due_date"),
    *amount_bound_checks("amount", "open_amount"),  # ADR 17
    *integer_checks("amount", "open_amount"),
    # list_open: only open charges, already in the report's order (due date, id).
    Index(
        "ix_receivables_open",
        "tenant_id",
        "due_date",
        "id",
        sqlite_where=text("open_amount > 0"),
        postgresql_where=text("open_amount > 0"),
    ),
    # a customer's charges, oldest first: payments settle them in this order (migration 0009)
    Index("ix_receivables_tenant_id_customer_id_issued_on_id", "tenant_id", "customer_id", "issued_on", "id"),
)
