"""A shop with two branches and the tiny catalog loaded, on any unit-of-work factory: the fakes get the
parsed rows, a SQL database gets the files through the real importer."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from contract.stock_shop import Shop, make_shop
from nexus_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from nexus_core.services.authz import Actor
from nexus_core.services.reservations import operator_context, reserve
from nexus_core.services.runner import Deps, Nexus
from nexus_core.testing import InMemoryUnitOfWorkFactory
from nexus_core.testing.catalog_base import TINY_CATALOG, parse_files


def write_catalog(directory: Path, files: dict[str, str] | None = None) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in (files or TINY_CATALOG).items():
        (directory / name).write_text(content, encoding="utf-8")
    return directory


def load_catalog(uows: UnitOfWorkFactory, directory: Path) -> None:
    if isinstance(uows, InMemoryUnitOfWorkFactory):
        uows.store.catalog.load(parse_files(TINY_CATALOG))
        return
    from nexus_adapters.persistence.catalog_import import import_catalog

    import_catalog(uows.engine, write_catalog(directory))  # type: ignore[attr-defined]


@attrs.define
class CatalogShop:
    shop: Shop

    @property
    def nexus(self) -> Nexus:
        return self.shop.nexus

    def actor(self, branch: int | None = None) -> Actor:
        return attrs.evolve(self.shop.op, branch_id=branch)

    def run(self, handler: Any, cmd: Any) -> Any:
        return self.shop.run(handler, cmd)

    def hold(self, item_id: int, qty: str, branch: int) -> None:
        def handler(_: None, uow: UnitOfWork, deps: Deps) -> None:
            reserve(
                uow,
                operator_context(uow, deps),
                holder_kind="layaway",
                holder_id=1,
                branch_id=branch,
                lines=[(item_id, Decimal(qty))],
            )

        self.run(handler, None)


def catalog_shop(uows: UnitOfWorkFactory, tmp_path: Path) -> CatalogShop:
    from nexus_core.testing import FakeCalendar, FakeClock, FakeDigester, FakeHasher, FakeTokenCodec

    clock = FakeClock()
    nexus = Nexus(uows, Deps(clock, FakeHasher(), FakeDigester(), FakeTokenCodec(clock), FakeCalendar(clock)))
    load_catalog(uows, tmp_path / "catalog")
    return CatalogShop(make_shop(nexus))
