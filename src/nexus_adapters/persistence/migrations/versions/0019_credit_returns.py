"""Returns of credit sales (ADR 32): the credit note on the customer's account.

* ``sale_returns.credited``: what a return took off the customer's account (0 for a sale paid at
  the counter), money in integer cents within ADR 17's bounds;
* ``customer_account_entries.kind`` also takes ``return`` (the statement's credit note movement).

Revision ID: 0019
Revises: 0011
Create Date: 2026-12-02
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MAX_CENTS = 10**9
OLD_KINDS = "kind IN ('sale', 'payment', 'cancellation')"
NEW_KINDS = "kind IN ('sale', 'payment', 'cancellation', 'return')"


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _sqlite_replace_in_table(table: str, old: str, new: str) -> None:
    """Rebuild ``table`` from its own CREATE TABLE text with ``old`` replaced by ``new``, keeping
    rowid == id and the indexes (as migration 0011 does)."""
    conn = op.get_bind()
    create = conn.execute(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :t"), {"t": table}
    ).scalar_one()
    if old not in create:
        raise RuntimeError(f"{table}: expected {old!r} in its definition")
    indexes = list(
        conn.execute(
            sa.text("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t AND sql IS NOT NULL"),
            {"t": table},
        ).scalars()
    )
    columns = ", ".join(r[1] for r in conn.execute(sa.text(f"PRAGMA table_info({table})")))
    new_create = re.sub(rf'^CREATE TABLE "?{table}"?', f"CREATE TABLE {table}__new", create.replace(old, new), count=1)
    op.execute(new_create)
    op.execute(f"INSERT INTO {table}__new (rowid, {columns}) SELECT rowid, {columns} FROM {table}")
    op.execute(f"DROP TABLE {table}")
    op.execute(f"ALTER TABLE {table}__new RENAME TO {table}")
    for index in indexes:
        op.execute(index)


def _kinds(old: str, new: str) -> None:
    table = "customer_account_entries"
    if _sqlite():
        _sqlite_replace_in_table(table, old, new)
    else:
        op.drop_constraint(op.f(f"ck_{table}_kind"), table, type_="check")
        op.create_check_constraint(op.f(f"ck_{table}_kind"), table, new)


def upgrade() -> None:
    bound = f"credited BETWEEN -{MAX_CENTS} AND {MAX_CENTS}"
    if _sqlite():  # ADD COLUMN keeps the table; its checks go with it
        op.execute(
            "ALTER TABLE sale_returns ADD COLUMN credited BIGINT DEFAULT '0' NOT NULL "
            f"CONSTRAINT ck_sale_returns_credited_bound CHECK ({bound}) "
            "CONSTRAINT ck_sale_returns_credited_integer CHECK (typeof(credited) IN ('integer', 'null'))"
        )
    else:
        op.add_column("sale_returns", sa.Column("credited", sa.BigInteger(), nullable=False, server_default="0"))
        op.create_check_constraint(op.f("ck_sale_returns_credited_bound"), "sale_returns", bound)
    _kinds(OLD_KINDS, NEW_KINDS)


def downgrade() -> None:
    op.execute("DELETE FROM customer_account_entries WHERE kind = 'return'")
    _kinds(NEW_KINDS, OLD_KINDS)
    if not _sqlite():
        op.drop_constraint(op.f("ck_sale_returns_credited_bound"), "sale_returns", type_="check")
    with op.batch_alter_table("sale_returns") as batch:
        batch.drop_column("credited")
