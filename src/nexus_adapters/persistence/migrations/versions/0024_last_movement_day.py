"""The last movement day of every stock row, for the no-movement report (docs/adr/0034-maintained-stock-totals.md).

* ``stock_balances.last_day``: the business day of the row's latest movement, written by the statement
  that changes the balance (``0001-01-01``: never moved); ``item_idle`` on an item's home row while it has
  units: its latest day in any branch (kept by the rollup refresh);
* partial indexes: a branch's stocked rows by ``last_day``, the stocked items by ``item_idle``;
* existing data: ``last_day`` from the movements, then ``item_idle`` (frozen SQL: migrations do not
  import application code).

Revision ID: 0024
Revises: 0021
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_stock_balances_idle", ["tenant_id", "branch_id", "last_day", "item_id"], "on_hand > 0"),
    ("ix_stock_balances_item_idle", ["tenant_id", "item_idle", "item_id"], "item_idle IS NOT NULL"),
)

LAST_DAY = """
UPDATE stock_balances SET last_day = COALESCE((SELECT MAX(m.business_date) FROM stock_movements m
  WHERE m.tenant_id = stock_balances.tenant_id AND m.item_id = stock_balances.item_id
    AND m.branch_id = stock_balances.branch_id), last_day)"""

ITEM_IDLE = """
UPDATE stock_balances SET item_idle = (SELECT MAX(x.last_day) FROM stock_balances x
  WHERE x.tenant_id = stock_balances.tenant_id AND x.item_id = stock_balances.item_id)
WHERE home AND item_units > 0"""


def upgrade() -> None:
    op.add_column(
        "stock_balances", sa.Column("last_day", sa.Date(), nullable=False, server_default=sa.text("'0001-01-01'"))
    )
    op.add_column("stock_balances", sa.Column("item_idle", sa.Date(), nullable=True))
    op.execute(LAST_DAY)
    op.execute(ITEM_IDLE)
    for name, columns, where in INDEXES:
        op.create_index(name, "stock_balances", columns, sqlite_where=sa.text(where), postgresql_where=sa.text(where))


def downgrade() -> None:
    for name, _, _ in INDEXES:
        op.drop_index(name, table_name="stock_balances")
    # Plain ALTER TABLE (SQLite >= 3.35 too): a batch copy of the table would drop 0021's trigger.
    op.execute("ALTER TABLE stock_balances DROP COLUMN item_idle")
    op.execute("ALTER TABLE stock_balances DROP COLUMN last_day")
