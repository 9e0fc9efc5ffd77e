"""``nexus register cut-x|cut-z``: the cash register cuts from the command line (docs/cli.md)."""

from __future__ import annotations

import typer

from nexus_adapters import bootstrap
from nexus_cli.commands.period import _require_tenant
from nexus_cli.cut_table import print_cut
from nexus_cli.output import domain_errors, emit
from nexus_core.services.authz import Actor
from nexus_core.services.registers import CutX, CutZ, cut_x, cut_z

app = typer.Typer(help="Cash register cuts (X: read, Z: close).", no_args_is_help=True)


@app.command("cut-x")
def cut_x_command(
    tenant_id: int = typer.Option(..., help="Tenant of the register."),
    register_id: int = typer.Option(..., help="Register session to read."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object instead of the table (for scripts)."),
) -> None:
    """Read a register's X cut without closing it (a closed one shows its frozen Z summary)."""
    with domain_errors():
        nexus = bootstrap.build_services()
        nexus.run_platform(_require_tenant, tenant_id)
        summary = nexus.run(tenant_id, cut_x, CutX(Actor.operator(tenant_id), register_id))
    if as_json:
        emit({"tenant_id": tenant_id, **summary.figures()})
        return
    state = "closed (frozen Z figures)" if summary.counted_amount is not None else "open"
    print_cut(f"X cut - register {register_id} ({state})", summary.figures())


@app.command("cut-z")
def cut_z_command(
    tenant_id: int = typer.Option(..., help="Tenant of the register."),
    register_id: int = typer.Option(..., help="Register session to close."),
    counted_amount: str = typer.Option(..., help="Cash counted in the drawer, e.g. 4980.00."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object instead of the table (for scripts)."),
) -> None:
    """Close a register with the counted cash; a difference is posted (faltante 601.84.03 / sobrante 403.01.02)."""
    with domain_errors():
        nexus = bootstrap.build_services()
        nexus.run_platform(_require_tenant, tenant_id)
        z = nexus.run(tenant_id, cut_z, CutZ(Actor.operator(tenant_id), counted_amount, register_id))
    if as_json:
        emit({"tenant_id": tenant_id, "folio": z.folio, "entry_id": z.entry_id, **z.summary.figures()})
        return
    extra = {"folio": z.folio, "entry_of_the_difference": z.entry_id}
    print_cut(f"Z cut {z.folio} - register {register_id} (closed)", z.summary.figures(), extra)
