"""`nexus invoicing`: upload the shop's CSD, and send pending CFDIs to the PAC (from cron)."""

from __future__ import annotations

from pathlib import Path

import typer

from nexus_adapters import bootstrap
from nexus_cli.commands.period import _require_tenant
from nexus_cli.output import domain_errors, emit
from nexus_core.domain.invoicing import CfdiStatus
from nexus_core.services.authz import Actor
from nexus_core.services.invoicing_csd import SetCsd, set_csd
from nexus_core.services.invoicing_queue import QueueRun, process_all_queues, process_queue

app = typer.Typer(help="CFDI 4.0 invoicing: the shop's CSD and the stamping queue.", no_args_is_help=True)


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise typer.BadParameter(f"cannot read the {what} {path}: {error.strerror}") from None


@app.command("set-csd")
def set_csd_command(
    tenant_id: int = typer.Option(..., help="Tenant whose CSD this is (its RFC must be the certificate's)."),
    cer: Path = typer.Option(..., help="The certificate (.cer, DER) SAT issued."),
    key: Path = typer.Option(..., help="Its private key (.key, DER PKCS#8, password protected)."),
    password_file: Path = typer.Option(..., help="A file holding the key's password (not on the command line)."),
    regimen_fiscal: str | None = typer.Option(None, help="The shop's régimen (601, 612, 626 ...); kept afterwards."),
    codigo_postal: str | None = typer.Option(None, help="Postal code of the place of issue (LugarExpedicion)."),
    serie: str | None = typer.Option(None, help="Series of the invoices' folios (default F)."),
    razon_social: str | None = typer.Option(None, help="The issuer's name as SAT has it (default: the certificate's)."),
) -> None:
    """Check and keep the shop's CSD: right password, key of the certificate, the tenant's RFC, valid today.
    The private key is stored encrypted with NEXUS_CSD_KEY (or var/csd-key)."""
    certificate, private_key = _read(cer, ".cer"), _read(key, ".key")
    password = _read(password_file, "password file").strip()
    with domain_errors():
        nexus = bootstrap.build_services()
        nexus.run_platform(_require_tenant, tenant_id)
        cmd = SetCsd(
            Actor.operator(tenant_id),
            certificate,
            private_key,
            password,
            regimen_fiscal=regimen_fiscal,
            codigo_postal=codigo_postal,
            serie=serie,
            legal_name=razon_social,
        )
        issuer = nexus.run(tenant_id, set_csd, cmd)
    emit(
        {
            "tenant_id": tenant_id,
            "rfc": issuer.rfc,
            "razon_social": issuer.legal_name,
            "no_certificado": issuer.no_certificado,
            "valid_from": issuer.valid_from,
            "valid_to": issuer.valid_to,
            "regimen_fiscal": issuer.regimen_fiscal,
            "codigo_postal": issuer.codigo_postal,
            "serie": issuer.serie,
        }
    )


@app.command("process-queue")
def process_queue_command(
    tenant_id: int | None = typer.Option(None, help="Tenant whose pending CFDIs to send (default: every tenant)."),
    limit: int = typer.Option(50, min=1, max=200, help="At most this many CFDIs per tenant in this run."),
) -> None:
    """Send pending CFDIs to the PAC, each once; safe to run from cron and from several hosts at once.
    Without --tenant-id, every tenant that has CFDIs waiting, one after another."""
    with domain_errors():
        nexus = bootstrap.build_services()
        if tenant_id is None:
            runs = process_all_queues(nexus, limit)
            emit({"tenants": [_report(t, run) for t, run in runs.items()]})
            return
        nexus.run_platform(_require_tenant, tenant_id)
        run = process_queue(nexus, tenant_id, Actor.operator(tenant_id), limit)
    emit(_report(tenant_id, run))


def _report(tenant_id: int, run: QueueRun) -> dict[str, object]:
    return {
        "tenant_id": tenant_id,
        "processed": len(run.outcomes),
        "stamped": run.count(CfdiStatus.STAMPED),
        "errors": run.count(CfdiStatus.ERROR),
        "pending": run.count(CfdiStatus.PENDING),
        "results": [{"cfdi_id": o.cfdi_id, "status": o.status, "uuid": o.uuid, "error": o.error} for o in run.outcomes],
    }
