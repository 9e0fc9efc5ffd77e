"""Transactions: the same behaviour from the fakes, SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from contract.builders import NOW, new_tenant
from nexus_core.domain.tenancy import Branch, Tenant
from nexus_core.errors import Conflict
from nexus_core.ports.unit_of_work import UnitOfWorkFactory


def _branch(tenant_id: int, name: str) -> Branch:
    return Branch.create(tenant_id=tenant_id, name=name, address=None, phone=None)


def test_leaving_without_commit_discards_everything(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, _ = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        uow.branches.add(_branch(tenant_id, "Norte"))
    with uow_factory.tenant(tenant_id) as uow:
        assert [b.name for b in uow.branches.list()] == ["Matriz"]


def test_an_exception_rolls_back(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, _ = new_tenant(uow_factory)
    with pytest.raises(RuntimeError), uow_factory.tenant(tenant_id) as uow:
        uow.branches.add(_branch(tenant_id, "Norte"))
        raise RuntimeError("handler failed")
    with uow_factory.tenant(tenant_id) as uow:
        assert len(uow.branches.list()) == 1


def test_explicit_rollback_discards_and_the_unit_of_work_stays_usable(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, _ = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        uow.branches.add(_branch(tenant_id, "Norte"))
        uow.rollback()
        uow.branches.add(_branch(tenant_id, "Sur"))
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        assert [b.name for b in uow.branches.list()] == ["Matriz", "Sur"]


def test_commit_then_continue_keeps_the_first_part_only(uow_factory: UnitOfWorkFactory) -> None:
    """What ``login_with_pin`` does: commit the failure, then refuse (leave without a second commit)."""
    tenant_id, _ = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        uow.login_attempts.record_failure("caja-1", NOW)
        uow.commit()
        uow.login_attempts.record_failure("caja-1", NOW)
        assert len(uow.login_attempts.failures_since(NOW)) == 2
    with uow_factory.tenant(tenant_id) as uow:
        assert uow.login_attempts.failures_since(NOW) == [NOW]


def test_commit_twice_in_one_unit_of_work(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, _ = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        uow.branches.add(_branch(tenant_id, "Norte"))
        uow.commit()
        uow.branches.add(_branch(tenant_id, "Sur"))
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        assert len(uow.branches.list()) == 3


def test_platform_and_tenant_views_share_one_transaction(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory.platform() as p:
        tenant_id = p.tenants.add(Tenant.create(name="Uno", rfc=None, now=NOW))
        tuow = p.for_tenant(tenant_id)
        assert tuow.tenant_id == tenant_id
        tuow.branches.add(_branch(tenant_id, "Matriz"))
        # not committed: tenant and branch vanish together
    with uow_factory.platform() as p:
        assert p.tenants.get(tenant_id) is None
        assert p.tenants.find_by_name("Uno") is None


def test_committing_through_the_tenant_view_commits_the_platform_work(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory.platform() as p:
        tenant_id = p.tenants.add(Tenant.create(name="Uno", rfc=None, now=NOW))
        p.for_tenant(tenant_id).commit()
    with uow_factory.platform() as p:
        tenant = p.tenants.get(tenant_id)
        assert tenant is not None and tenant.name == "Uno"


def test_a_duplicate_tenant_name_is_a_conflict_whatever_the_case(uow_factory: UnitOfWorkFactory) -> None:
    new_tenant(uow_factory, "Refaccionaria Ñandú")
    with pytest.raises(Conflict), uow_factory.platform() as p:
        p.tenants.add(Tenant.create(name="REFACCIONARIA ÑANDÚ", rfc=None, now=NOW))
        p.commit()
