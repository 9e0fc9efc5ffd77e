"""The schema as SQLAlchemy Core tables: what statements are written against.

Migrations (``migrations/versions``) are the only way the schema is created; a test checks that
the migrated database matches this metadata. Every tenant-owned table carries ``tenant_id`` and
references ``tenants``; rows that point at another tenant-owned row do so through
``(tenant_id, id)`` so a row can never point across tenants.

The schema can be distributed by tenant (Citus, docs/adr/0015-distributable-schema.md): a
tenant-owned table's primary key is ``(tenant_id, id)`` (or another key led by ``tenant_id``), and
so is every unique constraint and foreign key; platform tables say ``info=REFERENCE`` and are
replicated whole. ``tests/unit/adapters/test_distributable_schema.py`` enforces it.
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
    Sequence,
    String,
    Table,
    Text,
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


# Citus: "reference" tables are replicated to every node; every other table is tenant-owned and
# distributed by tenant_id.
REFERENCE = {"distribution": "reference"}


def id_column(table: str) -> Column[int]:
    """The ``id`` of a tenant-owned table whose primary key is ``(tenant_id, id)``.

    Ids stay unique across tenants. PostgreSQL draws them from the table's sequence (the
    ``<table>_id_seq`` of its original ``BIGSERIAL``); SQLite only assigns ids to a lone ``INTEGER
    PRIMARY KEY``, so :func:`nexus_adapters.persistence.sql.insert_id` gives the new row
    ``MAX(rowid) + 1``, which SQLite also gives it as its rowid: ``id`` and rowid stay equal.
    """
    return Column("id", Id, Sequence(f"{table}_id_seq"), nullable=False)


def tenant_id_column() -> Column[int]:
    """The ``tenant_id`` every tenant-owned table leads its keys with."""
    return Column("tenant_id", Id, ForeignKey("tenants.id"), nullable=False)


def tenant_fk(column: str, table: str) -> ForeignKeyConstraint:
    """A reference to another tenant-owned row: ``(tenant_id, column)`` -> ``table (tenant_id, id)``."""
    return ForeignKeyConstraint(["tenant_id", column], [f"{table}.tenant_id", f"{table}.id"])


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
    # IANA name; the tenant's business day is local to it (docs/adr/0016-tenant-business-day.md).
    Column("timezone", String(64), nullable=False, server_default="America/Mexico_City"),
    info=REFERENCE,
)

branches = Table(
    "branches",
    metadata,
    id_column("branches"),
    Column("tenant_id", Id, _tenant_fk(), nullable=False),
    Column("name", String(120), nullable=False),
    Column("address", String(300)),
    Column("phone", String(40)),
    Column("is_active", Boolean(), nullable=False),
    # Target of (tenant_id, branch_id) references, and the index for "branches of a tenant".
    PrimaryKeyConstraint("tenant_id", "id"),
)

employees = Table(
    "employees",
    metadata,
    id_column("employees"),
    Column("tenant_id", Id, _tenant_fk(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "id"),
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
    id_column("users"),
    Column("tenant_id", Id, _tenant_fk(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "id"),
    # Stored lowercased by the domain; unique across tenants (login names no tenant) through
    # user_emails, because a distributed table can only enforce keys led by tenant_id.
    Column("email", String(254), nullable=False),
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
    id_column("login_failures"),
    Column("tenant_id", Id, _tenant_fk(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "id"),
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

# Which tenant a parcels login email belongs to: a platform (reference) table, so "one user per
# email across the installation" holds under concurrency on a distributed database too.
user_emails = Table(
    "user_emails",
    metadata,
    Column("email", String(254), primary_key=True),
    Column("tenant_id", Id, _tenant_fk(), nullable=False),
    Column("user_id", Id, nullable=False),
    info=REFERENCE,
)

app_secrets = Table(
    "app_secrets",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("value", Text(), nullable=False),
    info=REFERENCE,
)

# The ledger's tables live in their own module on this same metadata; importing it here means
# whoever reads ``metadata`` (migrations, the schema test) sees every table.
from nexus_adapters.persistence import bnpl_tables as _bnpl_tables  # noqa: E402, F401
from nexus_adapters.persistence import catalog_tables as _catalog_tables  # noqa: E402, F401
from nexus_adapters.persistence import customer_tables as _customer_tables  # noqa: E402, F401
from nexus_adapters.persistence import insight_tables as _insight_tables  # noqa: E402, F401
from nexus_adapters.persistence import integration_tables as _integration_tables  # noqa: E402, F401
from nexus_adapters.persistence import inventory_tables as _inventory_tables  # noqa: E402, F401
from nexus_adapters.persistence import invoicing_tables as _invoicing_tables  # noqa: E402, F401
from nexus_adapters.persistence import layaway_tables as _layaway_tables  # noqa: E402, F401
from nexus_adapters.persistence import ledger_tables as _ledger_tables  # noqa: E402, F401
from nexus_adapters.persistence import parcels_tables as _parcels_tables  # noqa: E402, F401
from nexus_adapters.persistence import sales_tables as _sales_tables  # noqa: E402, F401
from nexus_adapters.persistence import security_tables as _security_tables  # noqa: E402, F401
