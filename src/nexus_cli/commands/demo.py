from __future__ import annotations

import typer

from nexus_adapters import bootstrap
from nexus_cli.output import domain_errors, emit, say
from nexus_core.ports.unit_of_work import PlatformUnitOfWork
from nexus_core.services.demo import DEMO_TENANT, SeedDemo, seed_demo
from nexus_core.services.runner import Deps


def _demo_state(_cmd: None, uow: PlatformUnitOfWork, _deps: Deps) -> tuple[int, bool]:
    """How many tenants exist, and whether the demo tenant is one of them."""
    return uow.tenants.count(), uow.tenants.find_by_name(DEMO_TENANT) is not None


def demo(
    if_empty: bool = typer.Option(False, "--if-empty", help="Only when the database has no tenant yet."),
) -> None:
    """Create the demo tenant (or find it) and print its credentials as JSON."""
    with domain_errors():
        nexus = bootstrap.build_services()
        if if_empty:
            tenants, has_demo = nexus.run_platform(_demo_state, None)
            if tenants:
                if has_demo:
                    say("the demo tenant already exists; `nexus demo` prints its credentials again")
                else:
                    say(f"database already has {tenants} tenant(s); demo not seeded (`nexus demo` would add it)")
                emit({"created": False})
                return
        emit(nexus.run_platform(seed_demo, SeedDemo()))
