"""SQL of ERP sync: jobs, what each provider was sent, and the ids a job exports. Every statement is
filtered by ``tenant_id``."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, select, update

from nexus_adapters.persistence.customer_tables import customers
from nexus_adapters.persistence.insight_tables import erp_sync_jobs as jobs
from nexus_adapters.persistence.insight_tables import erp_sync_sent as sent_table
from nexus_adapters.persistence.inventory_tables import items, stock_movements
from nexus_adapters.persistence.movement_repositories import _to_movement
from nexus_adapters.persistence.sales_tables import sales
from nexus_adapters.persistence.sql import check_tenant, dialect_insert, insert_row_id
from nexus_core.domain.erp import JobStatus, OutputFile, SyncJob, SyncType
from nexus_core.domain.stock import Movement

_IN_CHUNK = 500


class SqlErpJobs:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def _values(self, job: SyncJob) -> dict[str, Any]:
        out = job.output
        return {
            "status": job.status.value,
            "started_at": job.started_at,
            "finished_at": job.finished_at,
            "sent_count": job.sent_count,
            "failed_count": job.failed_count,
            "pending_count": job.pending_count,
            "errors": json.dumps(list(job.errors)),
            "output_name": None if out is None else out.name,
            "output_type": None if out is None else out.content_type,
            "output": None if out is None else out.content,
        }

    def add(self, job: SyncJob) -> int:
        check_tenant(job, self._tid)
        values = {
            "tenant_id": self._tid,
            "provider": job.provider,
            "sync_type": job.sync_type.value,
            "date_from": job.date_from,
            "date_to": job.date_to,
            "created_at": job.created_at,
            "created_by": job.created_by,
            **self._values(job),
        }
        job.id = insert_row_id(self._conn, jobs, values)
        return job.id

    def _select(self, job_id: int, lock: bool) -> SyncJob | None:
        stmt = select(jobs).where(jobs.c.tenant_id == self._tid, jobs.c.id == job_id)
        if lock and self._conn.dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        row = self._conn.execute(stmt).first()
        return None if row is None else _job(row)

    def get(self, job_id: int) -> SyncJob | None:
        return self._select(job_id, lock=False)

    def lock(self, job_id: int) -> SyncJob | None:
        return self._select(job_id, lock=True)

    def save(self, job: SyncJob) -> None:
        check_tenant(job, self._tid)
        self._conn.execute(
            update(jobs).where(jobs.c.tenant_id == self._tid, jobs.c.id == job.id).values(**self._values(job))
        )

    def sent(self, provider: str, sync_type: str, doc_ids: Collection[str]) -> set[str]:
        ids, found = list(doc_ids), set()
        for start in range(0, len(ids), _IN_CHUNK):
            found |= set(
                self._conn.execute(
                    select(sent_table.c.doc_id).where(
                        sent_table.c.tenant_id == self._tid,
                        sent_table.c.provider == provider,
                        sent_table.c.sync_type == sync_type,
                        sent_table.c.doc_id.in_(ids[start : start + _IN_CHUNK]),
                    )
                ).scalars()
            )
        return found

    def mark_sent(
        self, provider: str, sync_type: str, job_id: int, sent: Sequence[tuple[str, str | None]], at: datetime
    ) -> None:
        if not sent:
            return
        stmt = dialect_insert(self._conn, sent_table).on_conflict_do_nothing(
            index_elements=["tenant_id", "provider", "sync_type", "doc_id"]
        )
        self._conn.execute(
            stmt,
            [
                {
                    "tenant_id": self._tid,
                    "provider": provider,
                    "sync_type": sync_type,
                    "doc_id": doc_id,
                    "job_id": job_id,
                    "remote_id": None if remote is None else remote[:100],
                    "sent_at": at,
                }
                for doc_id, remote in sent
            ],
        )


def _job(row: Row[Any]) -> SyncJob:
    m = row._mapping
    output = None
    if m["output_name"] is not None:
        output = OutputFile(m["output_name"], m["output_type"] or "application/octet-stream", bytes(m["output"] or b""))
    return SyncJob(
        id=int(m["id"]),
        tenant_id=int(m["tenant_id"]),
        provider=m["provider"],
        sync_type=SyncType(m["sync_type"]),
        date_from=m["date_from"],
        date_to=m["date_to"],
        status=JobStatus(m["status"]),
        created_at=m["created_at"],
        created_by=m["created_by"],
        started_at=m["started_at"],
        finished_at=m["finished_at"],
        sent_count=int(m["sent_count"]),
        failed_count=int(m["failed_count"]),
        pending_count=int(m["pending_count"]),
        errors=tuple(json.loads(m["errors"])),
        output=output,
    )


class SqlErpSources:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def sale_ids(self, date_from: date, date_to: date, limit: int) -> list[int]:
        stmt = (
            select(sales.c.id)
            .where(
                sales.c.tenant_id == self._tid,
                sales.c.status == "completed",
                sales.c.business_date >= date_from,
                sales.c.business_date <= date_to,
            )
            .order_by(sales.c.id)
            .limit(limit)
        )
        return [int(i) for i in self._conn.execute(stmt).scalars()]

    def item_ids(self, limit: int) -> list[int]:
        stmt = select(items.c.id).where(items.c.tenant_id == self._tid).order_by(items.c.id).limit(limit)
        return [int(i) for i in self._conn.execute(stmt).scalars()]

    def customer_ids(self, limit: int) -> list[int]:
        stmt = select(customers.c.id).where(customers.c.tenant_id == self._tid).order_by(customers.c.id).limit(limit)
        return [int(i) for i in self._conn.execute(stmt).scalars()]

    def purchase_movements(self, date_from: date, date_to: date, limit: int) -> list[Movement]:
        m = stock_movements.c
        stmt = (
            select(stock_movements)
            .where(m.tenant_id == self._tid, m.kind == "purchase")
            .where(m.business_date >= date_from, m.business_date <= date_to)
            .order_by(m.id)
            .limit(limit)
        )
        return [_to_movement(row._mapping) for row in self._conn.execute(stmt)]
