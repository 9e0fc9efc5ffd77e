"""Customers and credit: customers, their vehicles, their account entries and payments; the IVA of
each receivable; customers' payments in the register's running totals (docs/selling.md "Customers
and credit", docs/adr/0021-customer-accounts.md).

Written by hand and frozen: money is ``BIGINT`` cents (single amounts bounded by 10^9 cents, ADR 17).
Tenant-owned tables are keyed ``(tenant_id, id)`` and refer to rows through ``(tenant_id, id)``; on
PostgreSQL ids come from each table's ``<table>_id_seq``, on SQLite from ``MAX(rowid) + 1``. Columns
added to existing tables (``receivables.tax``, ``register_sessions.payments_*``) default to 0.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEQUENCED = ("customers", "customer_vehicles", "customer_account_entries", "customer_payments")
MAX_CENTS = 10**9
PAYMENT_TOTALS = ("payments_cash", "payments_card", "payments_transfer")


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _ts() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _tenant(table: str) -> tuple[sa.Column[int], sa.ForeignKeyConstraint]:
    return (
        sa.Column("tenant_id", _id(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants")),
    )


def _fk(table: str, column: str, referred: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{referred}.tenant_id", f"{referred}.id"],
        name=op.f(f"fk_{table}_tenant_id_{column}_{referred}"),
    )


def _ck(table: str, name: str, expr: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(expr, name=op.f(f"ck_{table}_{name}"))


def _money(table: str, *columns: str) -> list[sa.CheckConstraint]:
    checks = [_ck(table, f"{c}_bound", f"{c} BETWEEN -{MAX_CENTS} AND {MAX_CENTS}") for c in columns]
    if _sqlite():
        checks += [_ck(table, f"{c}_integer", f"typeof({c}) IN ('integer', 'null')") for c in columns]
    return checks


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f(f"pk_{table}"))


def upgrade() -> None:
    if not _sqlite():
        for table in SEQUENCED:
            op.execute(f"CREATE SEQUENCE {table}_id_seq")
    op.create_table(
        "customers",
        sa.Column("id", _id(), nullable=False),
        *_tenant("customers"),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("rfc", sa.String(13)),
        sa.Column("razon_social", sa.String(300)),
        sa.Column("regimen_fiscal", sa.String(3)),
        sa.Column("codigo_postal", sa.String(5)),
        sa.Column("uso_cfdi", sa.String(4)),
        sa.Column("email", sa.String(254)),
        sa.Column("phone", sa.String(30)),
        sa.Column("address", sa.String(300)),
        sa.Column("price_tier", sa.String(10), nullable=False),
        sa.Column("credit_limit", sa.BigInteger(), nullable=False),
        sa.Column("credit_days", sa.Integer(), nullable=False),
        sa.Column("balance", sa.BigInteger(), nullable=False),
        sa.Column("branch_id", _id()),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("updated_at", _ts(), nullable=False),
        sa.Column("search_text", sa.String(800), nullable=False),
        _pk("customers"),
        _fk("customers", "branch_id", "branches"),
        _ck("customers", "price_tier", "price_tier IN ('mostrador', 'taller', 'mayoreo')"),
        _ck("customers", "amounts", "credit_limit >= 0 AND balance >= 0"),
        _ck("customers", "credit_days", "credit_days BETWEEN 0 AND 365"),
        *_money("customers", "credit_limit", "balance"),
    )
    op.create_index(op.f("ix_customers_tenant_id_name_id"), "customers", ["tenant_id", "name", "id"])
    op.create_table(
        "customer_vehicles",
        sa.Column("id", _id(), nullable=False),
        *_tenant("customer_vehicles"),
        sa.Column("customer_id", _id(), nullable=False),
        sa.Column("brand", sa.String(60), nullable=False),
        sa.Column("model", sa.String(60), nullable=False),
        sa.Column("year", sa.Integer()),
        sa.Column("engine", sa.String(60)),
        sa.Column("mye_id", _id()),
        sa.Column("plate", sa.String(15)),
        sa.Column("vin", sa.String(17)),
        sa.Column("created_at", _ts(), nullable=False),
        _pk("customer_vehicles"),
        _fk("customer_vehicles", "customer_id", "customers"),
    )
    op.create_index(
        op.f("ix_customer_vehicles_tenant_id_customer_id"), "customer_vehicles", ["tenant_id", "customer_id"]
    )
    op.create_table(
        "customer_account_entries",
        sa.Column("id", _id(), nullable=False),
        *_tenant("customer_account_entries"),
        sa.Column("customer_id", _id(), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("reference", sa.String(20), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        _pk("customer_account_entries"),
        _fk("customer_account_entries", "customer_id", "customers"),
        _ck("customer_account_entries", "kind", "kind IN ('sale', 'payment', 'cancellation')"),
        *_money("customer_account_entries", "amount"),
    )
    op.create_index(
        op.f("ix_customer_account_entries_customer_day"),
        "customer_account_entries",
        ["tenant_id", "customer_id", "business_date", "id"],
    )
    op.create_table(
        "customer_payments",
        sa.Column("id", _id(), nullable=False),
        *_tenant("customer_payments"),
        sa.Column("customer_id", _id(), nullable=False),
        sa.Column("folio", sa.String(20), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("reference", sa.String(60)),
        sa.Column("notes", sa.String(300)),
        sa.Column("register_id", _id()),
        sa.Column("employee_id", _id()),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("entry_id", _id()),
        _pk("customer_payments"),
        sa.UniqueConstraint("tenant_id", "folio", name=op.f("uq_customer_payments_tenant_id_folio")),
        _fk("customer_payments", "customer_id", "customers"),
        _fk("customer_payments", "register_id", "register_sessions"),
        _fk("customer_payments", "employee_id", "employees"),
        _ck("customer_payments", "method", "method IN ('cash', 'card', 'transfer')"),
        _ck("customer_payments", "positive", "amount > 0"),
        *_money("customer_payments", "amount"),
    )
    op.add_column("receivables", sa.Column("tax", sa.BigInteger(), nullable=False, server_default="0"))
    op.create_index(
        op.f("ix_receivables_tenant_id_customer_id_issued_on_id"),
        "receivables",
        ["tenant_id", "customer_id", "issued_on", "id"],
    )
    for column in PAYMENT_TOTALS:
        op.add_column("register_sessions", sa.Column(column, sa.BigInteger(), nullable=False, server_default="0"))


def downgrade() -> None:
    for column in PAYMENT_TOTALS:
        op.drop_column("register_sessions", column)
    op.drop_index(op.f("ix_receivables_tenant_id_customer_id_issued_on_id"), table_name="receivables")
    op.drop_column("receivables", "tax")
    for table in ("customer_payments", "customer_account_entries", "customer_vehicles", "customers"):
        op.drop_table(table)
    if not _sqlite():
        for table in SEQUENCED:
            op.execute(f"DROP SEQUENCE {table}_id_seq")
