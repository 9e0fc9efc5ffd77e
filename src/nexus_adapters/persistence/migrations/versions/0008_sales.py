"""Selling: folio counters, register sessions with running totals and cash movements, sales with
their lines and tenders (docs/selling.md, docs/adr/0020-sales-and-register.md).

Written by hand and frozen: money is ``BIGINT`` cents (single amounts bounded by 10^9 cents, ADR 17),
quantities ``BIGINT`` thousandths, tax rates ``BIGINT`` ten-thousandths. Tenant-owned tables are keyed
``(tenant_id, ...)``; on PostgreSQL ids come from each table's ``<table>_id_seq``, on SQLite from
``MAX(rowid) + 1``. A partial unique index keeps one open register per employee.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEQUENCED = ("register_sessions", "register_movements", "sales")
MAX_CENTS = 10**9
SALE_AMOUNTS = ("amount_paid", "cash_received", "change_amount", "on_account", "subtotal", "tax", "total", "discount")
LINE_AMOUNTS = ("unit_price", "gross", "discount", "subtotal", "tax", "total", "cost")
REGISTER_TOTALS = (
    "cash_received",
    "change_given",
    "cash_refunded",
    "sales_cash",
    "sales_card",
    "sales_transfer",
    "sales_credit",
    "movements_in",
    "movements_out",
    "sales_total",
)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _int() -> sa.BigInteger:
    return sa.BigInteger()


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


def _bounds(table: str, *columns: str) -> list[sa.CheckConstraint]:
    return [_ck(table, f"{c}_bound", f"{c} BETWEEN -{MAX_CENTS} AND {MAX_CENTS}") for c in columns]


def _integers(table: str, *columns: str) -> list[sa.CheckConstraint]:
    if not _sqlite():
        return []
    return [_ck(table, f"{c}_integer", f"typeof({c}) IN ('integer', 'null')") for c in columns]


def upgrade() -> None:
    if not _sqlite():
        for table in SEQUENCED:
            op.execute(f"CREATE SEQUENCE {table}_id_seq")
    op.create_table(
        "folio_counters",
        *_tenant("folio_counters"),
        sa.Column("document_type", sa.String(10), nullable=False),
        sa.Column("last_number", _id(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "document_type", name=op.f("pk_folio_counters")),
        _ck("folio_counters", "positive", "last_number > 0"),
    )
    op.create_table(
        "register_sessions",
        sa.Column("id", _id(), nullable=False),
        *_tenant("register_sessions"),
        sa.Column("branch_id", _id(), nullable=False),
        sa.Column("employee_id", _id()),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("opening_amount", _int(), nullable=False),
        sa.Column("opened_at", _ts(), nullable=False),
        sa.Column("closed_at", _ts()),
        sa.Column("counted_amount", _int()),
        sa.Column("difference", _int()),
        sa.Column("cut_folio", sa.String(20)),
        *(sa.Column(name, _int(), nullable=False) for name in REGISTER_TOTALS),
        sa.Column("sales_count", _id(), nullable=False),
        sa.Column("cancelled_count", _id(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_register_sessions")),
        _fk("register_sessions", "branch_id", "branches"),
        _fk("register_sessions", "employee_id", "employees"),
        _ck("register_sessions", "status", "status IN ('open', 'closed')"),
        _ck("register_sessions", "closed_has_time", "status = 'open' OR closed_at IS NOT NULL"),
        *_bounds("register_sessions", "opening_amount", "counted_amount"),
        *_integers("register_sessions", "opening_amount", "counted_amount", "difference", *REGISTER_TOTALS),
    )
    op.create_index(
        "uq_register_sessions_one_open",
        "register_sessions",
        ["tenant_id", "employee_id"],
        unique=True,
        sqlite_where=sa.text("status = 'open'"),
        postgresql_where=sa.text("status = 'open'"),
    )
    op.create_table(
        "register_movements",
        sa.Column("id", _id(), nullable=False),
        *_tenant("register_movements"),
        sa.Column("register_id", _id(), nullable=False),
        sa.Column("direction", sa.String(3), nullable=False),
        sa.Column("amount", _int(), nullable=False),
        sa.Column("reason", sa.String(300), nullable=False),
        sa.Column("employee_id", _id()),
        sa.Column("at", _ts(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_register_movements")),
        _fk("register_movements", "register_id", "register_sessions"),
        _ck("register_movements", "direction", "direction IN ('in', 'out')"),
        _ck("register_movements", "positive", "amount > 0"),
        *_bounds("register_movements", "amount"),
        *_integers("register_movements", "amount"),
    )
    op.create_index(
        op.f("ix_register_movements_tenant_id_register_id"), "register_movements", ["tenant_id", "register_id"]
    )
    op.create_table(
        "sales",
        sa.Column("id", _id(), nullable=False),
        *_tenant("sales"),
        sa.Column("folio", sa.String(20), nullable=False),
        sa.Column("branch_id", _id(), nullable=False),
        sa.Column("employee_id", _id()),
        sa.Column("register_id", _id()),
        sa.Column("customer_id", _id()),
        sa.Column("payment_method", sa.String(20), nullable=False),
        *(sa.Column(name, _int(), nullable=False) for name in SALE_AMOUNTS),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("entry_id", _id()),
        sa.Column("cancel_entry_id", _id()),
        sa.Column("cancelled_at", _ts()),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_sales")),
        sa.UniqueConstraint("tenant_id", "folio", name=op.f("uq_sales_tenant_id_folio")),
        _fk("sales", "branch_id", "branches"),
        _fk("sales", "employee_id", "employees"),
        _fk("sales", "register_id", "register_sessions"),
        _ck("sales", "status", "status IN ('completed', 'cancelled')"),
        *_bounds("sales", *SALE_AMOUNTS),
        *_integers("sales", *SALE_AMOUNTS),
    )
    op.create_index(op.f("ix_sales_tenant_id_employee_id_id"), "sales", ["tenant_id", "employee_id", "id"])
    op.create_table(
        "sale_lines",
        *_tenant("sale_lines"),
        sa.Column("sale_id", _id(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("item_id", _id(), nullable=False),
        sa.Column("quantity", _int(), nullable=False),
        sa.Column("discount_pct", _int(), nullable=False),
        sa.Column("tax_rate", _int(), nullable=False),
        sa.Column("tax_exempt", sa.Boolean(), nullable=False),
        *(sa.Column(name, _int(), nullable=False) for name in LINE_AMOUNTS),
        sa.PrimaryKeyConstraint("tenant_id", "sale_id", "line_no", name=op.f("pk_sale_lines")),
        _fk("sale_lines", "sale_id", "sales"),
        _fk("sale_lines", "item_id", "items"),
        _ck("sale_lines", "quantity", "quantity > 0"),
        *_bounds("sale_lines", *LINE_AMOUNTS),
        *_integers("sale_lines", *LINE_AMOUNTS),
    )
    op.create_table(
        "sale_tenders",
        *_tenant("sale_tenders"),
        sa.Column("sale_id", _id(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("amount", _int(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "sale_id", "line_no", name=op.f("pk_sale_tenders")),
        _fk("sale_tenders", "sale_id", "sales"),
        _ck("sale_tenders", "method", "method IN ('cash', 'card', 'transfer')"),
        *_bounds("sale_tenders", "amount"),
        *_integers("sale_tenders", "amount"),
    )


def downgrade() -> None:
    for table in ("sale_tenders", "sale_lines", "sales", "register_movements", "register_sessions", "folio_counters"):
        op.drop_table(table)
    if not _sqlite():
        for table in SEQUENCED:
            op.execute(f"DROP SEQUENCE {table}_id_seq")
