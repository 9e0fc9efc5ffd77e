"""Integration tables (docs/integrations.md, docs/adr/0028-integrations-outbox.md), on the same ``metadata``.

Keyed ``(tenant_id, ...)`` like every tenant-owned table (Citus-ready, ADR 15). ``provider_settings``
keeps credentials sealed (:mod:`.credentials`), never in clear. ``outbox`` holds pending outbound calls; a
partial index finds the due ones quickly whatever the history.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    text,
)

from nexus_adapters.persistence.tables import id_column, metadata
from nexus_adapters.persistence.tables import tenant_id_column as _tenant_id
from nexus_adapters.persistence.types import Id, UtcDateTime

provider_settings = Table(
    "provider_settings",
    metadata,
    _tenant_id(),
    Column("provider_id", String(40), nullable=False),
    Column("enabled", Boolean(), nullable=False),
    Column("credentials", Text(), nullable=False),  # AES-GCM sealed JSON
    Column("updated_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "provider_id"),
)

outbox = Table(
    "outbox",
    metadata,
    id_column("outbox"),
    _tenant_id(),
    Column("topic", String(60), nullable=False),
    Column("subject_id", Id, nullable=False),
    Column("payload", Text(), nullable=False),  # JSON object of strings
    Column("status", String(10), nullable=False),
    Column("attempts", Integer(), nullable=False),
    Column("next_attempt_at", UtcDateTime(), nullable=False),
    Column("last_error", String(500)),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("delivered_at", UtcDateTime()),
    PrimaryKeyConstraint("tenant_id", "id"),
    CheckConstraint("status IN ('pending', 'delivered', 'failed')", name="status"),
    CheckConstraint("attempts >= 0", name="attempts"),
    Index(
        "ix_outbox_due",
        "next_attempt_at",
        sqlite_where=text("status = 'pending'"),
        postgresql_where=text("status = 'pending'"),
    ),
    Index("ix_outbox_subject", "tenant_id", "topic", "subject_id"),
)

whatsapp_messages = Table(
    "whatsapp_messages",
    metadata,
    id_column("whatsapp_messages"),
    _tenant_id(),
    Column("direction", String(8), nullable=False),
    Column("phone", String(20), nullable=False),
    Column("status", String(10), nullable=False),
    Column("body", Text()),
    Column("template", String(512)),
    Column("language", String(10)),
    Column("parameters", Text(), nullable=False),  # JSON list of strings
    Column("wa_message_id", String(256)),
    Column("error", String(500)),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "id"),
    CheckConstraint("direction IN ('outbound', 'inbound')", name="direction"),
    CheckConstraint("status IN ('queued', 'sent', 'delivered', 'read', 'failed', 'received')", name="status"),
    Index("uq_whatsapp_messages_wa_id", "tenant_id", "wa_message_id", unique=True),
)
