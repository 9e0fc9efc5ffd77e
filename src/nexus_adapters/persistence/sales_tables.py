"""Selling tables (docs/selling.md, docs/adr/0020-sales-and-register.md), on the same ``metadata``.

Money is integer cents (:class:`Cents`): a single amount is bounded by ``MAX_AMOUNT`` (ADR 17), a
register's running totals are 64-bit maintained totals. Quantities are integer thousandths, tax rates
ten-thousandths. Every table is keyed ``(tenant_id, ...)`` and points at other rows through
``(tenant_id, id)`` (Citus-ready, ADR 15). A partial unique index allows one open register per employee;
``folio_counters`` holds one row per tenant and document type, updated in the transaction that uses
the number (gapless folios).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKeyConstraint,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
    text,
)

from nexus_adapters.persistence.inventory_tables import Quantity, Rate
from nexus_adapters.persistence.tables import id_column, metadata
from nexus_adapters.persistence.tables import tenant_fk as _fk
from nexus_adapters.persistence.tables import tenant_id_column as _tenant_id
from nexus_adapters.persistence.types import Cents, Id, UtcDateTime, amount_bound_checks, integer_checks

SALE_AMOUNTS = ("amount_paid", "cash_received", "change_amount", "on_account", "subtotal", "tax", "total", "discount")
LINE_AMOUNTS = ("unit_price", "gross", "discount", "subtotal", "tax", "total", "cost")
REGISTER_TOTALS = (
    "cash_received",
    "change_given",
    "cash_refunded",
    "sales_cash",
    "sales_card",
    "sales_transfer",
    "sales_credit",
    "movements_in",
    "movements_out",
    "sales_total",
    "layaway_cash",  # migration 0010
)
# Customers' payments taken at a register (migration 0009): added later, hence ``server_default``.
PAYMENT_TOTALS = ("payments_cash", "payments_card", "payments_transfer")
RETURN_TOTALS = ("returns_cash", "returns_card", "returns_transfer", "returns_total")  # migration 0011
SALE_STATUSES = ("completed", "cancelled", "returned", "partially_returned")
RETURN_AMOUNTS = ("subtotal", "tax", "total", "cost", "refund_cash", "refund_card", "refund_transfer")
RETURN_LINE_AMOUNTS = ("subtotal", "tax", "total", "cost")


folio_counters = Table(
    "folio_counters",
    metadata,
    _tenant_id(),
    Column("document_type", String(10), nullable=False),
    Column("last_number", Id, nullable=False),
    PrimaryKeyConstraint("tenant_id", "document_type"),
    CheckConstraint("last_number > 0", name="positive"),
)

register_sessions = Table(
    "register_sessions",
    metadata,
    id_column("register_sessions"),
    _tenant_id(),
    Column("branch_id", Id, nullable=False),
    Column("employee_id", Id),
    Column("status", String(10), nullable=False),
    Column("opening_amount", Cents(), nullable=False),
    Column("opened_at", UtcDateTime(), nullable=False),
    Column("closed_at", UtcDateTime()),
    Column("counted_amount", Cents()),
    Column("difference", Cents()),
    Column("cut_folio", String(20)),
    *(Column(name, Cents(), nullable=False) for name in REGISTER_TOTALS),
    Column("sales_count", Id, nullable=False),
    Column("cancelled_count", Id, nullable=False),
    *(Column(name, Cents(), nullable=False, server_default="0") for name in PAYMENT_TOTALS),
    *(Column(name, Cents(), nullable=False, server_default="0") for name in RETURN_TOTALS),
    Column("returns_count", Id, nullable=False, server_default="0"),
    Column("business_date", Date()),
    Column("closed_on", Date()),
    PrimaryKeyConstraint("tenant_id", "id"),
    _fk("branch_id", "branches"),
    _fk("employee_id", "employees"),
    CheckConstraint("status IN ('open', 'closed')", name="status"),
    CheckConstraint("status = 'open' OR closed_at IS NOT NULL", name="closed_has_time"),
    *amount_bound_checks("opening_amount", "counted_amount"),
    *integer_checks("opening_amount", "counted_amount", "difference", *REGISTER_TOTALS),
    *integer_checks(*RETURN_TOTALS),
    Index("ix_register_sessions_tenant_id_business_date", "tenant_id", "business_date"),
    Index("ix_register_sessions_tenant_id_closed_on_id", "tenant_id", "closed_on", "id"),
    Index(
        "uq_register_sessions_one_open",
        "tenant_id",
        "employee_id",
        unique=True,
        sqlite_where=text("status = 'open'"),
        postgresql_where=text("status = 'open'"),
    ),
)

register_movements = Table(
    "register_movements",
    metadata,
    id_column("register_movements"),
    _tenant_id(),
    Column("register_id", Id, nullable=False),
    Column("direction", String(3), nullable=False),
    Column("amount", Cents(), nullable=False),
    Column("reason", String(300), nullable=False),
    Column("employee_id", Id),
    Column("at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "id"),
    _fk("register_id", "register_sessions"),
    CheckConstraint("direction IN ('in', 'out')", name="direction"),
    CheckConstraint("amount > 0", name="positive"),
    *amount_bound_checks("amount"),
    *integer_checks("amount"),
    Index("ix_register_movements_tenant_id_register_id", "tenant_id", "register_id"),
)

sales = Table(
    "sales",
    metadata,
    id_column("sales"),
    _tenant_id(),
    Column("folio", String(20), nullable=False),
    Column("branch_id", Id, nullable=False),
    Column("employee_id", Id),
    Column("register_id", Id),
    Column("customer_id", Id),
    Column("payment_method", String(20), nullable=False),
    *(Column(name, Cents(), nullable=False) for name in SALE_AMOUNTS),
    Column("business_date", Date(), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("status", String(20), nullable=False),
    Column("entry_id", Id),
    Column("cancel_entry_id", Id),
    Column("cancelled_at", UtcDateTime()),
    PrimaryKeyConstraint("tenant_id", "id"),
    UniqueConstraint("tenant_id", "folio"),
    _fk("branch_id", "branches"),
    _fk("employee_id", "employees"),
    _fk("register_id", "register_sessions"),
    CheckConstraint(f"status IN ({', '.join(repr(s) for s in SALE_STATUSES)})", name="status"),
    *amount_bound_checks(*SALE_AMOUNTS),
    *integer_checks(*SALE_AMOUNTS),
    Index("ix_sales_tenant_id_employee_id_id", "tenant_id", "employee_id", "id"),
    Index("ix_sales_tenant_id_business_date_id", "tenant_id", "business_date", "id"),  # GET /sales (0011)
)

sale_lines = Table(
    "sale_lines",
    metadata,
    _tenant_id(),
    Column("sale_id", Id, nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("item_id", Id, nullable=False),
    Column("quantity", Quantity(), nullable=False),
    Column("discount_pct", Cents(), nullable=False),
    Column("tax_rate", Rate(), nullable=False),
    Column("tax_exempt", Boolean, nullable=False),
    *(Column(name, Cents(), nullable=False) for name in LINE_AMOUNTS),
    PrimaryKeyConstraint("tenant_id", "sale_id", "line_no"),
    _fk("sale_id", "sales"),
    _fk("item_id", "items"),
    CheckConstraint("quantity > 0", name="quantity"),
    *amount_bound_checks(*LINE_AMOUNTS),
    *integer_checks(*LINE_AMOUNTS),
)

sale_tenders = Table(
    "sale_tenders",
    metadata,
    _tenant_id(),
    Column("sale_id", Id, nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("method", String(20), nullable=False),
    Column("amount", Cents(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "sale_id", "line_no"),
    _fk("sale_id", "sales"),
    CheckConstraint("method IN ('cash', 'card', 'transfer')", name="method"),
    *amount_bound_checks("amount"),
    *integer_checks("amount"),
)

sale_returns = Table(
    "sale_returns",
    metadata,
    id_column("sale_returns"),
    _tenant_id(),
    Column("sale_id", Id, nullable=False),
    Column("folio", String(20), nullable=False),
    Column("branch_id", Id, nullable=False),
    Column("employee_id", Id),
    Column("register_id", Id),
    Column("reason", String(300)),
    *(Column(name, Cents(), nullable=False) for name in RETURN_AMOUNTS),
    Column("credited", Cents(), nullable=False, server_default="0"),  # a credit note (migration 0019)
    Column("entry_id", Id),
    Column("business_date", Date(), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "id"),
    UniqueConstraint("tenant_id", "folio"),
    _fk("sale_id", "sales"),
    _fk("branch_id", "branches"),
    _fk("employee_id", "employees"),
    _fk("register_id", "register_sessions"),
    *amount_bound_checks(*RETURN_AMOUNTS, "credited"),
    *integer_checks(*RETURN_AMOUNTS, "credited"),
    Index("ix_sale_returns_tenant_id_sale_id", "tenant_id", "sale_id"),
)

sale_return_lines = Table(
    "sale_return_lines",
    metadata,
    _tenant_id(),
    Column("return_id", Id, nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("sale_id", Id, nullable=False),
    Column("sale_line_no", Integer, nullable=False),
    Column("item_id", Id, nullable=False),
    Column("quantity", Quantity(), nullable=False),
    *(Column(name, Cents(), nullable=False) for name in RETURN_LINE_AMOUNTS),
    PrimaryKeyConstraint("tenant_id", "return_id", "line_no"),
    _fk("return_id", "sale_returns"),
    ForeignKeyConstraint(
        ["tenant_id", "sale_id", "sale_line_no"],
        ["sale_lines.tenant_id", "sale_lines.sale_id", "sale_lines.line_no"],
    ),
    _fk("item_id", "items"),
    CheckConstraint("quantity > 0", name="quantity"),
    *amount_bound_checks(*RETURN_LINE_AMOUNTS),
    *integer_checks(*RETURN_LINE_AMOUNTS),
    Index("ix_sale_return_lines_tenant_id_sale_id_sale_line_no", "tenant_id", "sale_id", "sale_line_no"),
)
