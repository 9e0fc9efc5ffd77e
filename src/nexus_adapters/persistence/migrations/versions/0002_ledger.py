"""Ledger: chart of accounts, journal entries and lines, maintained balances, periods, receivables.

Written by hand and frozen, with plain SQLAlchemy types like 0001: money is ``BIGINT`` cents,
dates are ``DATE``. The monthly and daily balance tables are what reports read (never the lines);
on SQLite they and the lines are ``WITHOUT ROWID`` tables, clustered by their primary keys.

Revision ID: 0002
Revises: 0001
Create Date: 2026-04-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ENTRY_TYPES = "'sale', 'purchase', 'adjustment', 'manual', 'payment', 'layaway', 'cut', 'closing', 'cancellation'"


def _id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _cents() -> sa.BigInteger:
    return sa.BigInteger()


def _tenant_id(table: str) -> tuple[sa.Column[int], sa.ForeignKeyConstraint]:
    return (
        sa.Column("tenant_id", _id(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants")),
    )


def _account_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", "account_id"],
        ["accounts.tenant_id", "accounts.id"],
        name=op.f(f"fk_{table}_tenant_id_account_id_accounts"),
    )


def _totals() -> list[sa.Column[int]]:
    return [
        sa.Column(name, _cents(), nullable=False) for name in ("debit", "credit", "closing_debit", "closing_credit")
    ]


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", _id(), nullable=False),
        *_tenant_id("accounts"),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("sat_code", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("nature", sa.String(6), nullable=False),
        sa.Column("parent_id", _id()),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("description", sa.String(500)),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("tenant_id", "id", name=op.f("uq_accounts_tenant_id_id")),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_accounts_tenant_id_code")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "parent_id"],
            ["accounts.tenant_id", "accounts.id"],
            name=op.f("fk_accounts_tenant_id_parent_id_accounts"),
        ),
        sa.CheckConstraint("nature IN ('debit', 'credit')", name=op.f("ck_accounts_nature")),
        sa.CheckConstraint("level >= 1", name=op.f("ck_accounts_level")),
    )
    op.create_index(op.f("ix_accounts_tenant_id_parent_id"), "accounts", ["tenant_id", "parent_id"])

    op.create_table(
        "journal_entries",
        sa.Column("id", _id(), nullable=False),
        *_tenant_id("journal_entries"),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("reference", sa.String(60)),
        sa.Column("description", sa.String(500), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_entries")),
        sa.UniqueConstraint("tenant_id", "id", name=op.f("uq_journal_entries_tenant_id_id")),
        sa.CheckConstraint(f"type IN ({ENTRY_TYPES})", name=op.f("ck_journal_entries_type")),
    )
    op.create_index(op.f("ix_journal_entries_tenant_id_date_id"), "journal_entries", ["tenant_id", "date", "id"])
    op.create_index(
        op.f("ix_journal_entries_tenant_id_type_date_id"), "journal_entries", ["tenant_id", "type", "date", "id"]
    )

    op.create_table(
        "journal_lines",
        *_tenant_id("journal_lines"),
        sa.Column("entry_id", _id(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("account_id", _id(), nullable=False),
        sa.Column("debit", _cents(), nullable=False),
        sa.Column("credit", _cents(), nullable=False),
        sa.Column("cfdi_uuid", sa.String(36)),
        sa.Column("rfc", sa.String(13)),
        sa.Column("cfdi_total", _cents()),
        sa.PrimaryKeyConstraint("tenant_id", "entry_id", "line_no", name=op.f("pk_journal_lines")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "entry_id"],
            ["journal_entries.tenant_id", "journal_entries.id"],
            name=op.f("fk_journal_lines_tenant_id_entry_id_journal_entries"),
        ),
        _account_fk("journal_lines"),
        sa.CheckConstraint(
            "(debit > 0 AND credit = 0) OR (debit = 0 AND credit > 0)", name=op.f("ck_journal_lines_one_side")
        ),
        sa.CheckConstraint("cfdi_total IS NULL OR cfdi_total >= 0", name=op.f("ck_journal_lines_cfdi_total")),
        sqlite_with_rowid=False,
    )

    op.create_table(
        "account_month_balances",
        *_tenant_id("account_month_balances"),
        sa.Column("account_id", _id(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        *_totals(),
        sa.PrimaryKeyConstraint("tenant_id", "account_id", "year", "month", name=op.f("pk_account_month_balances")),
        _account_fk("account_month_balances"),
        sa.CheckConstraint("month BETWEEN 1 AND 12", name=op.f("ck_account_month_balances_month")),
        sqlite_with_rowid=False,
    )

    op.create_table(
        "account_day_balances",
        *_tenant_id("account_day_balances"),
        sa.Column("account_id", _id(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        *_totals(),
        sa.PrimaryKeyConstraint("tenant_id", "account_id", "day", name=op.f("pk_account_day_balances")),
        _account_fk("account_day_balances"),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f("ix_account_day_balances_tenant_id_day"), "account_day_balances", ["tenant_id", "day"])

    op.create_table(
        "fiscal_periods",
        *_tenant_id("fiscal_periods"),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True)),
        sa.Column("closed_by", sa.String(200)),
        sa.PrimaryKeyConstraint("tenant_id", "year", "month", name=op.f("pk_fiscal_periods")),
        sa.CheckConstraint("month BETWEEN 1 AND 12", name=op.f("ck_fiscal_periods_month")),
        sa.CheckConstraint("status IN ('open', 'closed')", name=op.f("ck_fiscal_periods_status")),
        sa.CheckConstraint("status = 'open' OR closed_at IS NOT NULL", name=op.f("ck_fiscal_periods_closed_has_time")),
    )

    op.create_table(
        "receivables",
        sa.Column("id", _id(), nullable=False),
        *_tenant_id("receivables"),
        sa.Column("customer_id", _id(), nullable=False),
        sa.Column("customer_name", sa.String(200), nullable=False),
        sa.Column("reference", sa.String(60), nullable=False),
        sa.Column("amount", _cents(), nullable=False),
        sa.Column("open_amount", _cents(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receivables")),
        sa.CheckConstraint(
            "amount > 0 AND open_amount >= 0 AND open_amount <= amount", name=op.f("ck_receivables_amounts")
        ),
        sa.CheckConstraint("due_date >= issued_on", name=op.f("ck_receivables_due_date")),
    )
    op.create_index(
        op.f("ix_receivables_open"),
        "receivables",
        ["tenant_id", "due_date", "id"],
        sqlite_where=sa.text("open_amount > 0"),
        postgresql_where=sa.text("open_amount > 0"),
    )


def downgrade() -> None:
    for table in (
        "receivables",
        "fiscal_periods",
        "account_day_balances",
        "account_month_balances",
        "journal_lines",
        "journal_entries",
        "accounts",
    ):
        op.drop_table(table)
