"""`nexus integrations`: configure a shop's providers, and deliver the outbox from cron."""

from __future__ import annotations

import typer

from nexus_adapters import bootstrap
from nexus_cli.output import domain_errors, emit, fail
from nexus_core.errors import NotFound
from nexus_core.ports.unit_of_work import PlatformUnitOfWork
from nexus_core.services.authz import Actor
from nexus_core.services.providers import ConfigureProvider, configure_provider
from nexus_core.services.runner import Deps

app = typer.Typer(help="Providers (BNPL, ERP, WhatsApp) and the outbox.", no_args_is_help=True)


def _require_tenant(tenant_id: int, uow: PlatformUnitOfWork, _deps: Deps) -> None:
    if uow.tenants.get(tenant_id) is None:
        raise NotFound(f"tenant {tenant_id} not found", field="tenant_id")


def _pairs(values: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name.strip():
            raise fail(f"--set takes key=value, got {value!r}")
        out[name.strip()] = text
    return out


@app.command("configure")
def configure(
    tenant_id: int = typer.Option(..., help="The shop."),
    provider: str = typer.Option(..., help="aplazo, kueski, clip, whatsapp_cloud, odoo, sap_b1, ..."),
    set_: list[str] = typer.Option([], "--set", help="A credential, key=value (repeat; an empty value removes it)."),
    enabled: bool | None = typer.Option(None, "--enabled/--disabled", help="Default: enabled."),
) -> None:
    """Store a provider's credentials (sealed at rest) and state; prints the keys set, never the values."""
    credentials = _pairs(set_)
    with domain_errors():
        nexus = bootstrap.build_services()
        nexus.run_platform(_require_tenant, tenant_id)
        cmd = ConfigureProvider(
            actor=Actor.operator(tenant_id), provider_id=provider, credentials=credentials, enabled=enabled
        )
        view = nexus.run(tenant_id, configure_provider, cmd)
    emit(
        {
            "tenant_id": tenant_id,
            "provider": view.spec.id,
            "enabled": view.enabled,
            "configured": list(view.configured),
            "missing": list(view.missing),
        }
    )


@app.command("run")
def run() -> None:
    """Deliver the due outbound calls of every shop once (for cron); prints the counts."""
    with domain_errors():
        nexus = bootstrap.build_services()
        report = bootstrap.build_outbox_worker(nexus).run_once()
    emit({"delivered": report.delivered, "retrying": report.retrying, "failed": report.failed})
