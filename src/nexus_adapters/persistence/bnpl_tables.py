"""BNPL tables (docs/integrations.md#bnpl, ADR 30), on the same ``metadata``.

Keyed ``(tenant_id, ...)`` like every tenant-owned table (Citus-ready, ADR 15), foreign keys led by
``tenant_id``. ``bnpl_events`` remembers each provider event once, so a replayed webhook changes nothing.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    PrimaryKeyConstraint,
    String,
    Table,
)

from nexus_adapters.persistence.tables import id_column, metadata
from nexus_adapters.persistence.types import Cents, Id, UtcDateTime, amount_bound_checks, integer_checks

STATES = "'created', 'pending', 'approved', 'rejected', 'expired', 'cancelled'"

bnpl_applications = Table(
    "bnpl_applications",
    metadata,
    id_column("bnpl_applications"),
    Column("tenant_id", Id, ForeignKey("tenants.id"), nullable=False),
    Column("provider", String(40), nullable=False),
    Column("sale_id", Id, nullable=False),
    Column("sale_folio", String(20), nullable=False),
    Column("customer_id", Id, nullable=False),
    Column("amount", Cents(), nullable=False),
    Column("customer_name", String(200), nullable=False),
    Column("customer_phone", String(15), nullable=False),
    Column("state", String(10), nullable=False),
    Column("provider_ref", String(120)),
    Column("redirect_url", String(1000)),
    Column("error", String(500)),
    Column("entry_id", Id),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "id"),
    ForeignKeyConstraint(["tenant_id", "sale_id"], ["sales.tenant_id", "sales.id"]),
    CheckConstraint(f"state IN ({STATES})", name="state"),
    CheckConstraint("amount > 0", name="amount"),
    *amount_bound_checks("amount"),
    *integer_checks("amount"),
    Index("ix_bnpl_applications_sale", "tenant_id", "sale_id"),
    Index("uq_bnpl_applications_provider_ref", "tenant_id", "provider", "provider_ref", unique=True),
)

bnpl_events = Table(
    "bnpl_events",
    metadata,
    Column("tenant_id", Id, ForeignKey("tenants.id"), nullable=False),
    Column("provider", String(40), nullable=False),
    Column("event_id", String(120), nullable=False),
    Column("application_id", Id),
    Column("received_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "provider", "event_id"),
)
