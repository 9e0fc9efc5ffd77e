"""ERP sync jobs on the fakes, SQLite and PostgreSQL: a job's life, what was sent is kept per provider and
sync type, and a re-run sends only what is missing."""

from __future__ import annotations

import itertools

import pytest

from contract.sell_shop import make_counter
from nexus_adapters.erp.registry import ErpExporterRegistry
from nexus_core.domain.erp import JobStatus, SyncType
from nexus_core.errors import NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWorkFactory
from nexus_core.services.erp_sync import CreateSyncJob, GetSyncJob, create_job, get_job, run_job
from nexus_core.services.runner import Nexus
from nexus_core.testing import in_memory_nexus

_SHOPS = itertools.count(1)


def test_a_job_runs_records_what_it_sent_and_a_rerun_sends_only_new_documents(uow_factory: UnitOfWorkFactory) -> None:
    counter = make_counter(Nexus(uows=uow_factory, deps=in_memory_nexus().deps), f"ERP {next(_SHOPS)}")
    nexus, tid = counter.shop.nexus, counter.shop.tenant_id
    item = counter.shop.item("Balata", stock=20, cost="50.00")
    counter.sell((item, "1", "100.00"), method="tarjeta")
    job = counter.run(create_job, CreateSyncJob(counter.owner, "aspel_sae", "sales", "2026-04-01", "2026-04-01"))
    assert (job.status, job.sync_type) == (JobStatus.QUEUED, SyncType.SALES)
    exporters = ErpExporterRegistry()

    done = run_job(nexus, tid, GetSyncJob(counter.owner, job.id), exporters)
    assert (done.status, done.sent_count, done.failed_count) == (JobStatus.SUCCEEDED, 1, 0)
    stored = counter.run(get_job, GetSyncJob(counter.owner, job.id))
    assert stored == done and stored.output is not None and b"V-0001" in stored.output.content

    counter.sell((item, "2", "100.00"), method="tarjeta")
    again = run_job(nexus, tid, GetSyncJob(counter.owner, job.id), exporters)
    assert again.sent_count == 2  # the new sale only
    assert again.output is not None and b"V-0002" in again.output.content and b"V-0001" not in again.output.content
    with nexus.uows.tenant(tid, write=False) as uow:
        assert uow.erp_jobs.sent("aspel_sae", "sales", ["sale:1", "sale:2", "sale:3"]) == {"sale:1", "sale:2"}
        assert uow.erp_jobs.sent("contpaqi", "sales", ["sale:1"]) == set()  # per provider


def test_unknown_jobs_and_bad_jobs_change_nothing(uow_factory: UnitOfWorkFactory) -> None:
    counter = make_counter(Nexus(uows=uow_factory, deps=in_memory_nexus().deps), f"ERP {next(_SHOPS)}")
    with pytest.raises(NotFound):
        counter.run(get_job, GetSyncJob(counter.owner, 999))
    with pytest.raises(RuleViolation):
        counter.run(create_job, CreateSyncJob(counter.owner, "odoo", "sales"))
    with pytest.raises(NotFound):
        run_job(counter.shop.nexus, counter.shop.tenant_id, GetSyncJob(counter.owner, 999), ErpExporterRegistry())
