"""Insight tables (docs/insight.md, docs/adr/0029-insight.md), on the same ``metadata``.

``sales_hour_stats`` and ``sales_item_stats`` are the maintained sales aggregates, updated in each sale's
and cancellation's transaction; their primary keys are the buckets, led by ``tenant_id`` (Citus-ready,
ADR 15) and then the day, which is how every read ranges over them. Money is integer cents, quantities
integer thousandths; bucket totals are sums, so they are not bounded like single amounts.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, ForeignKeyConstraint, Integer, PrimaryKeyConstraint, Table

from nexus_adapters.persistence.inventory_tables import Quantity
from nexus_adapters.persistence.tables import metadata
from nexus_adapters.persistence.types import Cents, Id, integer_checks


def _tenant_id() -> Column[int]:
    return Column("tenant_id", Id, ForeignKey("tenants.id"), nullable=False)


sales_hour_stats = Table(
    "sales_hour_stats",
    metadata,
    _tenant_id(),
    Column("day", Date, nullable=False),
    Column("hour", Integer, nullable=False),
    Column("branch_id", Id, nullable=False),
    Column("employee_id", Id, nullable=False),  # 0: no employee (the operator)
    Column("sales_count", Id, nullable=False),
    Column("sales_total", Cents(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "day", "hour", "branch_id", "employee_id"),
    ForeignKeyConstraint(["tenant_id", "branch_id"], ["branches.tenant_id", "branches.id"]),
    *integer_checks("sales_count", "sales_total"),
)

sales_item_stats = Table(
    "sales_item_stats",
    metadata,
    _tenant_id(),
    Column("day", Date, nullable=False),
    Column("branch_id", Id, nullable=False),
    Column("item_id", Id, nullable=False),
    Column("quantity", Quantity(), nullable=False),
    Column("total", Cents(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "day", "branch_id", "item_id"),
    ForeignKeyConstraint(["tenant_id", "branch_id"], ["branches.tenant_id", "branches.id"]),
    ForeignKeyConstraint(["tenant_id", "item_id"], ["items.tenant_id", "items.id"]),
    *integer_checks("quantity", "total"),
)
