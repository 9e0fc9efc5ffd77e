"""Quotation and layaway tables (docs/selling.md, docs/adr/0022-quotations-and-layaways.md), on the
same ``metadata``; created by migration 0010.

Money is integer cents (:class:`Cents`), quantities thousandths, tax rates ten-thousandths, like the
sale tables. Every table is keyed ``(tenant_id, ...)`` and points at other rows through
``(tenant_id, id)`` (Citus-ready, ADR 15). ``customer_id`` is a plain integer for now (customers are
another module). A quotation stores ``active``/``converted``/``cancelled``: ``expired`` is derived
from ``valid_until`` and the tenant's local day.
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
)

from nexus_adapters.persistence.inventory_tables import Quantity, Rate
from nexus_adapters.persistence.sales_tables import _fk, _tenant_id
from nexus_adapters.persistence.tables import id_column, metadata
from nexus_adapters.persistence.types import Cents, Id, UtcDateTime, amount_bound_checks, integer_checks

TOTALS = ("subtotal", "tax", "total", "discount")
LINE_AMOUNTS = ("unit_price", "gross", "discount", "subtotal", "tax", "total")
LAYAWAY_AMOUNTS = (*TOTALS, "paid", "penalty", "refunded")


def _lines(name: str, parent: str, parent_table: str) -> Table:
    return Table(
        name,
        metadata,
        _tenant_id(),
        Column(parent, Id, nullable=False),
        Column("line_no", Integer, nullable=False),
        Column("item_id", Id, nullable=False),
        Column("quantity", Quantity(), nullable=False),
        Column("discount_pct", Cents(), nullable=False),
        Column("tax_rate", Rate(), nullable=False),
        Column("tax_exempt", Boolean, nullable=False),
        *(Column(c, Cents(), nullable=False) for c in LINE_AMOUNTS),
        PrimaryKeyConstraint("tenant_id", parent, "line_no"),
        _fk(parent, parent_table),
        _fk("item_id", "items"),
        CheckConstraint("quantity > 0", name="quantity"),
        *amount_bound_checks(*LINE_AMOUNTS),
        *integer_checks(*LINE_AMOUNTS),
    )


quotations = Table(
    "quotations",
    metadata,
    id_column("quotations"),
    _tenant_id(),
    Column("folio", String(20), nullable=False),
    Column("branch_id", Id, nullable=False),
    Column("employee_id", Id),
    Column("customer_id", Id),
    Column("notes", String(500)),
    Column("valid_days", Integer, nullable=False),
    Column("business_date", Date(), nullable=False),
    Column("valid_until", Date(), nullable=False),
    *(Column(c, Cents(), nullable=False) for c in TOTALS),
    Column("status", String(20), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("sale_id", Id),
    Column("converted_at", UtcDateTime()),
    Column("cancelled_at", UtcDateTime()),
    PrimaryKeyConstraint("tenant_id", "id"),
    UniqueConstraint("tenant_id", "folio"),
    _fk("branch_id", "branches"),
    _fk("employee_id", "employees"),
    _fk("sale_id", "sales"),
    CheckConstraint("status IN ('active', 'converted', 'cancelled')", name="status"),
    CheckConstraint("valid_days BETWEEN 1 AND 365", name="valid_days"),
    CheckConstraint("status <> 'converted' OR sale_id IS NOT NULL", name="converted_has_sale"),
    *amount_bound_checks(*TOTALS),
    *integer_checks(*TOTALS),
    Index("ix_quotations_tenant_id_status_id", "tenant_id", "status", "id"),
    Index("ix_quotations_tenant_id_customer_id_id", "tenant_id", "customer_id", "id"),
)

quotation_lines = _lines("quotation_lines", "quotation_id", "quotations")

layaways = Table(
    "layaways",
    metadata,
    id_column("layaways"),
    _tenant_id(),
    Column("folio", String(20), nullable=False),
    Column("branch_id", Id, nullable=False),
    Column("employee_id", Id),
    Column("customer_id", Id, nullable=False),
    Column("notes", String(500)),
    Column("due_date", Date(), nullable=False),
    Column("business_date", Date(), nullable=False),
    *(Column(c, Cents(), nullable=False) for c in LAYAWAY_AMOUNTS),
    Column("status", String(20), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("completed_at", UtcDateTime()),
    Column("completion_entry_id", Id),
    Column("cancelled_at", UtcDateTime()),
    Column("policy", String(10)),
    Column("refund_method", String(10)),
    Column("cancel_reason", String(300)),
    Column("cancel_entry_id", Id),
    PrimaryKeyConstraint("tenant_id", "id"),
    UniqueConstraint("tenant_id", "folio"),
    _fk("branch_id", "branches"),
    _fk("employee_id", "employees"),
    CheckConstraint("status IN ('active', 'completed', 'cancelled')", name="status"),
    CheckConstraint("paid > 0 AND paid <= total", name="paid"),
    CheckConstraint("status <> 'completed' OR paid = total", name="completed_when_paid"),
    CheckConstraint("policy IS NULL OR policy IN ('refund', 'forfeit')", name="policy"),
    *amount_bound_checks(*LAYAWAY_AMOUNTS),
    *integer_checks(*LAYAWAY_AMOUNTS),
    Index("ix_layaways_tenant_id_status_id", "tenant_id", "status", "id"),
    Index("ix_layaways_tenant_id_customer_id_id", "tenant_id", "customer_id", "id"),
)

layaway_lines = _lines("layaway_lines", "layaway_id", "layaways")

layaway_payments = Table(
    "layaway_payments",
    metadata,
    id_column("layaway_payments"),
    _tenant_id(),
    Column("layaway_id", Id, nullable=False),
    Column("folio", String(20), nullable=False),
    Column("amount", Cents(), nullable=False),
    Column("method", String(20), nullable=False),
    Column("register_id", Id),
    Column("employee_id", Id),
    Column("business_date", Date(), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Column("entry_id", Id, nullable=False),
    PrimaryKeyConstraint("tenant_id", "id"),
    UniqueConstraint("tenant_id", "folio"),
    ForeignKeyConstraint(["tenant_id", "layaway_id"], ["layaways.tenant_id", "layaways.id"]),
    _fk("register_id", "register_sessions"),
    _fk("employee_id", "employees"),
    CheckConstraint("method IN ('cash', 'card', 'transfer')", name="method"),
    CheckConstraint("amount > 0", name="positive"),
    *amount_bound_checks("amount"),
    *integer_checks("amount"),
    Index("ix_layaway_payments_tenant_id_layaway_id", "tenant_id", "layaway_id"),
)
