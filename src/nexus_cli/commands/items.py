"""`nexus items import FILE.csv`: load a spreadsheet of items (docs/cli.md#items-import).

The file is streamed: rows are read, judged and written in batches, so memory stays flat whatever its
size. A progress bar (by bytes read) goes to stderr; the result, with every refused row's line,
field and reason, is one JSON object on stdout.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

from nexus_adapters import bootstrap
from nexus_cli.commands.period import _require_tenant
from nexus_cli.output import EXIT_REFUSED, domain_errors, emit, fail
from nexus_core.domain.money import ZERO
from nexus_core.services.authz import Actor
from nexus_core.services.item_import import (
    COLUMNS,
    ImportBatch,
    ImportRow,
    RowError,
    check_item_batch,
    import_item_batch,
)

app = typer.Typer(help="Inventory items.", no_args_is_help=True)

MAX_REPORTED_ERRORS = 10_000


def _batches(reader: Any, size: int) -> Iterator[list[ImportRow]]:
    batch: list[ImportRow] = []
    for values in reader:
        batch.append(ImportRow(reader.line_num, {k: v for k, v in values.items() if k is not None}))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _check_header(fieldnames: list[str] | None) -> None:
    if not fieldnames:
        raise fail("the file is empty: the first line must name the columns (name at least)")
    unknown = [c for c in fieldnames if c not in COLUMNS]
    if unknown:
        raise fail(f"unknown column(s) {', '.join(unknown)}; the columns are: {', '.join(COLUMNS)}")
    if "name" not in fieldnames:
        raise fail("the file needs a name column")


@app.command("import")
def import_items(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="CSV file, UTF-8, header row."),
    tenant_id: int = typer.Option(..., help="Tenant whose items these are."),
    branch_id: int | None = typer.Option(None, help="Home branch of rows without branch_id (default: the first)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check every row and report; write nothing."),
    batch_size: int = typer.Option(1000, min=1, max=10_000, help="Rows per transaction."),
) -> None:
    """Import items from a CSV file; initial stock is received into each item's home branch."""
    imported, rows, units, value = 0, 0, ZERO, ZERO
    errors: list[RowError] = []
    refused = 0
    seen: tuple[set[str], set[str]] = (set(), set())
    with domain_errors():
        nexus = bootstrap.build_services()
        nexus.run_platform(_require_tenant, tenant_id)
        actor = Actor.operator(tenant_id)
        handler = check_item_batch if dry_run else import_item_batch
        size = file.stat().st_size
        with file.open("rb") as raw, _progress() as progress:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            reader = csv.DictReader(text)
            _check_header(reader.fieldnames)
            task = progress.add_task("dry run" if dry_run else "importing", total=size)
            for batch in _batches(reader, batch_size):
                cmd = ImportBatch(
                    actor,
                    batch,
                    branch_id,
                    seen_barcodes=seen[0] if dry_run else None,
                    seen_keys=seen[1] if dry_run else None,
                )
                result = nexus.run(tenant_id, handler, cmd)
                rows += len(batch)
                imported += result.imported
                units += result.units
                value += result.value
                refused += len(result.errors)
                errors.extend(result.errors[: max(0, MAX_REPORTED_ERRORS - len(errors))])
                progress.update(task, completed=raw.tell(), description=f"{rows:,} rows")
    emit(
        {
            "file": str(file),
            "dry_run": dry_run,
            "rows": rows,
            "imported": imported,
            "refused": refused,
            "initial_stock_units": units,
            "initial_stock_value": value,
            "errors": [{"line": e.line, "field": e.field, "error": e.error} for e in errors],
            "errors_truncated": refused > len(errors),
        }
    )
    if refused:
        raise typer.Exit(EXIT_REFUSED)


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
