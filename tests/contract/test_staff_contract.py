"""Employees (PIN lookups) and parcels users (emails)."""

from __future__ import annotations

from datetime import UTC
from decimal import Decimal

import pytest

from contract.builders import NOW, employee, new_tenant, user
from nexus_core.domain.staff import Role
from nexus_core.errors import Conflict
from nexus_core.ports.unit_of_work import UnitOfWorkFactory


def test_employee_add_get_list_round_trips_every_field(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, branch_id = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        ana = employee(uow, branch_id, discount=Decimal("12.35"))
        ana_id = uow.employees.add(ana)
        assert ana.id == ana_id
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        got = uow.employees.get(ana_id)
        assert got is not None
        assert (got.id, got.tenant_id, got.branch_id, got.name, got.role) == (
            ana_id,
            tenant_id,
            branch_id,
            "Ana Lopez",
            Role.CASHIER,
        )
        assert (got.email, got.phone, got.is_active) == ("ana@example.com", "5551234567", True)
        assert (got.pin_lookup, got.pin_hash) == ("lookup-1234", "hash$lookup-1234")
        assert [e.id for e in uow.employees.list()] == [ana_id]
        assert uow.employees.get(ana_id + 1000) is None


@pytest.mark.parametrize("pct", ["0", "0.01", "12.35", "33.33", "99.99", "100"])
def test_max_discount_pct_round_trips_exactly(uow_factory: UnitOfWorkFactory, pct: str) -> None:
    tenant_id, branch_id = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        employee_id = uow.employees.add(employee(uow, branch_id, discount=Decimal(pct).quantize(Decimal("0.01"))))
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        got = uow.employees.get(employee_id)
        assert got is not None
        assert isinstance(got.max_discount_pct, Decimal)
        assert got.max_discount_pct == Decimal(pct)
        assert str(got.max_discount_pct) == str(Decimal(pct).quantize(Decimal("0.01")))


def test_timestamps_round_trip_timezone_aware_utc(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, branch_id = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        employee_id = uow.employees.add(employee(uow, branch_id))
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        got = uow.employees.get(employee_id)
        tenant = uow.tenant.get()
        assert got is not None and tenant is not None
        for value in (got.created_at, tenant.created_at):
            assert value == NOW
            assert value.tzinfo is not None and value.utcoffset() == UTC.utcoffset(None)


def test_find_active_by_pin(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, branch_id = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        ana_id = uow.employees.add(employee(uow, branch_id, pin_lookup="pin-a"))
        uow.employees.add(employee(uow, branch_id, pin_lookup="pin-b", name="Beto"))
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        found = uow.employees.find_active_by_pin("pin-a")
        assert found is not None and found.id == ana_id
        assert uow.employees.find_active_by_pin("pin-z") is None


def test_two_active_employees_cannot_share_a_pin(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, branch_id = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        uow.employees.add(employee(uow, branch_id, pin_lookup="pin-a"))
        uow.commit()
    with pytest.raises(Conflict), uow_factory.tenant(tenant_id) as uow:
        uow.employees.add(employee(uow, branch_id, pin_lookup="pin-a", name="Beto"))
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        assert len(uow.employees.list()) == 1


def test_deactivating_an_employee_frees_the_pin(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, branch_id = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        ana = employee(uow, branch_id, pin_lookup="pin-a")
        uow.employees.add(ana)
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        stored = uow.employees.get(ana.id or 0)
        assert stored is not None
        stored.is_active = False
        stored.max_discount_pct = Decimal("5.00")
        uow.employees.update(stored)
        beto_id = uow.employees.add(employee(uow, branch_id, pin_lookup="pin-a", name="Beto"))
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        found = uow.employees.find_active_by_pin("pin-a")
        assert found is not None and found.id == beto_id
        old = uow.employees.get(ana.id or 0)
        assert old is not None and not old.is_active and old.max_discount_pct == Decimal("5.00")
        assert len(uow.employees.list()) == 2


def test_user_add_get(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, _ = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        ops = user(uow, "Ops@Example.com")
        user_id = uow.users.add(ops)
        assert ops.id == user_id
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        got = uow.users.get(user_id)
        assert got is not None
        assert (got.id, got.tenant_id, got.email, got.name, got.role.value) == (
            user_id,
            tenant_id,
            "ops@example.com",
            "Ops",
            "seller",
        )
        assert (got.password_hash, got.is_active, got.created_at) == ("pw-hash", True, NOW)
        assert uow.users.get(user_id + 1000) is None


def test_user_directory_finds_by_email_case_insensitively(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, _ = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        user_id = uow.users.add(user(uow, "ops@example.com"))
        uow.commit()
    with uow_factory.platform() as p:
        for email in ("ops@example.com", "OPS@Example.COM"):
            found = p.user_directory.get_by_email(email)
            assert found is not None and (found.id, found.tenant_id) == (user_id, tenant_id)
        assert p.user_directory.get_by_email("nobody@example.com") is None


def test_an_email_is_unique_across_tenants(uow_factory: UnitOfWorkFactory) -> None:
    one, _ = new_tenant(uow_factory, "Uno")
    two, _ = new_tenant(uow_factory, "Dos")
    with uow_factory.tenant(one) as uow:
        uow.users.add(user(uow, "ops@example.com"))
        uow.commit()
    with pytest.raises(Conflict), uow_factory.tenant(two) as uow:
        uow.users.add(user(uow, "OPS@example.com"))
        uow.commit()


def test_updating_an_employee_of_another_tenant_is_not_found(uow_factory: UnitOfWorkFactory) -> None:
    from nexus_core.errors import NotFound

    tenant_id, branch_id = new_tenant(uow_factory)
    other_id, _ = new_tenant(uow_factory, name="Otra Refaccionaria")
    with uow_factory.tenant(tenant_id) as uow:
        ana = employee(uow, branch_id)
        uow.employees.add(ana)
        uow.commit()
    with uow_factory.tenant(other_id) as uow:
        ana.tenant_id = other_id
        with pytest.raises(NotFound):
            uow.employees.update(ana)
