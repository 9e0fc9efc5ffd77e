from __future__ import annotations

import typer

from nexus_adapters import bootstrap
from nexus_cli.output import domain_errors, emit, say
from nexus_core.services.demo import SeedDemo, seed_demo


def demo(
    if_empty: bool = typer.Option(False, "--if-empty", help="Only when the database has no tenant yet."),
) -> None:
    """Create the demo tenant (or find it) and print its credentials as JSON."""
    with domain_errors():
        nexus = bootstrap.build_services()
        if if_empty and not nexus.run_platform(lambda _c, uow, _d: uow.tenants.count() == 0, None):
            say("database already has tenants; demo not seeded")
            emit({"created": False})
            return
        emit(nexus.run_platform(seed_demo, SeedDemo()))
