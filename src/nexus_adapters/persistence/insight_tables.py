"""Insight tables (docs/insight.md, docs/adr/0029-insight.md), on the same ``metadata``.

``sales_hour_stats``, ``sales_item_stats`` and ``sales_item_month_stats`` are the maintained sales
aggregates, updated in each sale's and cancellation's transaction; their primary keys are the buckets, led
by ``tenant_id`` (Citus-ready, ADR 15) and then the day (or month), which is how every read ranges over
them. Money is integer cents, quantities integer thousandths; bucket totals are sums, so they are not
bounded like single amounts.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKeyConstraint,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from nexus_adapters.persistence.inventory_tables import Quantity
from nexus_adapters.persistence.tables import id_column, metadata
from nexus_adapters.persistence.tables import tenant_id_column as _tenant_id
from nexus_adapters.persistence.types import Cents, Id, UtcDateTime, integer_checks

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

# The month's grain of the item buckets (``month`` is the first day of the local month), maintained by the
# same upsert as ``sales_item_stats`` so the month's top products read items x branches rows, not x days.
sales_item_month_stats = Table(
    "sales_item_month_stats",
    metadata,
    _tenant_id(),
    Column("month", Date, nullable=False),
    Column("branch_id", Id, nullable=False),
    Column("item_id", Id, nullable=False),
    Column("quantity", Quantity(), nullable=False),
    Column("total", Cents(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "month", "branch_id", "item_id"),
    ForeignKeyConstraint(["tenant_id", "branch_id"], ["branches.tenant_id", "branches.id"]),
    ForeignKeyConstraint(["tenant_id", "item_id"], ["items.tenant_id", "items.id"]),
    *integer_checks("quantity", "total"),
)

# ERP sync: a job row per sync, and one row per document sent to a provider for a sync type (what makes
# a re-run send only what is missing). ``output`` is the job's file (CONTPAQi, Aspel SAE, SAT's ZIP).
erp_sync_jobs = Table(
    "erp_sync_jobs",
    metadata,
    id_column("erp_sync_jobs"),
    _tenant_id(),
    Column("provider", String(30), nullable=False),
    Column("sync_type", String(20), nullable=False),
    Column("date_from", Date, nullable=False),
    Column("date_to", Date, nullable=False),
    Column("status", String(10), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("created_by", String(120), nullable=False),
    Column("started_at", UtcDateTime()),
    Column("finished_at", UtcDateTime()),
    Column("sent_count", Integer, nullable=False),
    Column("failed_count", Integer, nullable=False),
    Column("pending_count", Integer, nullable=False),
    Column("errors", Text, nullable=False),  # JSON list of strings
    Column("output_name", String(200)),
    Column("output_type", String(100)),
    Column("output", LargeBinary),
    PrimaryKeyConstraint("tenant_id", "id"),
    CheckConstraint("status IN ('queued', 'running', 'succeeded', 'failed')", name="status"),
)

erp_sync_sent = Table(
    "erp_sync_sent",
    metadata,
    _tenant_id(),
    Column("provider", String(30), nullable=False),
    Column("sync_type", String(20), nullable=False),
    Column("doc_id", String(60), nullable=False),
    Column("job_id", Id, nullable=False),
    Column("remote_id", String(100)),
    Column("sent_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "provider", "sync_type", "doc_id"),
    ForeignKeyConstraint(["tenant_id", "job_id"], ["erp_sync_jobs.tenant_id", "erp_sync_jobs.id"]),
)
