"""`nexus orders import FILE`: create delivery orders from a JSON or CSV file (docs/cli.md#orders-import).

The file is streamed and its orders sent through the same batch path as ``POST /api/pedidos/multiple``
(one transaction per ``--batch-size`` orders, each order all-or-nothing on its own). A progress bar
(by bytes read) goes to stderr; stdout gets one JSON object with every order's result; exit 1 when
any order was refused.
"""

from __future__ import annotations

from itertools import islice
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

from nexus_adapters import bootstrap
from nexus_cli.commands.period import _require_tenant
from nexus_cli.order_files import FileError, read_orders
from nexus_cli.output import EXIT_REFUSED, domain_errors, emit, fail
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, ActorKind
from nexus_core.services.order_batch import CreateOrders, create_orders
from nexus_core.services.parcels_access import acting_user
from nexus_core.services.runner import Deps, read_only

app = typer.Typer(help="Delivery orders (the parcels surface).", no_args_is_help=True)


@app.command("import")
def import_orders(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="JSON or CSV file (UTF-8)."),
    tenant_id: int = typer.Option(..., help="Tenant the orders belong to."),
    user_id: int = typer.Option(..., help="Parcels user recorded as creating them (and the default provider)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Judge every order (stock included); write nothing."),
    batch_size: int = typer.Option(1000, min=1, max=10_000, help="Orders per transaction."),
    file_format: str = typer.Option("auto", "--format", help="json, csv, or auto (by the file's extension)."),
) -> None:
    """Import orders; each is created with its stock reserved, or refused with the reason."""
    if file_format not in ("auto", "json", "csv"):
        raise fail("--format must be json, csv or auto")
    is_csv = file_format == "csv" or (file_format == "auto" and file.suffix.lower() == ".csv")
    results: list[dict[str, Any]] = []
    created = 0
    with domain_errors():
        nexus = bootstrap.build_services()
        nexus.run_platform(_require_tenant, tenant_id)
        actor = Actor(kind=ActorKind.USER, tenant_id=tenant_id, principal_id=user_id)
        nexus.run(tenant_id, _require_user, actor)
        size = file.stat().st_size
        with file.open(encoding="utf-8-sig", newline="") as text, _progress() as progress:
            task = progress.add_task("dry run" if dry_run else "importing", total=size)
            orders = read_orders(text, csv_file=is_csv)
            try:
                while batch := list(islice(orders, batch_size)):
                    for r in nexus.run(tenant_id, create_orders, CreateOrders(actor, batch, dry_run=dry_run)):
                        created += r.ok
                        row: dict[str, Any] = {"numero_orden": r.number, "success": r.ok}
                        row |= {"id_pedido": r.order_id} if r.ok else {"error": r.error.message if r.error else ""}
                        results.append(row)
                    progress.update(task, completed=text.buffer.tell(), description=f"{len(results):,} orders")
            except FileError as exc:
                raise fail(f"{file}: {exc} (after {len(results):,} orders)") from None
            except UnicodeDecodeError:
                raise fail(f"{file}: the file is not UTF-8 text (after {len(results):,} orders)") from None
    failed = len(results) - created
    emit(
        {
            "file": str(file),
            "dry_run": dry_run,
            "orders": len(results),
            "created": created,
            "failed": failed,
            "results": results,
        }
    )
    if failed:
        raise typer.Exit(EXIT_REFUSED)


@read_only
def _require_user(actor: Actor, uow: UnitOfWork, _deps: Deps) -> None:
    acting_user(uow, actor)  # an unknown or inactive user is refused before the file is read


def _progress() -> Progress:
    console = Console(stderr=True)
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=False,
        disable=not console.is_terminal,
    )
