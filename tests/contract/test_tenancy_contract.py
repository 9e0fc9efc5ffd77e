"""Tenants and branches, and the wall between tenants."""

from __future__ import annotations

from contract.builders import NOW, employee, new_tenant, running, user
from nexus_core.domain.tenancy import Branch
from nexus_core.ports.unit_of_work import UnitOfWorkFactory


def test_tenant_add_get_and_find_by_name(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, _ = new_tenant(uow_factory, "Refaccionaria Ñandú")
    with uow_factory.platform() as p:
        tenant = p.tenants.get(tenant_id)
        assert tenant is not None
        assert (tenant.id, tenant.name, tenant.rfc, tenant.theme) == (
            tenant_id,
            "Refaccionaria Ñandú",
            "AAA010101AAA",
            "default",
        )
        assert tenant.created_at == NOW
        found = p.tenants.find_by_name("refaccionaria ñandú")
        assert found is not None and found.id == tenant_id
        assert p.tenants.find_by_name("Otra") is None
        assert p.tenants.get(tenant_id + 1000) is None


def test_count_tenants(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory.platform() as p:
        assert p.tenants.count() == 0
    new_tenant(uow_factory, "Uno")
    new_tenant(uow_factory, "Dos")
    with uow_factory.platform() as p:
        assert p.tenants.count() == 2


def test_the_unit_of_work_sees_and_updates_its_own_tenant(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, _ = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        tenant = uow.tenant.get()
        assert tenant is not None and tenant.id == tenant_id
        tenant.theme = "dark"
        uow.tenant.update(tenant)
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        again = uow.tenant.get()
        assert again is not None and again.theme == "dark"


def test_a_unit_of_work_for_a_missing_tenant_finds_no_tenant(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory.tenant(999) as uow:
        assert uow.tenant.get() is None
        assert uow.branches.list() == []


def test_branches_add_get_list(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, matriz_id = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        norte = Branch.create(tenant_id=tenant_id, name="Norte", address=None, phone="5550000000")
        norte_id = uow.branches.add(norte)
        assert norte.id == norte_id != matriz_id
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        got = uow.branches.get(norte_id)
        assert got is not None
        assert (got.id, got.tenant_id, got.name, got.address, got.phone, got.is_active) == (
            norte_id,
            tenant_id,
            "Norte",
            None,
            "5550000000",
            True,
        )
        assert [b.id for b in uow.branches.list()] == [matriz_id, norte_id]
        assert uow.branches.get(norte_id + 1000) is None


def test_another_tenants_rows_are_invisible(uow_factory: UnitOfWorkFactory) -> None:
    one, branch_one = new_tenant(uow_factory, "Uno")
    two, _ = new_tenant(uow_factory, "Dos")
    with uow_factory.tenant(one) as uow:
        employee_id = uow.employees.add(employee(uow, branch_one, pin_lookup="shared-pin"))
        user_id = uow.users.add(user(uow, "uno@example.com"))
        uow.login_attempts.record_failure("caja-1", NOW)
        assert uow.idempotency.claim(running("K-1"))
        uow.commit()
    with uow_factory.tenant(two) as uow:
        tenant = uow.tenant.get()
        assert tenant is not None and tenant.id == two
        assert uow.branches.get(branch_one) is None
        assert branch_one not in [b.id for b in uow.branches.list()]
        assert uow.employees.get(employee_id) is None
        assert uow.employees.list() == []
        assert uow.employees.find_active_by_pin("shared-pin") is None
        assert uow.users.get(user_id) is None
        assert uow.login_attempts.failures_since(NOW) == []
        assert uow.idempotency.get("employee:1", "K-1") is None
        # the same key is free in another tenant, and deleting it there leaves tenant one's alone
        assert uow.idempotency.claim(running("K-1"))
        assert uow.idempotency.release(running("K-1"))
        uow.login_attempts.clear_device("caja-1")
        uow.commit()
    with uow_factory.tenant(one) as uow:
        assert uow.idempotency.get("employee:1", "K-1") is not None
        assert uow.login_attempts.failures_since(NOW) == [NOW]
