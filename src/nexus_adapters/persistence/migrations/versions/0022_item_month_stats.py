"""Month buckets of the items sold (docs/insight.md, ADR 29): ``sales_item_month_stats``, keyed
``(tenant_id, month, branch_id, item_id)`` (``month`` is the first day of the local month), so the
dashboard's top products of the month read items x branches rows instead of items x branches x days.

Written by hand. Filled from the day buckets already there (``sales_item_stats``) with one
``INSERT ... SELECT`` per dialect's month truncation. Money is ``BIGINT`` cents, quantities ``BIGINT``
thousandths; every key leads with ``tenant_id`` (Citus-ready, ADR 15).

Revision ID: 0022
Revises: 0017
Create Date: 2026-12-10
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "sales_item_month_stats"


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _fk(column: str, referred: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{referred}.tenant_id", f"{referred}.id"],
        name=op.f(f"fk_{TABLE}_tenant_id_{column}_{referred}"),
    )


def upgrade() -> None:
    checks = (
        [
            sa.CheckConstraint(f"typeof({c}) IN ('integer', 'null')", name=op.f(f"ck_{TABLE}_{c}_integer"))
            for c in ("quantity", "total")
        ]
        if _sqlite()
        else []
    )
    op.create_table(
        TABLE,
        sa.Column("tenant_id", _id(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("branch_id", _id(), nullable=False),
        sa.Column("item_id", _id(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "month", "branch_id", "item_id", name=op.f(f"pk_{TABLE}")),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{TABLE}_tenant_id_tenants")),
        _fk("branch_id", "branches"),
        _fk("item_id", "items"),
        *checks,
    )
    month = "date(day, 'start of month')" if _sqlite() else "CAST(date_trunc('month', day) AS date)"
    op.execute(
        f"INSERT INTO {TABLE} (tenant_id, month, branch_id, item_id, quantity, total) "
        f"SELECT tenant_id, {month}, branch_id, item_id, SUM(quantity), SUM(total) FROM sales_item_stats "
        f"GROUP BY tenant_id, {month}, branch_id, item_id"
    )


def downgrade() -> None:
    op.drop_table(TABLE)
