"""BNPL: applications and the webhook events already applied (docs/integrations.md#bnpl, ADR 30); the
account 107.05 "receivable from BNPL provider" (under 107 *Deudores diversos*) for existing tenants
(new tenants get it from the SAT chart seed).

Written by hand. Tenant-owned tables are keyed ``(tenant_id, ...)`` with foreign keys led by
``tenant_id`` (Citus-ready); on PostgreSQL ids come from each table's ``<table>_id_seq``, on SQLite from
``MAX(rowid) + 1``. Money is ``BIGINT`` cents bounded by 10^9 (ADR 17).

Revision ID: 0017
Revises: 0011
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MAX_CENTS = 10**9
STATES = "'created', 'pending', 'approved', 'rejected', 'expired', 'cancelled'"
# (code, sat_code, name, parent code): the accounts the SAT chart seed now has and older tenants lack.
ACCOUNTS = (
    ("107", "107", "Deudores diversos", "100"),
    ("107.05", "107.05", "Otros deudores diversos (financiamiento BNPL)", "107"),
)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _ts() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    if not _sqlite():
        op.execute("CREATE SEQUENCE bnpl_applications_id_seq")
    op.create_table(
        "bnpl_applications",
        sa.Column("id", _id(), nullable=False),
        sa.Column("tenant_id", _id(), nullable=False),
        sa.Column("provider", sa.String(40), nullable=False),
        sa.Column("sale_id", _id(), nullable=False),
        sa.Column("sale_folio", sa.String(20), nullable=False),
        sa.Column("customer_id", _id(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("customer_name", sa.String(200), nullable=False),
        sa.Column("customer_phone", sa.String(15), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("provider_ref", sa.String(120)),
        sa.Column("redirect_url", sa.String(1000)),
        sa.Column("error", sa.String(500)),
        sa.Column("entry_id", _id()),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("updated_at", _ts(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_bnpl_applications")),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_bnpl_applications_tenant_id_tenants")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "sale_id"],
            ["sales.tenant_id", "sales.id"],
            name=op.f("fk_bnpl_applications_tenant_id_sales"),
        ),
        sa.CheckConstraint(f"state IN ({STATES})", name=op.f("ck_bnpl_applications_state")),
        sa.CheckConstraint("amount > 0", name=op.f("ck_bnpl_applications_amount")),
        sa.CheckConstraint(
            f"amount BETWEEN -{MAX_CENTS} AND {MAX_CENTS}", name=op.f("ck_bnpl_applications_amount_bound")
        ),
        *(
            [
                sa.CheckConstraint(
                    "typeof(amount) IN ('integer', 'null')", name=op.f("ck_bnpl_applications_amount_integer")
                )
            ]
            if _sqlite()
            else []
        ),
    )
    op.create_index("ix_bnpl_applications_sale", "bnpl_applications", ["tenant_id", "sale_id"])
    op.create_index(
        "uq_bnpl_applications_provider_ref",
        "bnpl_applications",
        ["tenant_id", "provider", "provider_ref"],
        unique=True,
    )
    op.create_table(
        "bnpl_events",
        sa.Column("tenant_id", _id(), nullable=False),
        sa.Column("provider", sa.String(40), nullable=False),
        sa.Column("event_id", sa.String(120), nullable=False),
        sa.Column("application_id", _id()),
        sa.Column("received_at", _ts(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "provider", "event_id", name=op.f("pk_bnpl_events")),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_bnpl_events_tenant_id_tenants")),
    )
    _add_accounts()


def _add_accounts() -> None:
    """107 and 107.05 for every tenant whose chart has the asset root and lacks them."""
    conn = op.get_bind()
    for code, sat_code, name, parent_code in ACCOUNTS:
        parents = conn.execute(
            sa.text(
                "SELECT p.tenant_id, p.id, p.level, p.nature FROM accounts p WHERE p.code = :parent "
                "AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.tenant_id = p.tenant_id AND a.code = :code) "
                "ORDER BY p.tenant_id"
            ),
            {"parent": parent_code, "code": code},
        ).all()
        for tenant_id, parent_id, level, nature in parents:
            new_id = (
                conn.execute(sa.text("SELECT COALESCE(MAX(rowid), 0) + 1 FROM accounts")).scalar_one()
                if _sqlite()
                else conn.execute(sa.text("SELECT nextval('accounts_id_seq')")).scalar_one()
            )
            conn.execute(
                sa.text(
                    "INSERT INTO accounts (id, tenant_id, code, sat_code, name, nature, parent_id, level, is_active) "
                    "VALUES (:id, :tid, :code, :sat, :name, :nature, :parent, :level, :active)"
                ),
                {
                    "id": new_id,
                    "tid": tenant_id,
                    "code": code,
                    "sat": sat_code,
                    "name": name,
                    "nature": nature,
                    "parent": parent_id,
                    "level": level + 1,
                    "active": True,
                },
            )


def downgrade() -> None:
    """The tables go; accounts 107/107.05 stay (entries may have been posted to them)."""
    op.drop_index("uq_bnpl_applications_provider_ref", table_name="bnpl_applications")
    op.drop_index("ix_bnpl_applications_sale", table_name="bnpl_applications")
    op.drop_table("bnpl_events")
    op.drop_table("bnpl_applications")
    if not _sqlite():
        op.execute("DROP SEQUENCE bnpl_applications_id_seq")
