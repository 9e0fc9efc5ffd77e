"""Returns of sales, the sales list's index and the register's history columns (docs/selling.md).

* ``sale_returns`` and ``sale_return_lines`` (keyed ``(tenant_id, ...)``, money in cents);
* ``sales.status`` also takes ``returned`` and ``partially_returned``; index
  ``(tenant_id, business_date, id)`` for ``GET /pos/api/sales``;
* ``register_sessions``: running totals of returns' refunds (per tender, total, count) and the
  tenant's days the session was opened and closed on (``business_date``, ``closed_on``: the register
  history and the daily summary read them through indexes). Existing sessions get the UTC day of
  their instants, the best this migration can know.

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MAX_CENTS = 10**9
SEQUENCED = ("sale_returns",)
RETURN_TOTALS = ("returns_cash", "returns_card", "returns_transfer", "returns_total")
RETURN_AMOUNTS = ("subtotal", "tax", "total", "cost", "refund_cash", "refund_card", "refund_transfer")
RETURN_LINE_AMOUNTS = ("subtotal", "tax", "total", "cost")
OLD_STATUS = "status IN ('completed', 'cancelled')"
NEW_STATUS = "status IN ('completed', 'cancelled', 'returned', 'partially_returned')"


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _fk(table: str, column: str, referred: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{referred}.tenant_id", f"{referred}.id"],
        name=op.f(f"fk_{table}_tenant_id_{column}_{referred}"),
    )


def _tenant(table: str) -> tuple[sa.Column[int], sa.ForeignKeyConstraint]:
    return (
        sa.Column("tenant_id", _id(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants")),
    )


def _ck(table: str, name: str, expr: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(expr, name=op.f(f"ck_{table}_{name}"))


def _money(table: str, *columns: str) -> list[sa.CheckConstraint]:
    checks = [_ck(table, f"{c}_bound", f"{c} BETWEEN -{MAX_CENTS} AND {MAX_CENTS}") for c in columns]
    if _sqlite():
        checks += [_ck(table, f"{c}_integer", f"typeof({c}) IN ('integer', 'null')") for c in columns]
    return checks


def _sqlite_replace_in_table(table: str, old: str, new: str) -> None:
    """Rebuild ``table`` from its own CREATE TABLE text with ``old`` replaced by ``new``, keeping
    rowid == id (SQLite ids are ``MAX(rowid) + 1``) and the indexes."""
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


def _sales_status(old: str, new: str) -> None:
    if _sqlite():
        _sqlite_replace_in_table("sales", old, new)
    else:
        op.drop_constraint(op.f("ck_sales_status"), "sales", type_="check")
        op.create_check_constraint(op.f("ck_sales_status"), "sales", new)


def upgrade() -> None:
    if not _sqlite():
        for table in SEQUENCED:
            op.execute(f"CREATE SEQUENCE {table}_id_seq")
    _sales_status(OLD_STATUS, NEW_STATUS)
    op.create_index(op.f("ix_sales_tenant_id_business_date_id"), "sales", ["tenant_id", "business_date", "id"])
    if _sqlite():  # ADD COLUMN keeps the table; the integer check goes with each new total
        for name in RETURN_TOTALS:
            op.execute(
                f"ALTER TABLE register_sessions ADD COLUMN {name} BIGINT DEFAULT '0' NOT NULL "
                f"CONSTRAINT ck_register_sessions_{name}_integer CHECK (typeof({name}) IN ('integer', 'null'))"
            )
    else:
        for name in RETURN_TOTALS:
            op.add_column("register_sessions", sa.Column(name, sa.BigInteger(), nullable=False, server_default="0"))
    op.add_column("register_sessions", sa.Column("returns_count", _id(), nullable=False, server_default="0"))
    op.add_column("register_sessions", sa.Column("business_date", sa.Date()))
    op.add_column("register_sessions", sa.Column("closed_on", sa.Date()))
    if _sqlite():
        op.execute("UPDATE register_sessions SET business_date = date(opened_at), closed_on = date(closed_at)")
    else:
        op.execute(
            "UPDATE register_sessions SET business_date = (opened_at AT TIME ZONE 'UTC')::date, "
            "closed_on = (closed_at AT TIME ZONE 'UTC')::date"
        )
    op.create_index(
        op.f("ix_register_sessions_tenant_id_business_date"), "register_sessions", ["tenant_id", "business_date"]
    )
    op.create_index(
        op.f("ix_register_sessions_tenant_id_closed_on_id"), "register_sessions", ["tenant_id", "closed_on", "id"]
    )
    op.create_table(
        "sale_returns",
        sa.Column("id", _id(), nullable=False),
        *_tenant("sale_returns"),
        sa.Column("sale_id", _id(), nullable=False),
        sa.Column("folio", sa.String(20), nullable=False),
        sa.Column("branch_id", _id(), nullable=False),
        sa.Column("employee_id", _id()),
        sa.Column("register_id", _id()),
        sa.Column("reason", sa.String(300)),
        *(sa.Column(name, sa.BigInteger(), nullable=False) for name in RETURN_AMOUNTS),
        sa.Column("entry_id", _id()),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_sale_returns")),
        sa.UniqueConstraint("tenant_id", "folio", name=op.f("uq_sale_returns_tenant_id_folio")),
        _fk("sale_returns", "sale_id", "sales"),
        _fk("sale_returns", "branch_id", "branches"),
        _fk("sale_returns", "employee_id", "employees"),
        _fk("sale_returns", "register_id", "register_sessions"),
        *_money("sale_returns", *RETURN_AMOUNTS),
    )
    op.create_index(op.f("ix_sale_returns_tenant_id_sale_id"), "sale_returns", ["tenant_id", "sale_id"])
    op.create_table(
        "sale_return_lines",
        *_tenant("sale_return_lines"),
        sa.Column("return_id", _id(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("sale_id", _id(), nullable=False),
        sa.Column("sale_line_no", sa.Integer(), nullable=False),
        sa.Column("item_id", _id(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        *(sa.Column(name, sa.BigInteger(), nullable=False) for name in RETURN_LINE_AMOUNTS),
        sa.PrimaryKeyConstraint("tenant_id", "return_id", "line_no", name=op.f("pk_sale_return_lines")),
        _fk("sale_return_lines", "return_id", "sale_returns"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "sale_id", "sale_line_no"],
            ["sale_lines.tenant_id", "sale_lines.sale_id", "sale_lines.line_no"],
            name=op.f("fk_sale_return_lines_tenant_id_sale_id_sale_line_no_sale_lines"),
        ),
        _fk("sale_return_lines", "item_id", "items"),
        _ck("sale_return_lines", "quantity", "quantity > 0"),
        *_money("sale_return_lines", *RETURN_LINE_AMOUNTS),
    )
    op.create_index(
        op.f("ix_sale_return_lines_tenant_id_sale_id_sale_line_no"),
        "sale_return_lines",
        ["tenant_id", "sale_id", "sale_line_no"],
    )


def downgrade() -> None:
    op.drop_table("sale_return_lines")
    op.drop_index(op.f("ix_sale_returns_tenant_id_sale_id"), table_name="sale_returns")
    op.drop_table("sale_returns")
    op.drop_index(op.f("ix_register_sessions_tenant_id_closed_on_id"), table_name="register_sessions")
    op.drop_index(op.f("ix_register_sessions_tenant_id_business_date"), table_name="register_sessions")
    with op.batch_alter_table("register_sessions") as batch:
        for name in (*RETURN_TOTALS, "returns_count", "business_date", "closed_on"):
            batch.drop_column(name)
    op.drop_index(op.f("ix_sales_tenant_id_business_date_id"), table_name="sales")
    op.execute("UPDATE sales SET status = 'completed' WHERE status IN ('returned', 'partially_returned')")
    _sales_status(NEW_STATUS, OLD_STATUS)
    if not _sqlite():
        for table in SEQUENCED:
            op.execute(f"DROP SEQUENCE {table}_id_seq")
