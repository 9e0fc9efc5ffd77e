"""Employees after hiring: change, switch off and on, reset the PIN; choosing a PIN is no oracle."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nexus_core.domain.login_limiter import PER_KEY_LIMIT
from nexus_core.domain.security_events import SecurityEventKind
from nexus_core.errors import Forbidden, InvalidInput, NotFound, RateLimited, RuleViolation, Unauthorized
from nexus_core.services.config import CreateBranch, CreateEmployee, create_branch, create_employee
from nexus_core.services.employees import ResetPin, UpdateEmployee, reset_pin, update_employee
from nexus_core.services.sessions import ReadEmployeeState, current_actor, read_employee_state
from nexus_core.testing.builders import login


def hire(nexus, shop, actor, pin, role="cashier", name="Juan"):
    return nexus.run(shop.tenant_id, create_employee, CreateEmployee(actor=actor, name=name, role=role, pin=pin))


def journal(nexus, tenant_id, kind):
    with nexus.uows.tenant(tenant_id) as uow:
        return [e for e in uow.security_events.list(1000) if e.kind is kind]


def test_an_admin_cannot_probe_pins_faster_than_logins(nexus, shop, owner) -> None:
    """Defect 2: "pin is already used" versus "name is required" told an admin every PIN in use."""
    hire(nexus, shop, owner, "2222", role="admin", name="Ada")
    _, admin = login(nexus, shop.tenant_id, "2222")
    # every other field is judged before the PIN: an empty name says nothing about the PIN
    for pin in ("1234", "7531"):
        with pytest.raises(InvalidInput, match="name is required"):
            nexus.run(shop.tenant_id, create_employee, CreateEmployee(actor=admin, name="", role="cashier", pin=pin))
    # a PIN in use is a failed attempt against the admin's limiter...
    for _ in range(PER_KEY_LIMIT):
        with pytest.raises(RuleViolation, match="already used"):
            hire(nexus, shop, admin, "1234")
    # ...so after a handful, no PIN is even looked at, taken or free
    for pin in ("1234", "9876"):
        with pytest.raises(RateLimited):
            hire(nexus, shop, admin, pin)
    assert len(journal(nexus, shop.tenant_id, SecurityEventKind.PIN_REFUSED)) == PER_KEY_LIMIT
    assert journal(nexus, shop.tenant_id, SecurityEventKind.LOCKOUT)


def test_owner_changes_role_branch_discount_and_name(nexus, shop, owner) -> None:
    juan = hire(nexus, shop, owner, "5678")
    norte = nexus.run(shop.tenant_id, create_branch, CreateBranch(actor=owner, name="Norte"))
    cmd = UpdateEmployee(
        actor=owner, employee_id=juan, name="Juan Lopez", role="warehouse", branch_id=norte, max_discount_pct=Decimal(5)
    )
    e = nexus.run(shop.tenant_id, update_employee, cmd)
    got = (e.name, e.role.value, e.branch_id, e.max_discount_pct)
    assert got == ("Juan Lopez", "warehouse", norte, Decimal("5.00"))
    assert journal(nexus, shop.tenant_id, SecurityEventKind.EMPLOYEE_UPDATED)


def test_deactivation_kills_the_token_for_reads_and_writes(nexus, shop, owner) -> None:
    juan = hire(nexus, shop, owner, "5678")
    _, cashier = login(nexus, shop.tenant_id, "5678")
    nexus.run(shop.tenant_id, update_employee, UpdateEmployee(actor=owner, employee_id=juan, active=False))
    state = nexus.run(shop.tenant_id, read_employee_state, ReadEmployeeState(juan))
    with pytest.raises(Unauthorized):
        current_actor(cashier, state)
    with pytest.raises(Unauthorized):
        login(nexus, shop.tenant_id, "5678")
    # back on: the same PIN works again
    nexus.run(shop.tenant_id, update_employee, UpdateEmployee(actor=owner, employee_id=juan, active=True))
    login(nexus, shop.tenant_id, "5678")


def test_demotion_shrinks_read_permissions(nexus, shop, owner) -> None:
    ada = hire(nexus, shop, owner, "2222", role="admin")
    _, admin = login(nexus, shop.tenant_id, "2222")
    nexus.run(shop.tenant_id, update_employee, UpdateEmployee(actor=owner, employee_id=ada, role="cashier"))
    now = current_actor(admin, nexus.run(shop.tenant_id, read_employee_state, ReadEmployeeState(ada)))
    with pytest.raises(Forbidden):
        now.require("config.view")


def test_reactivation_with_a_pin_now_taken_is_refused_and_counted(nexus, shop, owner) -> None:
    juan = hire(nexus, shop, owner, "5678")
    nexus.run(shop.tenant_id, update_employee, UpdateEmployee(actor=owner, employee_id=juan, active=False))
    hire(nexus, shop, owner, "5678", name="Pedro")
    with pytest.raises(RuleViolation, match="already used"):
        nexus.run(shop.tenant_id, update_employee, UpdateEmployee(actor=owner, employee_id=juan, active=True))
    assert journal(nexus, shop.tenant_id, SecurityEventKind.PIN_REFUSED)


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"active": False}, RuleViolation),  # the owner cannot be switched off
        ({"role": "cashier"}, RuleViolation),  # nor demoted
        ({"role": "owner"}, InvalidInput),
        ({}, InvalidInput),
        ({"name": "  "}, InvalidInput),
        ({"max_discount_pct": Decimal(101)}, InvalidInput),
        ({"branch_id": 999}, NotFound),
    ],
)
def test_refused_changes_change_nothing(nexus, shop, owner, change, error) -> None:
    owners_own = "branch_id" not in change and "name" not in change
    target = shop.employee_id if owners_own else hire(nexus, shop, owner, "5555")
    with pytest.raises(error):
        nexus.run(shop.tenant_id, update_employee, UpdateEmployee(actor=owner, employee_id=target, **change))
    assert not journal(nexus, shop.tenant_id, SecurityEventKind.EMPLOYEE_UPDATED)


def test_admins_cannot_touch_the_owner_and_cashiers_nobody(nexus, shop, owner) -> None:
    hire(nexus, shop, owner, "2222", role="admin")
    juan = hire(nexus, shop, owner, "5678")
    _, admin = login(nexus, shop.tenant_id, "2222")
    _, cashier = login(nexus, shop.tenant_id, "5678")
    with pytest.raises(Forbidden):
        nexus.run(shop.tenant_id, update_employee, UpdateEmployee(actor=admin, employee_id=shop.employee_id, name="X"))
    with pytest.raises(Forbidden):
        nexus.run(shop.tenant_id, reset_pin, ResetPin(actor=admin, employee_id=shop.employee_id, pin="9999"))
    with pytest.raises(Forbidden):
        nexus.run(shop.tenant_id, update_employee, UpdateEmployee(actor=cashier, employee_id=juan, name="X"))
    with pytest.raises(RuleViolation):
        cmd = UpdateEmployee(actor=admin, employee_id=admin.principal_id, active=False)
        nexus.run(shop.tenant_id, update_employee, cmd)
    with pytest.raises(NotFound):
        nexus.run(shop.tenant_id, update_employee, UpdateEmployee(actor=owner, employee_id=999, name="X"))


def test_pin_reset(nexus, shop, owner) -> None:
    juan = hire(nexus, shop, owner, "5678")
    nexus.run(shop.tenant_id, reset_pin, ResetPin(actor=owner, employee_id=juan, pin="8765"))
    with pytest.raises(Unauthorized):
        login(nexus, shop.tenant_id, "5678", device="t9")
    assert login(nexus, shop.tenant_id, "8765")[0].employee.id == juan
    # its own PIN again is no collision; another's is, and counts
    nexus.run(shop.tenant_id, reset_pin, ResetPin(actor=owner, employee_id=juan, pin="8765"))
    with pytest.raises(RuleViolation):
        nexus.run(shop.tenant_id, reset_pin, ResetPin(actor=owner, employee_id=juan, pin="1234"))
    with pytest.raises(InvalidInput):
        nexus.run(shop.tenant_id, reset_pin, ResetPin(actor=owner, employee_id=juan, pin="12"))
    assert len(journal(nexus, shop.tenant_id, SecurityEventKind.PIN_RESET)) == 2
