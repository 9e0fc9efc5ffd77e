"""ERP sync jobs (docs/insight.md#erp-sync): list providers, create a job, read it, run it.

A run is three steps, and only the middle one talks to the outside (ADR 29): :func:`claim_run` (one
write transaction: mark the job running and read what is still unsent), the exporter's call (no
transaction open), :func:`record_run` (another write transaction: what was sent, counts, errors, output).
:func:`run_job` chains them for the HTTP route and the CLI.
"""

from __future__ import annotations

from typing import Any

import attrs

from nexus_core.domain.erp import (
    PROVIDERS,
    ErpProvider,
    ExportBatch,
    ExportResult,
    SyncJob,
    parse_provider,
)
from nexus_core.errors import ExternalServiceError, NotFound, RuleViolation
from nexus_core.ports.erp import ErpExporters
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.business_day import business_today
from nexus_core.services.erp_documents import month_books, unsent_documents
from nexus_core.services.posting import actor_name
from nexus_core.services.runner import Deps, Nexus, read_only

VIEW, RUN = "accounting.view", "accounting.create"


@attrs.frozen
class ProviderStatus:
    provider: ErpProvider
    enabled: bool
    missing: tuple[str, ...]


def provider_status(uow: UnitOfWork, provider: ErpProvider) -> ProviderStatus:
    """File exports need nothing and are on unless the tenant turned them off; a provider reached over
    its API is on only when enabled in the tenant's provider settings with every credential given."""
    config = uow.provider_settings.get(provider.id)
    if config is None:
        on = provider.delivery == "file" and not provider.config_needed
        return ProviderStatus(provider, on, provider.config_needed)
    missing = config.missing(provider.config_needed)
    return ProviderStatus(provider, config.enabled and not missing, missing)


@attrs.frozen
class ListProviders:
    actor: Actor


@read_only
def list_providers(cmd: ListProviders, uow: UnitOfWork, deps: Deps) -> list[ProviderStatus]:
    cmd.actor.require(VIEW)
    return [provider_status(uow, p) for p in PROVIDERS.values()]


def _usable(uow: UnitOfWork, provider_id: str) -> ProviderStatus:
    status = provider_status(uow, parse_provider(provider_id))
    if status.missing:
        raise RuleViolation(f"{provider_id} needs {', '.join(status.missing)} in its settings", field="provider")
    if not status.enabled:
        raise RuleViolation(f"{provider_id} is disabled for this shop", field="provider")
    return status


@attrs.frozen
class CreateSyncJob:
    actor: Actor
    provider: Any
    sync_type: Any
    date_from: Any = None
    date_to: Any = None


def create_job(cmd: CreateSyncJob, uow: UnitOfWork, deps: Deps) -> SyncJob:
    """A queued job; the range defaults to the tenant's local today."""
    employee = authorize(uow, cmd.actor, RUN)
    today = business_today(uow, deps).isoformat()
    job = SyncJob.create(
        tenant_id=uow.tenant_id,
        provider=cmd.provider,
        sync_type=cmd.sync_type,
        date_from=cmd.date_from if cmd.date_from is not None else today,
        date_to=cmd.date_to if cmd.date_to is not None else cmd.date_from if cmd.date_from is not None else today,
        created_by=actor_name(employee),
        now=deps.clock.now(),
    )
    if _usable(uow, job.provider).provider.monthly:
        tenant = uow.tenant.get()
        if tenant is None or not tenant.rfc:
            raise RuleViolation("the shop needs its RFC for SAT's contabilidad electrónica", field="provider")
    uow.erp_jobs.add(job)
    return job


@attrs.frozen
class GetSyncJob:
    actor: Actor
    job_id: int


@read_only
def get_job(cmd: GetSyncJob, uow: UnitOfWork, deps: Deps) -> SyncJob:
    cmd.actor.require(VIEW)
    job = uow.erp_jobs.get(cmd.job_id)
    if job is None:
        raise NotFound(f"sync job {cmd.job_id} not found", field="job_id")
    return job


@attrs.frozen
class ClaimedRun:
    job: SyncJob
    batch: ExportBatch
    pending: int  # unsent documents left for a later run (beyond this run's batch)


def claim_run(cmd: GetSyncJob, uow: UnitOfWork, deps: Deps) -> ClaimedRun:
    authorize(uow, cmd.actor, RUN)
    job = uow.erp_jobs.lock(cmd.job_id)
    if job is None:
        raise NotFound(f"sync job {cmd.job_id} not found", field="job_id")
    provider = _usable(uow, job.provider).provider
    job.start(deps.clock.now())
    todo, pending = unsent_documents(uow, job, provider)
    books = month_books(uow, job) if provider.monthly else None
    config = uow.provider_settings.get(job.provider)
    batch = ExportBatch(
        job_id=job.id or 0,
        provider=job.provider,
        sync_type=job.sync_type,
        date_from=job.date_from,
        date_to=job.date_to,
        credentials=dict(config.credentials) if config is not None else {},
        documents=tuple(todo),
        books=books,
    )
    uow.erp_jobs.save(job)
    return ClaimedRun(job, batch, pending)


@attrs.frozen
class RecordRun:
    claimed: ClaimedRun
    result: ExportResult


def record_run(cmd: RecordRun, uow: UnitOfWork, deps: Deps) -> SyncJob:
    claimed, result = cmd.claimed, cmd.result
    job = uow.erp_jobs.lock(claimed.job.id or 0)
    if job is None:
        raise NotFound(f"sync job {claimed.job.id} not found", field="job_id")
    now = deps.clock.now()
    uow.erp_jobs.mark_sent(job.provider, job.sync_type.value, job.id or 0, result.sent, now)
    sent_ids = {doc_id for doc_id, _ in result.sent}
    unsent = len(claimed.batch.documents) - len(sent_ids)
    job.finish(
        now,
        sent=len(sent_ids),
        failed=unsent,
        pending=claimed.pending,
        errors=tuple(f"{doc}: {message}" for doc, message in result.errors),
        output=result.output,
    )
    uow.erp_jobs.save(job)
    return job


def run_job(nexus: Nexus, tenant_id: int, cmd: GetSyncJob, exporters: ErpExporters) -> SyncJob:
    """Claim, export outside any transaction, record. An unreachable provider fails the job (recorded)."""
    claimed = nexus.run(tenant_id, claim_run, cmd)
    if not claimed.batch.documents and claimed.batch.books is None:
        result = ExportResult()  # nothing left to send
    else:
        try:
            result = exporters.for_provider(claimed.job.provider).export(claimed.batch)
        except ExternalServiceError as error:
            result = ExportResult(errors=(("*", str(error)),))
    return nexus.run(tenant_id, record_run, RecordRun(claimed, result))
