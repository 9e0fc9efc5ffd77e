from __future__ import annotations

from decimal import Decimal

import pytest

from nexus_core.errors import Forbidden, InvalidInput, NotFound, RuleViolation, Unauthorized
from nexus_core.services.config import (
    CreateBranch,
    CreateEmployee,
    GetTheme,
    ListBranches,
    ListEmployees,
    create_branch,
    create_employee,
    get_theme,
    list_branches,
    list_employees,
)
from nexus_core.services.tenants import CreateTenant, create_tenant
from nexus_core.testing.builders import login


def test_owner_creates_a_branch_and_an_employee(nexus, shop, owner) -> None:
    branch_id = nexus.run(shop.tenant_id, create_branch, CreateBranch(actor=owner, name="Sucursal Norte", phone="555"))
    emp_id = nexus.run(
        shop.tenant_id,
        create_employee,
        CreateEmployee(
            actor=owner, name="Juan", role="cashier", pin="5678", branch_id=branch_id, max_discount_pct=Decimal(10)
        ),
    )
    views = nexus.run(shop.tenant_id, list_employees, ListEmployees(actor=owner))
    juan = next(v for v in views if v.employee.id == emp_id)
    assert juan.branch_name == "Sucursal Norte"
    assert juan.employee.max_discount_pct == Decimal("10.00")
    assert [b.name for b in nexus.run(shop.tenant_id, list_branches, ListBranches(actor=owner))] == [
        "Matriz",
        "Sucursal Norte",
    ]


def test_cashier_cannot_edit_config_and_nothing_is_written(nexus, shop, owner) -> None:
    nexus.run(shop.tenant_id, create_employee, CreateEmployee(actor=owner, name="Caja", role="cashier", pin="5678"))
    _, cashier = login(nexus, shop.tenant_id, "5678")
    with pytest.raises(Forbidden):
        nexus.run(shop.tenant_id, create_branch, CreateBranch(actor=cashier, name="Nope"))
    with pytest.raises(Forbidden):
        nexus.run(shop.tenant_id, list_employees, ListEmployees(actor=cashier))
    assert len(nexus.run(shop.tenant_id, list_branches, ListBranches(actor=owner))) == 1


def test_demoted_employee_loses_write_access_at_once(nexus, shop, owner) -> None:
    admin_id = nexus.run(
        shop.tenant_id, create_employee, CreateEmployee(actor=owner, name="Adm", role="admin", pin="2222")
    )
    _, admin = login(nexus, shop.tenant_id, "2222")

    def demote(_c, uow, _d):
        e = uow.employees.get(admin_id)
        e.role = "cashier"
        from nexus_core.domain.staff import Role

        e.role = Role.CASHIER
        uow.employees.update(e)

    nexus.run(shop.tenant_id, demote, None)
    with pytest.raises(Forbidden):
        nexus.run(shop.tenant_id, create_branch, CreateBranch(actor=admin, name="X"))

    def fire(_c, uow, _d):
        e = uow.employees.get(admin_id)
        e.is_active = False
        uow.employees.update(e)

    nexus.run(shop.tenant_id, fire, None)
    with pytest.raises(Unauthorized):
        nexus.run(shop.tenant_id, create_branch, CreateBranch(actor=admin, name="X"))


def test_duplicate_pin_is_refused(nexus, shop, owner) -> None:
    with pytest.raises(RuleViolation) as err:
        nexus.run(shop.tenant_id, create_employee, CreateEmployee(actor=owner, name="Dup", role="cashier", pin="1234"))
    assert err.value.field == "pin"


def test_bad_employee_input(nexus, shop, owner) -> None:
    cases = [
        (CreateEmployee(actor=owner, name="X", role="owner", pin="5555"), InvalidInput, "role"),
        (CreateEmployee(actor=owner, name="X", role="cashier", pin="55"), InvalidInput, "pin"),
        (CreateEmployee(actor=owner, name="", role="cashier", pin="5555"), InvalidInput, "name"),
        (CreateEmployee(actor=owner, name="X", role="cashier", pin="5555", branch_id=99), NotFound, "branch_id"),
        (
            CreateEmployee(actor=owner, name="X", role="cashier", pin="5555", max_discount_pct=Decimal(120)),
            InvalidInput,
            "max_discount_pct",
        ),
        (CreateEmployee(actor=owner, name="X", role="cashier", pin="5555", email="nope"), InvalidInput, "email"),
    ]
    for cmd, error, field in cases:
        with pytest.raises(error) as err:
            nexus.run(shop.tenant_id, create_employee, cmd)
        assert err.value.field == field
    assert len(nexus.run(shop.tenant_id, list_employees, ListEmployees(actor=owner))) == 1


def test_other_tenants_branch_is_not_found(nexus, shop, owner) -> None:
    other = nexus.run_platform(create_tenant, CreateTenant(name="Otra", owner_name="O", owner_pin="4321"))
    with pytest.raises(NotFound):
        nexus.run(
            shop.tenant_id,
            create_employee,
            CreateEmployee(actor=owner, name="X", role="cashier", pin="5555", branch_id=other.branch_id),
        )


def test_duplicate_branch_name_is_refused(nexus, shop, owner) -> None:
    with pytest.raises(RuleViolation):
        nexus.run(shop.tenant_id, create_branch, CreateBranch(actor=owner, name="matriz"))


def test_theme(nexus, shop, owner) -> None:
    theme = nexus.run(shop.tenant_id, get_theme, GetTheme(actor=owner))
    assert theme.theme == "default"
    assert theme.variables["--radius"] == "8px"


def test_duplicate_tenant_name_is_refused(nexus, shop) -> None:
    with pytest.raises(RuleViolation):
        nexus.run_platform(create_tenant, CreateTenant(name="refaccionaria perez", owner_name="X", owner_pin="1111"))
