from __future__ import annotations

import typer

from nexus_adapters import bootstrap
from nexus_cli.output import domain_errors, emit
from nexus_core.services.tenants import CreateTenant, create_tenant

app = typer.Typer(help="Tenants (businesses).", no_args_is_help=True)


@app.command("create")
def create(
    name: str = typer.Option(..., help="Business name."),
    owner_name: str = typer.Option(..., help="Owner employee's name."),
    owner_pin: str = typer.Option(..., help="Owner's PIN (4-8 digits)."),
    branch_name: str | None = typer.Option(None, help="First branch's name."),
    rfc: str | None = typer.Option(None, help="Tenant's RFC."),
    timezone: str | None = typer.Option(
        None, help="IANA time zone of the business day (default NEXUS_DEFAULT_TIMEZONE or America/Mexico_City)."
    ),
) -> None:
    """Create a tenant with its first branch and owner."""
    with domain_errors():
        nexus = bootstrap.build_services()
        cmd = CreateTenant(
            name=name, owner_name=owner_name, owner_pin=owner_pin, branch_name=branch_name, rfc=rfc, timezone=timezone
        )
        emit(nexus.run_platform(create_tenant, cmd))
