"""Login security: PIN failures by key and pool, the shop's devices, the security journal, and the
parcels login's failures and lockouts.

Written by hand and frozen, with plain SQLAlchemy types like 0001. Tenant-owned tables are keyed
``(tenant_id, id)`` with ids drawn by the application. The old ``login_failures`` table is no longer
written (its rows counted failures a success could erase); it is left for a later clean-up.

Revision ID: 0004
Revises: 0002
Create Date: 2026-04-15
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _timestamp() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _tenant_id(table: str) -> tuple[sa.Column[int], sa.ForeignKeyConstraint]:
    return (
        sa.Column("tenant_id", _id(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants")),
    )


def upgrade() -> None:
    op.create_table(
        "pin_login_failures",
        *_tenant_id("pin_login_failures"),
        sa.Column("id", _id(), nullable=False),
        sa.Column("pool", sa.String(10), nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("at", _timestamp(), nullable=False),
        sa.Column("cleared", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_pin_login_failures")),
        sa.CheckConstraint("pool IN ('unknown', 'learned', 'enrolled')", name=op.f("ck_pin_login_failures_pool")),
    )
    op.create_index(op.f("ix_pin_login_failures_tenant_id_pool_at"), "pin_login_failures", ["tenant_id", "pool", "at"])
    op.create_index(op.f("ix_pin_login_failures_tenant_id_key_at"), "pin_login_failures", ["tenant_id", "key", "at"])
    op.create_table(
        "pos_devices",
        *_tenant_id("pos_devices"),
        sa.Column("id", _id(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("label", sa.String(120)),
        sa.Column("secret_lookup", sa.String(128), nullable=False),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.Column("last_login_at", _timestamp()),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_pos_devices")),
        sa.UniqueConstraint("tenant_id", "secret_lookup", name=op.f("uq_pos_devices_tenant_id_secret_lookup")),
        sa.CheckConstraint("kind IN ('enrolled', 'learned')", name=op.f("ck_pos_devices_kind")),
    )
    op.create_table(
        "security_events",
        *_tenant_id("security_events"),
        sa.Column("id", _id(), nullable=False),
        sa.Column("at", _timestamp(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("employee_id", _id()),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("detail", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_security_events")),
    )
    op.create_index(op.f("ix_security_events_tenant_id_at"), "security_events", ["tenant_id", "at"])
    op.create_table(
        "password_login_failures",
        sa.Column("id", _id(), nullable=False),
        sa.Column("key", sa.String(128), nullable=False),
        sa.Column("at", _timestamp(), nullable=False),
        sa.Column("cleared", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_login_failures")),
    )
    op.create_index(op.f("ix_password_login_failures_key_at"), "password_login_failures", ["key", "at"])
    op.create_index(op.f("ix_password_login_failures_at"), "password_login_failures", ["at"])
    op.create_table(
        "platform_security_events",
        sa.Column("id", _id(), nullable=False),
        sa.Column("at", _timestamp(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("detail", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platform_security_events")),
    )


def downgrade() -> None:
    for table in (
        "platform_security_events",
        "password_login_failures",
        "security_events",
        "pos_devices",
        "pin_login_failures",
    ):
        op.drop_table(table)
