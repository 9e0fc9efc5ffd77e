"""Quotations and layaways: quotations with their lines, layaways with their lines and installments,
and the register's ``layaway_cash`` running total (docs/selling.md, docs/adr/0022-quotations-and-layaways.md).

Written by hand and frozen, like 0008: money is ``BIGINT`` cents, quantities ``BIGINT`` thousandths,
tax rates ``BIGINT`` ten-thousandths; tenant-owned tables keyed ``(tenant_id, ...)``; on PostgreSQL ids
come from each table's ``<table>_id_seq``, on SQLite from ``MAX(rowid) + 1``.

Revision ID: 0010
Revises: 0008 (the lead relinks the chain at merge)
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEQUENCED = ("quotations", "layaways", "layaway_payments")
MAX_CENTS = 10**9
TOTALS = ("subtotal", "tax", "total", "discount")
LINE_AMOUNTS = ("unit_price", "gross", "discount", "subtotal", "tax", "total")
LAYAWAY_AMOUNTS = (*TOTALS, "paid", "penalty", "refunded")


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


def _money(table: str, *columns: str) -> list[sa.CheckConstraint]:
    """Each a single amount within the bounds; on SQLite also an integer."""
    checks = [_ck(table, f"{c}_bound", f"{c} BETWEEN -{MAX_CENTS} AND {MAX_CENTS}") for c in columns]
    if _sqlite():
        checks += [_ck(table, f"{c}_integer", f"typeof({c}) IN ('integer', 'null')") for c in columns]
    return checks


def _lines(table: str, parent: str, parent_table: str) -> None:
    op.create_table(
        table,
        *_tenant(table),
        sa.Column(parent, _id(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("item_id", _id(), nullable=False),
        sa.Column("quantity", _int(), nullable=False),
        sa.Column("discount_pct", _int(), nullable=False),
        sa.Column("tax_rate", _int(), nullable=False),
        sa.Column("tax_exempt", sa.Boolean(), nullable=False),
        *(sa.Column(name, _int(), nullable=False) for name in LINE_AMOUNTS),
        sa.PrimaryKeyConstraint("tenant_id", parent, "line_no", name=op.f(f"pk_{table}")),
        _fk(table, parent, parent_table),
        _fk(table, "item_id", "items"),
        _ck(table, "quantity", "quantity > 0"),
        *_money(table, *LINE_AMOUNTS),
    )


def upgrade() -> None:
    if not _sqlite():
        for table in SEQUENCED:
            op.execute(f"CREATE SEQUENCE {table}_id_seq")
    _add_layaway_cash()
    op.create_table(
        "quotations",
        sa.Column("id", _id(), nullable=False),
        *_tenant("quotations"),
        sa.Column("folio", sa.String(20), nullable=False),
        sa.Column("branch_id", _id(), nullable=False),
        sa.Column("employee_id", _id()),
        sa.Column("customer_id", _id()),
        sa.Column("notes", sa.String(500)),
        sa.Column("valid_days", sa.Integer(), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        *(sa.Column(name, _int(), nullable=False) for name in TOTALS),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("sale_id", _id()),
        sa.Column("converted_at", _ts()),
        sa.Column("cancelled_at", _ts()),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_quotations")),
        sa.UniqueConstraint("tenant_id", "folio", name=op.f("uq_quotations_tenant_id_folio")),
        _fk("quotations", "branch_id", "branches"),
        _fk("quotations", "employee_id", "employees"),
        _fk("quotations", "sale_id", "sales"),
        _ck("quotations", "status", "status IN ('active', 'converted', 'cancelled')"),
        _ck("quotations", "valid_days", "valid_days BETWEEN 1 AND 365"),
        _ck("quotations", "converted_has_sale", "status <> 'converted' OR sale_id IS NOT NULL"),
        *_money("quotations", *TOTALS),
    )
    op.create_index("ix_quotations_tenant_id_status_id", "quotations", ["tenant_id", "status", "id"])
    op.create_index("ix_quotations_tenant_id_customer_id_id", "quotations", ["tenant_id", "customer_id", "id"])
    _lines("quotation_lines", "quotation_id", "quotations")
    op.create_table(
        "layaways",
        sa.Column("id", _id(), nullable=False),
        *_tenant("layaways"),
        sa.Column("folio", sa.String(20), nullable=False),
        sa.Column("branch_id", _id(), nullable=False),
        sa.Column("employee_id", _id()),
        sa.Column("customer_id", _id(), nullable=False),
        sa.Column("notes", sa.String(500)),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        *(sa.Column(name, _int(), nullable=False) for name in LAYAWAY_AMOUNTS),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("completed_at", _ts()),
        sa.Column("completion_entry_id", _id()),
        sa.Column("cancelled_at", _ts()),
        sa.Column("policy", sa.String(10)),
        sa.Column("refund_method", sa.String(10)),
        sa.Column("cancel_reason", sa.String(300)),
        sa.Column("cancel_entry_id", _id()),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_layaways")),
        sa.UniqueConstraint("tenant_id", "folio", name=op.f("uq_layaways_tenant_id_folio")),
        _fk("layaways", "branch_id", "branches"),
        _fk("layaways", "employee_id", "employees"),
        _ck("layaways", "status", "status IN ('active', 'completed', 'cancelled')"),
        _ck("layaways", "paid", "paid > 0 AND paid <= total"),
        _ck("layaways", "completed_when_paid", "status <> 'completed' OR paid = total"),
        _ck("layaways", "policy", "policy IS NULL OR policy IN ('refund', 'forfeit')"),
        *_money("layaways", *LAYAWAY_AMOUNTS),
    )
    op.create_index("ix_layaways_tenant_id_status_id", "layaways", ["tenant_id", "status", "id"])
    op.create_index("ix_layaways_tenant_id_customer_id_id", "layaways", ["tenant_id", "customer_id", "id"])
    _lines("layaway_lines", "layaway_id", "layaways")
    op.create_table(
        "layaway_payments",
        sa.Column("id", _id(), nullable=False),
        *_tenant("layaway_payments"),
        sa.Column("layaway_id", _id(), nullable=False),
        sa.Column("folio", sa.String(20), nullable=False),
        sa.Column("amount", _int(), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("register_id", _id()),
        sa.Column("employee_id", _id()),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("at", _ts(), nullable=False),
        sa.Column("entry_id", _id(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_layaway_payments")),
        sa.UniqueConstraint("tenant_id", "folio", name=op.f("uq_layaway_payments_tenant_id_folio")),
        _fk("layaway_payments", "layaway_id", "layaways"),
        _fk("layaway_payments", "register_id", "register_sessions"),
        _fk("layaway_payments", "employee_id", "employees"),
        _ck("layaway_payments", "method", "method IN ('cash', 'card', 'transfer')"),
        _ck("layaway_payments", "positive", "amount > 0"),
        *_money("layaway_payments", "amount"),
    )
    op.create_index("ix_layaway_payments_tenant_id_layaway_id", "layaway_payments", ["tenant_id", "layaway_id"])


def _add_layaway_cash() -> None:
    """Existing sessions start at 0; the default only fills them (the application writes every total)."""
    if _sqlite():
        op.execute(
            "ALTER TABLE register_sessions ADD COLUMN layaway_cash BIGINT NOT NULL DEFAULT 0 "
            "CONSTRAINT ck_register_sessions_layaway_cash_integer CHECK (typeof(layaway_cash) IN ('integer', 'null'))"
        )
        return
    op.add_column("register_sessions", sa.Column("layaway_cash", _int(), nullable=False, server_default="0"))
    op.alter_column("register_sessions", "layaway_cash", server_default=None)


def downgrade() -> None:
    for table in ("layaway_payments", "layaway_lines", "layaways", "quotation_lines", "quotations"):
        op.drop_table(table)
    if _sqlite():
        op.execute("ALTER TABLE register_sessions DROP COLUMN layaway_cash")
    else:
        op.drop_column("register_sessions", "layaway_cash")
        for table in SEQUENCED:
            op.execute(f"DROP SEQUENCE {table}_id_seq")
