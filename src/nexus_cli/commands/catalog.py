"""`nexus catalog import DIR` and `nexus catalog demo`: load the parts catalog (docs/cli.md#catalog).

The import streams each file into a new load beside the published one (readers are never stopped) and
publishes it when every file is in; a progress bar per file goes to stderr, the result is one JSON
object on stdout. A bad row exits 1 naming its file, line and column, the published catalog unchanged.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from nexus_adapters import bootstrap
from nexus_adapters.catalog_demo import SIZES, write_demo
from nexus_cli.output import domain_errors, emit, fail, say

app = typer.Typer(help="The parts catalog (installation-wide reference data).", no_args_is_help=True)


def _progress() -> Progress:
    console = Console(stderr=True)
    return Progress(
        TextColumn("{task.description:<18}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=not console.is_terminal,
    )


def _load(directory: Path) -> dict[str, object]:
    started = time.perf_counter()
    with domain_errors(), _progress() as progress:
        tasks: dict[str, TaskID] = {}

        def advance(name: str, done: int, size: int) -> None:
            if name not in tasks:
                tasks[name] = progress.add_task(name, total=size or 1)
            progress.update(tasks[name], completed=done)

        report = bootstrap.import_catalog(directory, progress=advance)
    seconds = time.perf_counter() - started
    return {
        "directory": str(directory),
        "generation": report.generation,
        "replaced_generation": report.replaced,
        "rows": report.rows,
        "files": report.files,
        "parts_in_interchange_groups": report.groups,
        "seconds": round(seconds, 2),
        "rows_per_second": int(report.rows / seconds) if seconds > 0 else None,
    }


@app.command("import")
def import_catalog(
    directory: Path = typer.Argument(
        ..., exists=True, file_okay=False, dir_okay=True, readable=True, help="Directory of the CSV files."
    ),
) -> None:
    """Load (or replace) the catalog from DIR's CSV files (docs/catalog.md#files)."""
    emit(_load(directory))


@app.command("demo")
def demo(
    size: str = typer.Option("small", help="small (~2,000 parts) or large (~200,000 parts, 2M fitments)."),
    out: Path | None = typer.Option(None, help="Write the CSV files here (kept); default: a temporary directory."),
    load: bool = typer.Option(True, "--load/--no-load", help="Load the files as the catalog once written."),
    if_empty: bool = typer.Option(False, "--if-empty", help="Do nothing when a catalog is already loaded."),
) -> None:
    """Write a synthetic catalog (no licensed data) and load it."""
    if size not in SIZES:
        raise fail(f"--size must be one of: {', '.join(SIZES)}")
    if if_empty:
        with domain_errors():
            if bootstrap.catalog_published():
                say("a catalog is already loaded; `nexus catalog demo` without --if-empty replaces it")
                emit({"loaded": False})
                return
    if out is None and not load:
        raise fail("--no-load needs --out (where to keep the files)")
    with tempfile.TemporaryDirectory(prefix="nexus-catalog-") as scratch:
        directory = out or Path(scratch)
        counts = write_demo(directory, size)
        result: dict[str, object] = {"size": size, "written": counts, "directory": str(out) if out else None}
        if load:
            result.update(loaded=True, **{k: v for k, v in _load(directory).items() if k != "directory"})
    emit(result)
