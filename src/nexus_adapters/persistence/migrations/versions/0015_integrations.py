"""Integrations: provider settings (credentials sealed), the outbox, BNPL applications and their webhook
events, WhatsApp messages (docs/integrations.md, docs/adr/0028-integrations-outbox.md).

Written by hand. Tenant-owned tables are keyed ``(tenant_id, ...)`` (Citus-ready); on PostgreSQL ids come
from each table's ``<table>_id_seq``, on SQLite from ``MAX(rowid) + 1``.

Revision ID: 0015
Revises: 0008
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEQUENCED = ("outbox", "whatsapp_messages")


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _ts() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _tenant(table: str) -> tuple[sa.Column[int], sa.ForeignKeyConstraint]:
    return (
        sa.Column("tenant_id", _id(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants")),
    )


def _ck(table: str, name: str, expr: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(expr, name=op.f(f"ck_{table}_{name}"))


def upgrade() -> None:
    if not _sqlite():
        for table in SEQUENCED:
            op.execute(f"CREATE SEQUENCE {table}_id_seq")
    op.create_table(
        "provider_settings",
        *_tenant("provider_settings"),
        sa.Column("provider_id", sa.String(40), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("credentials", sa.Text(), nullable=False),
        sa.Column("updated_at", _ts(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "provider_id", name=op.f("pk_provider_settings")),
    )
    op.create_table(
        "outbox",
        sa.Column("id", _id(), nullable=False),
        *_tenant("outbox"),
        sa.Column("topic", sa.String(60), nullable=False),
        sa.Column("subject_id", _id(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", _ts(), nullable=False),
        sa.Column("last_error", sa.String(500)),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("delivered_at", _ts()),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_outbox")),
        _ck("outbox", "status", "status IN ('pending', 'delivered', 'failed')"),
        _ck("outbox", "attempts", "attempts >= 0"),
    )
    op.create_index(
        "ix_outbox_due",
        "outbox",
        ["next_attempt_at"],
        sqlite_where=sa.text("status = 'pending'"),
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_index("ix_outbox_subject", "outbox", ["tenant_id", "topic", "subject_id"])
    op.create_table(
        "whatsapp_messages",
        sa.Column("id", _id(), nullable=False),
        *_tenant("whatsapp_messages"),
        sa.Column("direction", sa.String(8), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("body", sa.Text()),
        sa.Column("template", sa.String(512)),
        sa.Column("language", sa.String(10)),
        sa.Column("parameters", sa.Text(), nullable=False),
        sa.Column("wa_message_id", sa.String(256)),
        sa.Column("error", sa.String(500)),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("updated_at", _ts(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_whatsapp_messages")),
        _ck("whatsapp_messages", "direction", "direction IN ('outbound', 'inbound')"),
        _ck(
            "whatsapp_messages",
            "status",
            "status IN ('queued', 'sent', 'delivered', 'read', 'failed', 'received')",
        ),
    )
    op.create_index("uq_whatsapp_messages_wa_id", "whatsapp_messages", ["tenant_id", "wa_message_id"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_whatsapp_messages_wa_id", table_name="whatsapp_messages")
    op.drop_table("whatsapp_messages")
    op.drop_index("ix_outbox_subject", table_name="outbox")
    op.drop_index("ix_outbox_due", table_name="outbox")
    op.drop_table("outbox")
    op.drop_table("provider_settings")
    if not _sqlite():
        for table in SEQUENCED:
            op.execute(f"DROP SEQUENCE {table}_id_seq")
