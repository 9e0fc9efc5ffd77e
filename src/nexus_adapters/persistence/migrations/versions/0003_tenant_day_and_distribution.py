"""Tenant business day and a schema distributable by tenant (Citus).

* ``tenants.timezone``: the IANA zone of the tenant's business day (existing tenants get
  ``America/Mexico_City``).
* Every tenant-owned table with an ``id`` gets ``PRIMARY KEY (tenant_id, id)``; the separate
  ``UNIQUE (tenant_id, id)`` goes, and the foreign keys that pointed at it now point at the key.
  Ids stay as they are (unique across tenants): PostgreSQL keeps each table's sequence; on SQLite
  the rebuilt tables get ``rowid = id`` so new ids (``MAX(rowid) + 1``) continue the old ones.
* ``users.email`` was unique across tenants; a distributed table cannot enforce that, so the
  platform table ``user_emails`` (email -> tenant and user) takes the job.

SQLite cannot alter keys in place: its tables are rebuilt (Alembic batch mode), with foreign-key
enforcement off for the migration's connection (``migrate.upgrade_database`` does that and checks
``PRAGMA foreign_key_check`` before committing). Written by hand and frozen, like 0001 and 0002.

Revision ID: 0003
Revises: 0002
Create Date: 2026-04-15
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Tables whose primary key becomes (tenant_id, id), and whether they had UNIQUE (tenant_id, id).
TABLES = {
    "branches": True,
    "employees": False,
    "users": False,
    "login_failures": False,
    "accounts": True,
    "journal_entries": True,
    "receivables": False,
}

# Foreign keys onto those keys: (table, columns, referred table).
FOREIGN_KEYS = (
    ("employees", ("tenant_id", "branch_id"), "branches"),
    ("accounts", ("tenant_id", "parent_id"), "accounts"),
    ("journal_lines", ("tenant_id", "entry_id"), "journal_entries"),
    ("journal_lines", ("tenant_id", "account_id"), "accounts"),
    ("account_month_balances", ("tenant_id", "account_id"), "accounts"),
    ("account_day_balances", ("tenant_id", "account_id"), "accounts"),
)

# Partial indexes, recreated explicitly around SQLite table rebuilds: (name, table, columns, where).
PARTIAL_INDEXES = (
    ("uq_employees_active_pin", "employees", ("tenant_id", "pin_lookup"), "is_active", True),
    ("ix_receivables_open", "receivables", ("tenant_id", "due_date", "id"), "open_amount > 0", False),
)


def _fk_name(table: str, columns: tuple[str, ...], referred: str) -> str:
    return f"fk_{table}_{'_'.join(columns)}_{referred}"


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _drop_partial_indexes() -> None:
    for name, table, _, _, _ in PARTIAL_INDEXES:
        op.drop_index(name, table_name=table)


def _create_partial_indexes() -> None:
    for name, table, columns, where, unique in PARTIAL_INDEXES:
        op.create_index(
            name,
            table,
            list(columns),
            unique=unique,
            sqlite_where=sa.text(where),
            postgresql_where=sa.text(where),
        )


def _set_keys(*, composite: bool) -> None:
    """Primary keys to (tenant_id, id) when ``composite``, back to (id) otherwise."""
    sqlite = _sqlite()
    if not sqlite:
        for table, columns, referred in FOREIGN_KEYS:
            op.drop_constraint(_fk_name(table, columns, referred), table, type_="foreignkey")
    for table, had_unique in TABLES.items():
        key = ["tenant_id", "id"] if composite else ["id"]
        unique = f"uq_{table}_tenant_id_id"
        if sqlite:
            with op.batch_alter_table(table, recreate="always") as batch:
                batch.drop_constraint(f"pk_{table}", type_="primary")
                batch.create_primary_key(f"pk_{table}", key)
                if had_unique and composite:
                    batch.drop_constraint(unique, type_="unique")
                elif had_unique:
                    batch.create_unique_constraint(unique, ["tenant_id", "id"])
            if composite:  # keep rowid == id, so MAX(rowid) + 1 continues the ids
                op.execute(f"UPDATE {table} SET rowid = -id")
                op.execute(f"UPDATE {table} SET rowid = id")
            continue
        if not composite and had_unique:
            op.create_unique_constraint(unique, table, ["tenant_id", "id"])
        op.drop_constraint(f"pk_{table}", table, type_="primary")
        op.create_primary_key(f"pk_{table}", table, key)
        if composite and had_unique:
            op.drop_constraint(unique, table, type_="unique")
    if not sqlite:
        for table, columns, referred in FOREIGN_KEYS:
            op.create_foreign_key(
                _fk_name(table, columns, referred), table, referred, list(columns), ["tenant_id", "id"]
            )


def upgrade() -> None:
    op.add_column(
        "tenants",
        sa.Column("timezone", sa.String(64), nullable=False, server_default="America/Mexico_City"),
    )
    op.create_table(
        "user_emails",
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("tenant_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.PrimaryKeyConstraint("email", name=op.f("pk_user_emails")),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_user_emails_tenant_id_tenants")),
    )
    op.execute("INSERT INTO user_emails (email, tenant_id, user_id) SELECT email, tenant_id, id FROM users")
    if _sqlite():
        with op.batch_alter_table("users", recreate="always") as batch:
            batch.drop_constraint("uq_users_email", type_="unique")
    else:
        op.drop_constraint("uq_users_email", "users", type_="unique")
    if _sqlite():
        _drop_partial_indexes()
    _set_keys(composite=True)
    if _sqlite():
        _create_partial_indexes()


def downgrade() -> None:
    if _sqlite():
        _drop_partial_indexes()
    _set_keys(composite=False)
    if _sqlite():
        _create_partial_indexes()
        with op.batch_alter_table("users", recreate="always") as batch:
            batch.create_unique_constraint("uq_users_email", ["email"])
    else:
        op.create_unique_constraint("uq_users_email", "users", ["email"])
    op.drop_table("user_emails")
    with op.batch_alter_table("tenants") as batch:
        batch.drop_column("timezone")
