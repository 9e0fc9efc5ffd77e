from __future__ import annotations

import typer
import uvicorn

from nexus_adapters import bootstrap
from nexus_adapters.settings import Settings
from nexus_cli.output import domain_errors, fail, say
from nexus_cli.preflight import port_problem, workers_problem


def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(5001, min=1, max=65535, help="TCP port."),
    workers: int = typer.Option(1, min=1, max=64, help="Worker processes (more than one wants PostgreSQL)."),
) -> None:
    """Upgrade the schema, then serve both HTTP surfaces."""
    with domain_errors():
        settings = Settings.from_env()
        problem = workers_problem(workers, settings.database_url) or port_problem(host, port)
        if problem is not None:
            raise fail(problem)
        bootstrap.upgrade()
        bootstrap.release_orphaned_claims()  # keys of requests that died with the previous server (ADR 6)
        # Create the shared secrets (JWT secret in the database, PIN pepper file) before workers start,
        # so every worker reads the same values instead of racing to create them.
        bootstrap.build_services()
    say(f"Nexus serving on http://{host}:{port}")
    uvicorn.run(
        "nexus_http.app:create_app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=settings.log_level,
    )
