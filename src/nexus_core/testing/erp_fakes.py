"""In-memory ERP sync jobs and sources, with the SQL adapter's rules (checked by tests/contract), and
the fake of the provider settings port."""

from __future__ import annotations

import copy
from collections.abc import Collection, Sequence
from datetime import date, datetime

import attrs

from nexus_core.domain.erp import SyncJob
from nexus_core.domain.sales import SaleStatus
from nexus_core.domain.stock import Movement, MovementKind
from nexus_core.testing.fake_repo import FakeRepo


@attrs.define
class ErpTables:
    jobs: dict[int, SyncJob] = attrs.Factory(dict)
    sent: dict[tuple[int, str, str, str], tuple[int, str | None]] = attrs.Factory(dict)


class _Repo(FakeRepo):
    @property
    def _t(self) -> ErpTables:
        return self._tx.work.erp


class InMemoryErpJobs(_Repo):
    def add(self, job: SyncJob) -> int:
        assert job.tenant_id == self._tid, "entity of another tenant"
        job.id = self._all.new_id("erp_sync_jobs")
        self._t.jobs[job.id] = copy.deepcopy(job)
        return job.id

    def get(self, job_id: int) -> SyncJob | None:
        job = self._t.jobs.get(job_id)
        return copy.deepcopy(job) if job is not None and job.tenant_id == self._tid else None

    def lock(self, job_id: int) -> SyncJob | None:
        return self.get(job_id)

    def save(self, job: SyncJob) -> None:
        assert job.id is not None and job.tenant_id == self._tid
        self._t.jobs[job.id] = copy.deepcopy(job)

    def sent(self, provider: str, sync_type: str, doc_ids: Collection[str]) -> set[str]:
        return {d for d in doc_ids if (self._tid, provider, sync_type, d) in self._t.sent}

    def mark_sent(
        self, provider: str, sync_type: str, job_id: int, sent: Sequence[tuple[str, str | None]], at: datetime
    ) -> None:
        for doc_id, remote_id in sent:
            self._t.sent.setdefault((self._tid, provider, sync_type, doc_id), (job_id, remote_id))


class InMemoryErpSources(FakeRepo):
    def sale_ids(self, date_from: date, date_to: date, limit: int) -> list[int]:
        sales = self._all.sales.sales.values()
        return sorted(
            s.id
            for s in sales
            if s.id is not None
            and s.tenant_id == self._tid
            and s.status is SaleStatus.COMPLETED
            and date_from <= s.business_date <= date_to
        )[:limit]

    def item_ids(self, limit: int) -> list[int]:
        items = self._all.inventory.items.values()
        return sorted(i.id for i in items if i.id is not None and i.tenant_id == self._tid)[:limit]

    def customer_ids(self, limit: int) -> list[int]:
        found = self._all.customers.customers.values()
        return sorted(c.id for c in found if c.id is not None and c.tenant_id == self._tid)[:limit]

    def purchase_movements(self, date_from: date, date_to: date, limit: int) -> list[Movement]:
        found = [
            attrs.evolve(m)
            for t, m in self._all.inventory.movements.values()
            if t == self._tid and m.kind is MovementKind.PURCHASE and date_from <= m.business_date <= date_to
        ]
        return sorted(found, key=lambda m: m.id or 0)[:limit]
