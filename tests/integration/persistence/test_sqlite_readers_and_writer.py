"""SQLite specifics of ADR 12: one writer connection per process, reader connections beside it, and
the in-memory database (one connection for everything) still working from many threads."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from nexus_adapters.persistence.engine import make_engine, sqlite_writer
from nexus_adapters.persistence.migrate import upgrade_database
from nexus_adapters.persistence.unit_of_work import SqlUnitOfWorkFactory
from nexus_core.domain.tenancy import Branch, Tenant
from nexus_core.ports.unit_of_work import ReadOnlyTransactionError
from nexus_core.services.runner import Nexus
from nexus_core.services.tenants import CreateTenant, create_tenant
from nexus_core.testing import in_memory_nexus

NOW = in_memory_nexus().deps.clock.now()


def test_every_factory_on_an_engine_shares_its_one_writer(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'nexus.db'}")
    try:
        writer = sqlite_writer(engine)
        assert sqlite_writer(engine) is writer and writer.engine is not engine and not writer.shared
        assert writer.engine.pool.size() == 1  # type: ignore[attr-defined]
    finally:
        engine.dispose()


def test_the_in_memory_database_reads_and_writes_from_many_threads() -> None:
    engine = make_engine("sqlite://")
    upgrade_database(engine)
    uows = SqlUnitOfWorkFactory(engine)
    nexus = Nexus(uows=uows, deps=in_memory_nexus().deps)
    shop = CreateTenant(name="Memoria", owner_name="Ana", owner_pin="1234")
    tenant_id = nexus.run_platform(create_tenant, shop).tenant_id
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(10):
                with uows.tenant(tenant_id) as uow:
                    uow.branches.add(Branch.create(tenant_id=tenant_id, name=f"S{n}-{i}", address=None, phone=None))
                    uow.commit()
                with uows.tenant(tenant_id, write=False) as uow:
                    assert len(uow.branches.list()) >= i + 2
        except BaseException as error:  # collected: an assertion in a thread would be lost
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with uows.tenant(tenant_id, write=False) as uow:
        assert len(uow.branches.list()) == 1 + 8 * 10
    with pytest.raises(ReadOnlyTransactionError), uows.platform(write=False) as p:
        p.tenants.add(Tenant.create(name="Otra", rfc=None, now=NOW))
    engine.dispose()
