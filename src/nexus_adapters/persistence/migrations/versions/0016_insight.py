"""Insight: maintained sales aggregates for the dashboard and the supplier portal, and ERP sync jobs
(docs/insight.md, docs/adr/0029-insight.md).

Written by hand and frozen. The aggregates are filled from the sales already there: item buckets by one
``INSERT ... SELECT``; hour buckets in Python, since the local hour of each sale needs its tenant's time
zone (``zoneinfo``). Money is ``BIGINT`` cents, quantities ``BIGINT`` thousandths; every key leads with
``tenant_id`` (Citus-ready, ADR 15).

Revision ID: 0016
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _tenant(table: str) -> tuple[sa.Column[int], sa.ForeignKeyConstraint]:
    return (
        sa.Column("tenant_id", _id(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants")),
    )


def _fk(table: str, column: str, referred: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{referred}.tenant_id", f"{referred}.id"],
        name=op.f(f"fk_{table}_tenant_id_{column}_{referred}"),
    )


def _ck(table: str, name: str, expr: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(expr, name=op.f(f"ck_{table}_{name}"))


def _integers(table: str, *columns: str) -> list[sa.CheckConstraint]:
    if not _sqlite():
        return []
    return [_ck(table, f"{c}_integer", f"typeof({c}) IN ('integer', 'null')") for c in columns]


def upgrade() -> None:
    op.create_table(
        "sales_hour_stats",
        *_tenant("sales_hour_stats"),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("branch_id", _id(), nullable=False),
        sa.Column("employee_id", _id(), nullable=False),
        sa.Column("sales_count", _id(), nullable=False),
        sa.Column("sales_total", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "tenant_id", "day", "hour", "branch_id", "employee_id", name=op.f("pk_sales_hour_stats")
        ),
        _fk("sales_hour_stats", "branch_id", "branches"),
        *_integers("sales_hour_stats", "sales_count", "sales_total"),
    )
    op.create_table(
        "sales_item_stats",
        *_tenant("sales_item_stats"),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("branch_id", _id(), nullable=False),
        sa.Column("item_id", _id(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "day", "branch_id", "item_id", name=op.f("pk_sales_item_stats")),
        _fk("sales_item_stats", "branch_id", "branches"),
        _fk("sales_item_stats", "item_id", "items"),
        *_integers("sales_item_stats", "quantity", "total"),
    )
    _erp_tables()
    _backfill()


def _erp_tables() -> None:
    """ERP sync jobs and what each provider was sent for each sync type."""
    if not _sqlite():
        op.execute("CREATE SEQUENCE erp_sync_jobs_id_seq")
    ts = sa.DateTime(timezone=True)
    op.create_table(
        "erp_sync_jobs",
        sa.Column("id", _id(), nullable=False),
        *_tenant("erp_sync_jobs"),
        sa.Column("provider", sa.String(30), nullable=False),
        sa.Column("sync_type", sa.String(20), nullable=False),
        sa.Column("date_from", sa.Date(), nullable=False),
        sa.Column("date_to", sa.Date(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("started_at", ts),
        sa.Column("finished_at", ts),
        sa.Column("sent_count", sa.Integer(), nullable=False),
        sa.Column("failed_count", sa.Integer(), nullable=False),
        sa.Column("pending_count", sa.Integer(), nullable=False),
        sa.Column("errors", sa.Text(), nullable=False),
        sa.Column("output_name", sa.String(200)),
        sa.Column("output_type", sa.String(100)),
        sa.Column("output", sa.LargeBinary()),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_erp_sync_jobs")),
        _ck("erp_sync_jobs", "status", "status IN ('queued', 'running', 'succeeded', 'failed')"),
    )
    op.create_table(
        "erp_sync_sent",
        *_tenant("erp_sync_sent"),
        sa.Column("provider", sa.String(30), nullable=False),
        sa.Column("sync_type", sa.String(20), nullable=False),
        sa.Column("doc_id", sa.String(60), nullable=False),
        sa.Column("job_id", _id(), nullable=False),
        sa.Column("remote_id", sa.String(100)),
        sa.Column("sent_at", ts, nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "provider", "sync_type", "doc_id", name=op.f("pk_erp_sync_sent")),
        _fk("erp_sync_sent", "job_id", "erp_sync_jobs"),
    )


def _backfill() -> None:
    conn = op.get_bind()
    conn.execute(
        sa.text(
            "INSERT INTO sales_item_stats (tenant_id, day, branch_id, item_id, quantity, total) "
            "SELECT s.tenant_id, s.business_date, s.branch_id, l.item_id, SUM(l.quantity), SUM(l.total) "
            "FROM sales s JOIN sale_lines l ON l.tenant_id = s.tenant_id AND l.sale_id = s.id "
            "WHERE s.status = 'completed' GROUP BY s.tenant_id, s.business_date, s.branch_id, l.item_id"
        )
    )
    zones = {int(t): ZoneInfo(z) for t, z in conn.execute(sa.text("SELECT id, timezone FROM tenants"))}
    buckets: dict[tuple[int, date, int, int, int], list[int]] = {}
    rows = conn.execute(
        sa.text(
            "SELECT tenant_id, business_date, created_at, branch_id, employee_id, total FROM sales "
            "WHERE status = 'completed'"
        )
    )
    for tenant_id, day, created_at, branch_id, employee_id, total in rows:
        day = day if isinstance(day, date) else date.fromisoformat(day)
        at = created_at if isinstance(created_at, datetime) else datetime.fromisoformat(created_at)
        local = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(zones[int(tenant_id)])
        hour = 23 if local.date() > day else 0 if local.date() < day else local.hour
        key = (int(tenant_id), day, hour, int(branch_id), int(employee_id or 0))
        bucket = buckets.setdefault(key, [0, 0])
        bucket[0] += 1
        bucket[1] += int(total)
    if buckets:
        conn.execute(
            sa.text(
                "INSERT INTO sales_hour_stats (tenant_id, day, hour, branch_id, employee_id, sales_count, sales_total) "
                "VALUES (:t, :d, :h, :b, :e, :c, :s)"
            ),
            [{"t": k[0], "d": k[1], "h": k[2], "b": k[3], "e": k[4], "c": v[0], "s": v[1]} for k, v in buckets.items()],
        )


def downgrade() -> None:
    for table in ("erp_sync_sent", "erp_sync_jobs", "sales_item_stats", "sales_hour_stats"):
        op.drop_table(table)
    if not _sqlite():
        op.execute("DROP SEQUENCE erp_sync_jobs_id_seq")
