from __future__ import annotations

import typer

from nexus_adapters import bootstrap
from nexus_cli.output import domain_errors, emit

app = typer.Typer(help="Database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade() -> None:
    """Bring the database (NEXUS_DATABASE_URL) to the newest schema."""
    with domain_errors():
        url = bootstrap.upgrade()
    emit({"database": url, "schema": "up to date"})
