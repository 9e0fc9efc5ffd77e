"""The schema as SQLAlchemy Core tables: what statements are written against.

Migrations (``migrations/versions``) are the only way the schema is created; a test checks that
the migrated database matches this metadata. Every tenant-owned table carries ``tenant_id`` and
references ``tenants``; rows that point at another tenant-owned row do so through
``(tenant_id, id)`` so a row can never point across tenants.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from nexus_adapters.persistence.types import Id, ScaledDecimal, UtcDateTime
from nexus_core.domain.idempotency import IdempotencyState
from nexus_core.domain.staff import Role
from nexus_core.domain.users import UserRole

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

EMPLOYEE_ROLES = tuple(r.value for r in Role)
USER_ROLES = tuple(r.value for r in UserRole)
IDEMPOTENCY_STATES = tuple(s.value for s in IdempotencyState)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _tenant_fk() -> ForeignKey:
    return ForeignKey("tenants.id")


tenants = Table(
    "tenants",
    metadata,
    Column("id", Id, primary_key=True),
    Column("name", String(200), nullable=False),
    # casefold(name): makes "one tenant per name, whatever the case" hold under concurrency too.
    Column("name_key", String(200), nullable=False, unique=True),
    Column("rfc", String(13)),
    Column("theme", String(40), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
)

branches = Table(
    "branches",
    metadata,
    Column("id", Id, primary_key=True),
    Column("tenant_id", Id, _tenant_fk(), nullable=False),
    Column("name", String(120), nullable=False),
    Column("address", String(300)),
    Column("phone", String(40)),
    Column("is_active", Boolean(), nullable=False),
    # Target of (tenant_id, branch_id) references, and the index for "branches of a tenant".
    UniqueConstraint("tenant_id", "id"),
)

employees = Table(
    "employees",
    metadata,
    Column("id", Id, primary_key=True),
    Column("tenant_id", Id, _tenant_fk(), nullable=False),
    Column("branch_id", Id, nullable=False),
    Column("name", String(120), nullable=False),
    Column("role", String(20), nullable=False),
    Column("email", String(254)),
    Column("phone", String(40)),
    Column("max_discount_pct", ScaledDecimal(2), nullable=False),
    Column("is_active", Boolean(), nullable=False),
    Column("pin_lookup", String(128), nullable=False),
    Column("pin_hash", String(255), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    ForeignKeyConstraint(["tenant_id", "branch_id"], ["branches.tenant_id", "branches.id"]),
    CheckConstraint(_one_of("role", EMPLOYEE_ROLES), name="role"),
    CheckConstraint("max_discount_pct BETWEEN 0 AND 10000", name="max_discount_pct"),
    Index("ix_employees_tenant_id", "tenant_id"),
    # One *active* employee per PIN and tenant: a PIN identifies who logs in.
    Index(
        "uq_employees_active_pin",
        "tenant_id",
        "pin_lookup",
        unique=True,
        sqlite_where=text("is_active"),
        postgresql_where=text("is_active"),
    ),
)

users = Table(
    "users",
    metadata,
    Column("id", Id, primary_key=True),
    Column("tenant_id", Id, _tenant_fk(), nullable=False),
    # Stored lowercased by the domain; unique across tenants because login names no tenant.
    Column("email", String(254), nullable=False, unique=True),
    Column("name", String(120)),
    Column("role", String(20), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("is_active", Boolean(), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    CheckConstraint(_one_of("role", USER_ROLES), name="role"),
    Index("ix_users_tenant_id", "tenant_id"),
)

login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Id, primary_key=True),
    Column("tenant_id", Id, _tenant_fk(), nullable=False),
    Column("device_id", String(100), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Index("ix_login_failures_tenant_id_at", "tenant_id", "at"),
    Index("ix_login_failures_tenant_id_device_id_at", "tenant_id", "device_id", "at"),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("tenant_id", Id, _tenant_fk(), nullable=False),
    # Keys are scoped per principal ("employee:7"): another employee's replay of a key is their own request.
    Column("principal", String(60), nullable=False),
    Column("key", String(200), nullable=False),
    Column("fingerprint", String(255), nullable=False),
    Column("state", String(10), nullable=False),
    Column("status_code", Integer()),
    Column("body", Text()),
    Column("created_at", UtcDateTime(), nullable=False),
    # The process running the claim (host:pid:nonce) and until when it holds the key (ADR 6).
    Column("owner", String(80), nullable=False),
    Column("lease_until", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "principal", "key"),
    CheckConstraint(_one_of("state", IDEMPOTENCY_STATES), name="state"),
    CheckConstraint("state = 'running' OR (status_code IS NOT NULL AND body IS NOT NULL)", name="done_has_response"),
    # Start-up recovery looks for the running claims of dead processes (ADR 6).
    Index(
        "ix_idempotency_keys_running_owner",
        "owner",
        sqlite_where=text("state = 'running'"),
        postgresql_where=text("state = 'running'"),
    ),
)

app_secrets = Table(
    "app_secrets",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("value", Text(), nullable=False),
)

# The ledger's tables live in their own module on this same metadata; importing it here means
# whoever reads ``metadata`` (migrations, the schema test) sees every table.
from nexus_adapters.persistence import ledger_tables as _ledger_tables  # noqa: E402, F401
