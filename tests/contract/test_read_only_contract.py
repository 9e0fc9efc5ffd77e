"""Read-only units of work (ADR 12): the same behaviour from the fakes, SQLite and PostgreSQL.

A read refuses every write, so a use case wrongly declared ``@read_only`` fails in its first test;
and a read never waits for a write that is under way.
"""

from __future__ import annotations

import threading

import pytest

from contract.builders import NOW, new_tenant
from nexus_core.domain.tenancy import Branch, Tenant
from nexus_core.ports.unit_of_work import ReadOnlyTransactionError, UnitOfWorkFactory


def _branch(tenant_id: int, name: str) -> Branch:
    return Branch.create(tenant_id=tenant_id, name=name, address=None, phone=None)


def _branch_names(uows: UnitOfWorkFactory, tenant_id: int) -> list[str]:
    with uows.tenant(tenant_id, write=False) as uow:
        return [b.name for b in uow.branches.list()]


def test_a_read_sees_what_was_committed(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, _ = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id, write=False) as uow:
        tenant = uow.tenant.get()
        assert tenant is not None and tenant.name == "Refaccionaria Uno"
        uow.commit()  # committing a read that wrote nothing is harmless
    assert _branch_names(uow_factory, tenant_id) == ["Matriz"]


def test_a_read_refuses_to_write_and_nothing_changes(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, _ = new_tenant(uow_factory)
    with pytest.raises(ReadOnlyTransactionError), uow_factory.tenant(tenant_id, write=False) as uow:
        uow.branches.add(_branch(tenant_id, "Norte"))
        uow.commit()
    assert _branch_names(uow_factory, tenant_id) == ["Matriz"]
    # The connection that refused goes back to its pool able to write again.
    with uow_factory.tenant(tenant_id) as uow:
        uow.branches.add(_branch(tenant_id, "Sur"))
        uow.commit()
    assert _branch_names(uow_factory, tenant_id) == ["Matriz", "Sur"]


def test_a_read_refuses_updates_and_login_records_too(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, _ = new_tenant(uow_factory)
    with pytest.raises(ReadOnlyTransactionError), uow_factory.tenant(tenant_id, write=False) as uow:
        uow.login_attempts.record_failure("caja-1", NOW)
    with uow_factory.tenant(tenant_id, write=False) as uow:
        assert uow.login_attempts.failures_since(NOW) == []


def test_a_platform_read_refuses_to_create_a_tenant(uow_factory: UnitOfWorkFactory) -> None:
    with pytest.raises(ReadOnlyTransactionError), uow_factory.platform(write=False) as p:
        p.tenants.add(Tenant.create(name="Refaccionaria Dos", rfc="AAA010101AAA", now=NOW))
        p.commit()
    with uow_factory.platform(write=False) as p:
        assert p.tenants.count() == 0


def test_a_read_does_not_wait_for_a_write_under_way(uow_factory: UnitOfWorkFactory) -> None:
    """While a write transaction is open (SQLite: it holds the write lock), a read in another thread
    answers at once with the last committed state."""
    tenant_id, _ = new_tenant(uow_factory)
    seen: list[list[str]] = []
    with uow_factory.tenant(tenant_id) as writing:
        writing.branches.add(_branch(tenant_id, "Norte"))
        reader = threading.Thread(target=lambda: seen.append(_branch_names(uow_factory, tenant_id)))
        reader.start()
        reader.join(timeout=60)  # a bound for a broken build only: a waiting read never returns here
        assert not reader.is_alive() and seen == [["Matriz"]]
        writing.commit()
    assert _branch_names(uow_factory, tenant_id) == ["Matriz", "Norte"]
