from __future__ import annotations

import typer

from nexus_adapters import bootstrap
from nexus_cli.output import domain_errors, emit
from nexus_core.errors import NotFound
from nexus_core.ports.unit_of_work import PlatformUnitOfWork
from nexus_core.services.authz import Actor
from nexus_core.services.periods import ClosePeriod, close_period
from nexus_core.services.runner import Deps

app = typer.Typer(help="Accounting periods.", no_args_is_help=True)


def _require_tenant(tenant_id: int, uow: PlatformUnitOfWork, _deps: Deps) -> None:
    # The operator acts without a login, so nothing else has checked that the tenant exists.
    if uow.tenants.get(tenant_id) is None:
        raise NotFound(f"tenant {tenant_id} not found", field="tenant_id")


@app.command("close")
def close(
    year: int = typer.Argument(..., help="Year of the period, e.g. 2026."),
    month: int = typer.Argument(..., min=1, max=12, help="Month of the period, 1-12."),
    tenant_id: int = typer.Option(..., help="Tenant whose books to close."),
) -> None:
    """Close a month irreversibly: post its closing entry (result to 305.01) and refuse later postings in it."""
    with domain_errors():
        nexus = bootstrap.build_services()
        nexus.run_platform(_require_tenant, tenant_id)
        closed = nexus.run(
            tenant_id, close_period, ClosePeriod(actor=Actor.operator(tenant_id), year=year, month=month)
        )
    period = closed.period
    emit(
        {
            "tenant_id": tenant_id,
            "year": period.year,
            "month": period.month,
            "status": period.status.value,
            "closed_at": period.closed_at,
            "closed_by": period.closed_by,
            "closing_entry_id": closed.closing_entry_id,
        }
    )
