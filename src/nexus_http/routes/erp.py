"""ERP sync (docs/insight.md#erp-sync): providers, jobs, runs and their output files."""

from __future__ import annotations

import base64
from typing import Any

import attrs

from nexus_adapters.erp.registry import ErpExporterRegistry
from nexus_core.domain.days import instant_text
from nexus_core.domain.erp import SyncJob
from nexus_core.errors import NotFound
from nexus_core.services import erp_sync as erp
from nexus_http.endpoints import Call, RouteTable
from nexus_http.reply import Reply

routes = RouteTable("erp")
PREFIX = "/pos/api/erp"


@attrs.frozen
class ErpProviderOut:
    id: str
    name: str
    enabled: bool
    delivery: str
    sync_types: list[str]
    config_needed: list[str]
    missing: list[str]


@attrs.frozen
class ErpProvidersOut:
    providers: list[ErpProviderOut]


@attrs.frozen
class SyncIn:
    provider: str
    sync_type: str
    date_from: str | None = None
    date_to: str | None = None


@attrs.frozen
class OutputFileOut:
    name: str
    content_type: str
    size: int


@attrs.frozen
class SyncJobOut:
    job_id: int
    provider: str
    sync_type: str
    date_from: str
    date_to: str
    status: str
    created_at: str
    started_at: str | None
    finished_at: str | None
    counts: dict[str, int]
    errors: list[str]
    output_file: OutputFileOut | None


@attrs.frozen
class OutputOut:
    name: str
    content_type: str
    content_base64: str


def job_json(job: SyncJob) -> dict[str, Any]:
    out = job.output
    return {
        "job_id": job.id,
        "provider": job.provider,
        "sync_type": job.sync_type.value,
        "date_from": job.date_from.isoformat(),
        "date_to": job.date_to.isoformat(),
        "status": job.status.value,
        "created_at": instant_text(job.created_at),
        "started_at": None if job.started_at is None else instant_text(job.started_at),
        "finished_at": None if job.finished_at is None else instant_text(job.finished_at),
        "counts": {"sent": job.sent_count, "failed": job.failed_count, "pending": job.pending_count},
        "errors": list(job.errors),
        "output_file": None
        if out is None
        else {"name": out.name, "content_type": out.content_type, "size": len(out.content)},
    }


_JOB_EXAMPLE = {
    "job_id": 1,
    "provider": "contpaqi",
    "sync_type": "entries",
    "date_from": "2026-04-01",
    "date_to": "2026-04-01",
    "status": "succeeded",
    "created_at": "2026-04-01T15:00:00",
    "started_at": "2026-04-01T15:00:00",
    "finished_at": "2026-04-01T15:00:00",
    "counts": {"sent": 3, "failed": 0, "pending": 0},
    "errors": [],
    "output_file": {"name": "contpaqi-polizas-20260401-20260401-job1.txt", "content_type": "text/plain", "size": 81},
}


@routes.get(
    f"{PREFIX}/providers",
    summary="The ERP systems Nexus exports to, and whether each is enabled for this shop",
    permission=erp.VIEW,
    response=ErpProvidersOut,
    example={
        "providers": [
            {
                "id": "contpaqi",
                "name": "CONTPAQi Contabilidad",
                "enabled": True,
                "delivery": "file",
                "sync_types": ["entries", "sales"],
                "config_needed": [],
                "missing": [],
            },
            {
                "id": "odoo",
                "name": "Odoo",
                "enabled": False,
                "delivery": "api",
                "sync_types": ["sales", "items"],
                "config_needed": ["url", "database", "username", "api_key"],
                "missing": ["url", "database", "username", "api_key"],
            },
        ]
    },
)
def providers(call: Call) -> dict[str, Any]:
    found = call.run(erp.list_providers, erp.ListProviders(call.actor))
    return {
        "providers": [
            {
                "id": s.provider.id,
                "name": s.provider.name,
                "enabled": s.enabled,
                "delivery": s.provider.delivery,
                "sync_types": [t.value for t in s.provider.sync_types],
                "config_needed": list(s.provider.config_needed),
                "missing": list(s.missing),
            }
            for s in found
        ]
    }


@routes.post(
    f"{PREFIX}/sync",
    summary="Create a sync job (queued) for a provider, a sync type and a range of local days (default today)",
    permission=erp.RUN,
    body=SyncIn,
    response=SyncJobOut,
    status=201,
    idempotent=True,
    example={**_JOB_EXAMPLE, "status": "queued", "started_at": None, "finished_at": None, "output_file": None},
)
def create_sync(call: Call) -> Reply:
    b: SyncIn = call.body
    cmd = erp.CreateSyncJob(call.actor, b.provider, b.sync_type, b.date_from, b.date_to)
    return call.respond(erp.create_job, cmd, lambda job: Reply(job_json(job), 201))


@routes.get(
    f"{PREFIX}/sync/{{job_id}}",
    summary="A sync job: status (queued, running, succeeded, failed), counts, errors and its output file",
    permission=erp.VIEW,
    response=SyncJobOut,
    example=_JOB_EXAMPLE,
)
def get_sync(call: Call) -> dict[str, Any]:
    return job_json(call.run(erp.get_job, erp.GetSyncJob(call.actor, call.path_int("job_id"))))


@routes.post(
    f"{PREFIX}/sync/{{job_id}}/run",
    summary="Run a sync job: sends what was not sent yet (a re-run sends only what is missing)",
    permission=erp.RUN,
    response=SyncJobOut,
    example=_JOB_EXAMPLE,
)
def run_sync(call: Call) -> dict[str, Any]:
    exporters = call.nexus.deps.erp or _DEFAULT
    cmd = erp.GetSyncJob(call.actor, call.path_int("job_id"))
    return job_json(erp.run_job(call.nexus, call.actor.tenant_id, cmd, exporters))


@routes.get(
    f"{PREFIX}/sync/{{job_id}}/output",
    summary="The job's output file (CONTPAQi pólizas, Aspel SAE CSV, SAT's ZIP), base64-encoded",
    permission=erp.VIEW,
    response=OutputOut,
    example={"name": "contpaqi-polizas.txt", "content_type": "text/plain", "content_base64": "UCAgMjAyNjA0MDEg"},
)
def get_output(call: Call) -> dict[str, Any]:
    job = call.run(erp.get_job, erp.GetSyncJob(call.actor, call.path_int("job_id")))
    if job.output is None:
        raise NotFound(f"sync job {job.id} has no output file", field="job_id")
    content = base64.b64encode(job.output.content).decode("ascii")
    return {"name": job.output.name, "content_type": job.output.content_type, "content_base64": content}


_DEFAULT = ErpExporterRegistry()
