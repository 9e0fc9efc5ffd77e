"""Tables of the login limiter, the shop's devices and the security journal (docs/adr/0013-login-limiter.md).

Tenant-owned tables have the primary key ``(tenant_id, id)`` (distributable by tenant); their ids are
random 53-bit integers drawn by the repositories, so no per-tenant counter or sequence is shared.
The parcels tables belong to no tenant (that login names none).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Index,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
)

from nexus_adapters.persistence.tables import REFERENCE, metadata
from nexus_adapters.persistence.tables import tenant_id_column as _tenant_id
from nexus_adapters.persistence.types import Id, UtcDateTime
from nexus_core.domain.devices import DeviceKind
from nexus_core.domain.login_limiter import Pool

POOLS = tuple(p.value for p in Pool)
DEVICE_KINDS = tuple(k.value for k in DeviceKind)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


pin_login_failures = Table(
    "pin_login_failures",
    metadata,
    _tenant_id(),
    Column("id", Id, nullable=False),
    Column("pool", String(10), nullable=False),
    Column("key", String(120), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    # Set by a success of the same key: no longer counted for the key, still for the pool.
    Column("cleared", Boolean(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "id"),
    CheckConstraint(_one_of("pool", POOLS), name="pool"),
    Index("ix_pin_login_failures_tenant_id_pool_at", "tenant_id", "pool", "at"),
    Index("ix_pin_login_failures_tenant_id_key_at", "tenant_id", "key", "at"),
)

pos_devices = Table(
    "pos_devices",
    metadata,
    _tenant_id(),
    Column("id", Id, nullable=False),
    Column("name", String(100), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("label", String(120)),
    Column("secret_lookup", String(128), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("last_login_at", UtcDateTime()),
    PrimaryKeyConstraint("tenant_id", "id"),
    UniqueConstraint("tenant_id", "secret_lookup"),
    CheckConstraint(_one_of("kind", DEVICE_KINDS), name="kind"),
)

security_events = Table(
    "security_events",
    metadata,
    _tenant_id(),
    Column("id", Id, nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("employee_id", Id),
    Column("subject", String(200), nullable=False),
    Column("detail", String(300), nullable=False),
    PrimaryKeyConstraint("tenant_id", "id"),
    Index("ix_security_events_tenant_id_at", "tenant_id", "at"),
)

password_login_failures = Table(
    "password_login_failures",
    metadata,
    Column("id", Id, primary_key=True),
    Column("key", String(128), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Column("cleared", Boolean(), nullable=False),
    Index("ix_password_login_failures_key_at", "key", "at"),
    Index("ix_password_login_failures_at", "at"),
    info=REFERENCE,  # platform-wide (parcels logins are found by email before any tenant is known)
)

platform_security_events = Table(
    "platform_security_events",
    metadata,
    Column("id", Id, primary_key=True),
    Column("at", UtcDateTime(), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("detail", String(300), nullable=False),
    info=REFERENCE,
)
