"""Loading the catalog on SQLite and PostgreSQL: readers keep the published load while a new one is
written (no downtime), then see the new one at once; a repeated fitment line is merged."""

from __future__ import annotations

from pathlib import Path

from contract.catalog_shop import write_catalog
from nexus_adapters.persistence.catalog_import import import_catalog, published_generation
from nexus_adapters.persistence.engine import make_engine
from nexus_adapters.persistence.unit_of_work import SqlUnitOfWorkFactory
from nexus_core.ports.inventory_queries import Page
from nexus_core.testing.catalog_base import TINY_CATALOG


def _names(uows: SqlUnitOfWorkFactory, key: str) -> list[str]:
    with uows.tenant(1, write=False) as uow:
        return [p.name for p in uow.catalog.parts_by_key(key, 10)]


def test_readers_see_the_published_load_until_the_new_one_is_complete(database_url: str, tmp_path: Path) -> None:
    engine = make_engine(database_url)
    try:
        uows = SqlUnitOfWorkFactory(engine)
        assert _names(uows, "P83024") == [] and published_generation(engine) is None
        import_catalog(engine, write_catalog(tmp_path / "one"))
        assert _names(uows, "P83024") == ["Balatas delanteras Brembo"]
        renamed = TINY_CATALOG["parts.csv"].replace("Balatas delanteras Brembo", "Pastillas Brembo")
        seen_while_loading: list[tuple[str, list[str]]] = []

        def progress(name: str, done: int, size: int) -> None:
            seen_while_loading.append((name, _names(uows, "P83024")))

        report = import_catalog(
            engine, write_catalog(tmp_path / "two", {**TINY_CATALOG, "parts.csv": renamed}), progress=progress
        )
        assert {names[0] for _, names in seen_while_loading} == {"Balatas delanteras Brembo"}
        assert [name for name, _ in seen_while_loading][-1] == "cross_references"
        assert (report.generation, report.replaced) == (2, 1)
        assert _names(uows, "P83024") == ["Pastillas Brembo"]
        with uows.tenant(1, write=False) as uow:
            assert uow.catalog.parts_for(1000, 10, Page(1, 30)).total == 3  # the repeated line counted once
    finally:
        engine.dispose()
