from __future__ import annotations

import typer

from nexus_adapters import bootstrap
from nexus_cli.output import domain_errors, emit
from nexus_core.services.tenants import CreateUser, create_user

app = typer.Typer(help="Parcels users (email and password).", no_args_is_help=True)


@app.command("create")
def create(
    tenant_id: int = typer.Option(..., help="Tenant the user belongs to."),
    email: str = typer.Option(..., help="Login email (unique)."),
    password: str = typer.Option(..., help="Password (at least 8 characters)."),
    name: str | None = typer.Option(None, help="Display name."),
    role: str = typer.Option("admin", help="admin, seller or provider."),
) -> None:
    """Create a parcels user."""
    with domain_errors():
        nexus = bootstrap.build_services()
        user_id = nexus.run_platform(
            create_user, CreateUser(tenant_id=tenant_id, email=email, password=password, name=name, role=role)
        )
        emit({"user_id": user_id})
