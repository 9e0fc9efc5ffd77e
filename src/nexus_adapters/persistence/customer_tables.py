"""Customer tables (docs/selling.md "Customers and credit", ADR 21), on the same ``metadata``.

Keyed ``(tenant_id, id)`` and pointing at other rows through ``(tenant_id, id)`` (Citus-ready, ADR 15).
Money is integer cents; ``customers.balance`` is maintained by credit sales, payments and
cancellations in their own transactions and is never negative. Account entries are append-only
and signed; the statement reads them by ``(tenant_id, customer_id, business_date, id)``.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
)

from nexus_adapters.persistence.tables import id_column, metadata
from nexus_adapters.persistence.tables import tenant_fk as _fk
from nexus_adapters.persistence.tables import tenant_id_column as _tenant_id
from nexus_adapters.persistence.types import Cents, Id, UtcDateTime, amount_bound_checks, integer_checks

PRICE_TIERS = ("mostrador", "taller", "mayoreo")
ENTRY_KINDS = ("sale", "payment", "cancellation", "return")
PAYMENT_METHODS = ("cash", "card", "transfer")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


customers = Table(
    "customers",
    metadata,
    id_column("customers"),
    _tenant_id(),
    Column("name", String(200), nullable=False),
    Column("rfc", String(13)),
    Column("razon_social", String(300)),
    Column("regimen_fiscal", String(3)),
    Column("codigo_postal", String(5)),
    Column("uso_cfdi", String(4)),
    Column("email", String(254)),
    Column("phone", String(30)),
    Column("address", String(300)),
    Column("price_tier", String(10), nullable=False),
    Column("credit_limit", Cents(), nullable=False),
    Column("credit_days", Integer(), nullable=False),
    Column("balance", Cents(), nullable=False),
    Column("branch_id", Id),
    Column("active", Boolean(), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("search_text", String(800), nullable=False),  # Customer.search_text, written with the row
    PrimaryKeyConstraint("tenant_id", "id"),
    _fk("branch_id", "branches"),
    CheckConstraint(_in("price_tier", PRICE_TIERS), name="price_tier"),
    CheckConstraint("credit_limit >= 0 AND balance >= 0", name="amounts"),
    CheckConstraint("credit_days BETWEEN 0 AND 365", name="credit_days"),
    *amount_bound_checks("credit_limit", "balance"),
    *integer_checks("credit_limit", "balance"),
    Index("ix_customers_tenant_id_name_id", "tenant_id", "name", "id"),
)

customer_vehicles = Table(
    "customer_vehicles",
    metadata,
    id_column("customer_vehicles"),
    _tenant_id(),
    Column("customer_id", Id, nullable=False),
    Column("brand", String(60), nullable=False),
    Column("model", String(60), nullable=False),
    Column("year", Integer()),
    Column("engine", String(60)),
    Column("mye_id", Id),
    Column("plate", String(15)),
    Column("vin", String(17)),
    Column("created_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "id"),
    _fk("customer_id", "customers"),
    Index("ix_customer_vehicles_tenant_id_customer_id", "tenant_id", "customer_id"),
)

customer_account_entries = Table(
    "customer_account_entries",
    metadata,
    id_column("customer_account_entries"),
    _tenant_id(),
    Column("customer_id", Id, nullable=False),
    Column("kind", String(12), nullable=False),
    Column("reference", String(20), nullable=False),
    Column("amount", Cents(), nullable=False),
    Column("business_date", Date(), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "id"),
    _fk("customer_id", "customers"),
    CheckConstraint(_in("kind", ENTRY_KINDS), name="kind"),
    *amount_bound_checks("amount"),
    *integer_checks("amount"),
    Index(
        "ix_customer_account_entries_customer_day",
        "tenant_id",
        "customer_id",
        "business_date",
        "id",
    ),
)

customer_payments = Table(
    "customer_payments",
    metadata,
    id_column("customer_payments"),
    _tenant_id(),
    Column("customer_id", Id, nullable=False),
    Column("folio", String(20), nullable=False),
    Column("amount", Cents(), nullable=False),
    Column("method", String(10), nullable=False),
    Column("reference", String(60)),
    Column("notes", String(300)),
    Column("register_id", Id),
    Column("employee_id", Id),
    Column("business_date", Date(), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("entry_id", Id),
    PrimaryKeyConstraint("tenant_id", "id"),
    UniqueConstraint("tenant_id", "folio"),
    _fk("customer_id", "customers"),
    _fk("register_id", "register_sessions"),
    _fk("employee_id", "employees"),
    CheckConstraint(_in("method", PAYMENT_METHODS), name="method"),
    CheckConstraint("amount > 0", name="positive"),
    *amount_bound_checks("amount"),
    *integer_checks("amount"),
)
