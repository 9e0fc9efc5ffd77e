"""Bounds (ADR 17) and idempotency keys per principal with a lease (ADR 6).

* Money columns: every single amount (journal line sides, CFDI totals, receivables) is at most
  10^9 cents either way; on SQLite every money column, maintained totals included, must stay an
  ``integer`` (an overflowing ``debit + :x`` would otherwise silently become a REAL). PostgreSQL's
  BIGINT cannot hold anything else. SQLite cannot add a CHECK to a table, so its tables are rebuilt
  from their own ``CREATE TABLE`` text (keeping ``WITHOUT ROWID``, constraints and indexes).
* ``idempotency_keys``: primary key ``(tenant_id, principal, key)``, the ``owner`` process and the
  ``lease_until`` of a running claim. Running claims are dropped (their requests belong to the
  server being upgraded, which is stopped); answered keys are kept under the principal ``legacy``,
  which no request has: a client that repeats a pre-upgrade request gets it run again.

Written by hand and frozen.

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MAX_AMOUNT_CENTS = 10**9
TOTALS = ("debit", "credit", "closing_debit", "closing_credit")

# table -> (columns holding one amount, columns that must stay integers on SQLite)
MONEY: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "journal_lines": (("debit", "credit", "cfdi_total"), ("debit", "credit", "cfdi_total")),
    "account_month_balances": ((), TOTALS),
    "account_day_balances": ((), TOTALS),
    "receivables": (("amount", "open_amount"), ("amount", "open_amount")),
}


def _bound(table: str, column: str) -> tuple[str, str]:
    return f"ck_{table}_{column}_bound", f"{column} BETWEEN -{MAX_AMOUNT_CENTS} AND {MAX_AMOUNT_CENTS}"


def _integer(table: str, column: str) -> tuple[str, str]:
    return f"ck_{table}_{column}_integer", f"typeof({column}) IN ('integer', 'null')"


def _sqlite_add_checks(table: str, checks: list[tuple[str, str]]) -> None:
    """Rebuild ``table`` from its own CREATE TABLE text with ``checks`` appended."""
    conn = op.get_bind()
    for _, expr in checks:
        if expr.startswith("typeof("):
            column = expr[len("typeof(") : expr.index(")")]
            bad = conn.execute(sa.text(f"SELECT count(*) FROM {table} WHERE NOT ({expr})")).scalar_one()
            if bad:
                raise RuntimeError(
                    f"{table}.{column} holds {bad} non-integer value(s): a total overflowed before this upgrade. "
                    "Rebuild the maintained balances from journal_lines before upgrading."
                )
    create = conn.execute(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :t"), {"t": table}
    ).scalar_one()
    indexes = list(
        conn.execute(
            sa.text("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t AND sql IS NOT NULL"),
            {"t": table},
        ).scalars()
    )
    close = create.rindex(")")
    added = ",\n\t".join(f"CONSTRAINT {name} CHECK ({expr})" for name, expr in checks)
    new_create = create[:close].rstrip() + ",\n\t" + added + "\n" + create[close:]
    new_create = re.sub(rf'^CREATE TABLE "?{table}"?', f"CREATE TABLE {table}__new", new_create, count=1)
    op.execute(new_create)
    op.execute(f"INSERT INTO {table}__new SELECT * FROM {table}")
    op.execute(f"DROP TABLE {table}")
    op.execute(f"ALTER TABLE {table}__new RENAME TO {table}")
    for index in indexes:
        op.execute(index)


def _money_checks() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, (bounded, integers) in MONEY.items():
        checks = [_bound(table, c) for c in bounded]
        if sqlite:
            _sqlite_add_checks(table, checks + [_integer(table, c) for c in integers])
        else:
            for name, expr in checks:
                op.create_check_constraint(name, table, expr)


def _timestamp() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _idempotency_per_principal() -> None:
    op.execute("DELETE FROM idempotency_keys WHERE state = 'running'")
    if op.get_bind().dialect.name == "sqlite":
        op.create_table(
            "idempotency_keys__new",
            sa.Column("tenant_id", sa.Integer(), nullable=False),
            sa.Column("principal", sa.String(60), nullable=False),
            sa.Column("key", sa.String(200), nullable=False),
            sa.Column("fingerprint", sa.String(255), nullable=False),
            sa.Column("state", sa.String(10), nullable=False),
            sa.Column("status_code", sa.Integer()),
            sa.Column("body", sa.Text()),
            sa.Column("created_at", _timestamp(), nullable=False),
            sa.Column("owner", sa.String(80), nullable=False),
            sa.Column("lease_until", _timestamp(), nullable=False),
            sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name="fk_idempotency_keys_tenant_id_tenants"),
            sa.PrimaryKeyConstraint("tenant_id", "principal", "key", name="pk_idempotency_keys"),
            sa.CheckConstraint("state IN ('running', 'done')", name="ck_idempotency_keys_state"),
            sa.CheckConstraint(
                "state = 'running' OR (status_code IS NOT NULL AND body IS NOT NULL)",
                name="ck_idempotency_keys_done_has_response",
            ),
        )
        op.execute(
            "INSERT INTO idempotency_keys__new (tenant_id, principal, key, fingerprint, state, status_code, body, "
            "created_at, owner, lease_until) SELECT tenant_id, 'legacy', key, fingerprint, state, status_code, body, "
            "created_at, '', created_at FROM idempotency_keys"
        )
        op.drop_table("idempotency_keys")
        op.rename_table("idempotency_keys__new", "idempotency_keys")
    else:
        op.add_column(
            "idempotency_keys", sa.Column("principal", sa.String(60), nullable=False, server_default="legacy")
        )
        op.add_column("idempotency_keys", sa.Column("owner", sa.String(80), nullable=False, server_default=""))
        op.add_column("idempotency_keys", sa.Column("lease_until", _timestamp()))
        op.execute("UPDATE idempotency_keys SET lease_until = created_at")
        op.alter_column("idempotency_keys", "lease_until", nullable=False)
        op.alter_column("idempotency_keys", "principal", server_default=None)
        op.alter_column("idempotency_keys", "owner", server_default=None)
        op.drop_constraint("pk_idempotency_keys", "idempotency_keys", type_="primary")
        op.create_primary_key("pk_idempotency_keys", "idempotency_keys", ["tenant_id", "principal", "key"])
    op.create_index(
        "ix_idempotency_keys_running_owner",
        "idempotency_keys",
        ["owner"],
        sqlite_where=sa.text("state = 'running'"),
        postgresql_where=sa.text("state = 'running'"),
    )


def upgrade() -> None:
    _money_checks()
    _idempotency_per_principal()


def downgrade() -> None:
    raise NotImplementedError("0005 is not reversible: restore the backup taken before upgrading")
