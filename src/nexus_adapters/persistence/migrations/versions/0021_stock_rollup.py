"""Maintained stock totals and report keys (docs/adr/0034-maintained-stock-totals.md).

* ``stock_balances``: ``listed`` and the row's rolled-up state (``r_on_hand``, ``r_reserved``,
  ``alert``, ``alert_key``, ``short_key``, ``value_key``, ``sale_value``, ``home``, ``active``,
  ``item_units``, ``item_key``, ``item_sale``), with partial indexes holding only the rows in a state;
* ``stock_branch_totals`` keyed ``(tenant_id, branch_id)``;
* existing data: a zero row (``listed = false``) for every missing (item, branch), then each
  tenant's state rebuilt by :func:`nexus_adapters.persistence.stock_rollup.rebuild`.

Revision ID: 0021
Revises: 0011
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_DEFAULT_ZERO = ("r_on_hand", "r_reserved", "sale_value", "item_sale")
BIG_NULL = ("alert_key", "short_key", "value_key", "item_units", "item_key")
TOTALS = (
    "on_hand",
    "reserved",
    "items_in_stock",
    "cost_value",
    "sale_value",
    "zero_count",
    "low_count",
    "over_count",
    "below_min",
    "home_zero",
    "home_low",
    "home_over",
    "home_below_min",
    "stocked_items",
    "stock_value",
    "item_sale_value",
)
INDEXES = (
    ("ix_stock_balances_alerts", ["tenant_id", "branch_id", "alert", "alert_key", "item_id"], "alert_key IS NOT NULL"),
    ("ix_stock_balances_home_alerts", ["tenant_id", "alert", "alert_key", "item_id"], "alert_key IS NOT NULL AND home"),
    ("ix_stock_balances_short", ["tenant_id", "branch_id", "short_key", "item_id"], "short_key IS NOT NULL"),
    ("ix_stock_balances_home_short", ["tenant_id", "short_key", "item_id"], "short_key IS NOT NULL AND home"),
    ("ix_stock_balances_value", ["tenant_id", "branch_id", "value_key", "item_id"], "value_key IS NOT NULL"),
    ("ix_stock_balances_item_value", ["tenant_id", "item_key", "item_id"], "item_key IS NOT NULL"),
)


def _id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    add = op.add_column
    add("stock_balances", sa.Column("listed", sa.Boolean(), nullable=False, server_default=sa.text("true")))
    for name in BIG_DEFAULT_ZERO:
        add("stock_balances", sa.Column(name, sa.BigInteger(), nullable=False, server_default=sa.text("0")))
    for name in BIG_NULL:
        add("stock_balances", sa.Column(name, sa.BigInteger(), nullable=True))
    add("stock_balances", sa.Column("alert", sa.SmallInteger(), nullable=False, server_default=sa.text("0")))
    add("stock_balances", sa.Column("home", sa.Boolean(), nullable=False, server_default=sa.text("false")))
    add("stock_balances", sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.text("false")))
    for name, columns, where in INDEXES:
        op.create_index(name, "stock_balances", columns, sqlite_where=sa.text(where), postgresql_where=sa.text(where))
    op.create_table(
        "stock_branch_totals",
        sa.Column("tenant_id", _id(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_stock_branch_totals_tenant_id_tenants")),
        sa.Column("branch_id", _id(), nullable=False),
        *[sa.Column(name, sa.BigInteger(), nullable=False, server_default=sa.text("0")) for name in TOTALS],
        sa.PrimaryKeyConstraint("tenant_id", "branch_id", name=op.f("pk_stock_branch_totals")),
    )
    from nexus_adapters.persistence.stock_rollup import rebuild

    bind = op.get_bind()
    for tenant_id in bind.execute(sa.text("SELECT id FROM tenants ORDER BY id")).scalars().all():
        rebuild(bind, int(tenant_id))


def downgrade() -> None:
    op.drop_table("stock_branch_totals")
    for name, _, _ in INDEXES:
        op.drop_index(name, table_name="stock_balances")
    with op.batch_alter_table("stock_balances") as batch:
        for name in ("listed", *BIG_DEFAULT_ZERO, *BIG_NULL, "alert", "home", "active"):
            batch.drop_column(name)
