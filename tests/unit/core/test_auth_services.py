from __future__ import annotations

from datetime import timedelta

import pytest

from nexus_core.errors import NotFound, RateLimited, Unauthorized
from nexus_core.services.auth import (
    ListLoginEmployees,
    PasswordLogin,
    PinLogin,
    WhoAmI,
    actor_from_claims,
    list_login_employees,
    login_with_password,
    login_with_pin,
    who_am_i,
)
from nexus_core.services.config import CreateEmployee, create_employee
from nexus_core.services.tenants import CreateUser, create_user
from nexus_core.testing import FakeClock
from nexus_core.testing.builders import login


def test_pin_login_returns_the_seed_token_claims(nexus, shop, clock: FakeClock) -> None:
    result, actor = login(nexus, shop.tenant_id, "1234")
    claims = nexus.deps.tokens.decode(result.token)
    for claim in ("tenant_id", "employee_id", "name", "role", "branch_id", "permissions", "device_id", "exp", "iat"):
        assert claim in claims
    assert claims["exp"] - claims["iat"] == 8 * 3600
    assert result.employee.role == "owner"
    assert actor.permissions == frozenset(result.permissions)
    assert actor.device_id == "tablet-01"


def test_unknown_tenant_is_not_found(nexus) -> None:
    with pytest.raises(NotFound):
        nexus.run(99, login_with_pin, PinLogin(tenant_id=99, pin="1234"))


def test_wrong_pin_is_unauthorized_and_counted(nexus, shop) -> None:
    for _ in range(5):
        with pytest.raises(Unauthorized):
            nexus.run(shop.tenant_id, login_with_pin, PinLogin(tenant_id=shop.tenant_id, pin="9999", device_id="t1"))
    with pytest.raises(RateLimited) as limited:
        nexus.run(shop.tenant_id, login_with_pin, PinLogin(tenant_id=shop.tenant_id, pin="1234", device_id="t1"))
    assert 0 < limited.value.retry_after <= 15 * 60 + 1
    # another device of the same shop still logs in
    login(nexus, shop.tenant_id, "1234", device="t2")


def test_rate_limit_window_slides(nexus, shop, clock: FakeClock) -> None:
    for _ in range(5):
        with pytest.raises(Unauthorized):
            nexus.run(shop.tenant_id, login_with_pin, PinLogin(tenant_id=shop.tenant_id, pin="9999", device_id="t1"))
    clock.advance(timedelta(minutes=15, seconds=1))
    login(nexus, shop.tenant_id, "1234", device="t1")


def test_tenant_wide_ceiling_stops_device_rotation(nexus, shop) -> None:
    for i in range(30):
        with pytest.raises(Unauthorized):
            nexus.run(shop.tenant_id, login_with_pin, PinLogin(tenant_id=shop.tenant_id, pin="9999", device_id=f"d{i}"))
    with pytest.raises(RateLimited):
        login(nexus, shop.tenant_id, "1234", device="fresh")


def test_successful_login_clears_the_device_count(nexus, shop) -> None:
    for _ in range(4):
        with pytest.raises(Unauthorized):
            nexus.run(shop.tenant_id, login_with_pin, PinLogin(tenant_id=shop.tenant_id, pin="9999", device_id="t1"))
    login(nexus, shop.tenant_id, "1234", device="t1")
    for _ in range(4):
        with pytest.raises(Unauthorized):
            nexus.run(shop.tenant_id, login_with_pin, PinLogin(tenant_id=shop.tenant_id, pin="9999", device_id="t1"))
    login(nexus, shop.tenant_id, "1234", device="t1")


def test_login_branch_must_belong_to_the_tenant(nexus, shop) -> None:
    other = nexus.run_platform(
        __import__("nexus_core.services.tenants", fromlist=["create_tenant"]).create_tenant,
        __import__("nexus_core.services.tenants", fromlist=["CreateTenant"]).CreateTenant(
            name="Otra", owner_name="Otro", owner_pin="4321"
        ),
    )
    with pytest.raises(NotFound):
        nexus.run(
            shop.tenant_id,
            login_with_pin,
            PinLogin(tenant_id=shop.tenant_id, pin="1234", branch_id=other.branch_id),
        )


def test_same_pin_in_two_tenants_finds_each_tenants_own_employee(nexus, shop) -> None:
    from nexus_core.services.tenants import CreateTenant, create_tenant

    other = nexus.run_platform(create_tenant, CreateTenant(name="Otra", owner_name="Otro Dueno", owner_pin="1234"))
    result, _ = login(nexus, other.tenant_id, "1234")
    assert result.employee.name == "Otro Dueno"


def test_login_screen_lists_active_employees_without_secrets(nexus, shop, owner) -> None:
    nexus.run(
        shop.tenant_id, create_employee, CreateEmployee(actor=owner, name="Juan Lopez", role="cashier", pin="5678")
    )
    faces = nexus.run(shop.tenant_id, list_login_employees, ListLoginEmployees(tenant_id=shop.tenant_id))
    assert [(f.name, f.initials, f.role_label) for f in faces] == [
        ("Ana Perez", "AP", "Dueno"),
        ("Juan Lopez", "JL", "Cajero"),
    ]


def test_me_reads_the_employee_from_the_database(nexus, shop, owner) -> None:
    me = nexus.run(shop.tenant_id, who_am_i, WhoAmI(actor=owner))
    assert (me.employee_id, me.name, me.role, me.tenant_id) == (shop.employee_id, "Ana Perez", "owner", shop.tenant_id)


def test_deactivated_employee_token_dies(nexus, shop, owner) -> None:
    def deactivate(_cmd, uow, _deps):
        e = uow.employees.get(shop.employee_id)
        e.is_active = False
        uow.employees.update(e)

    nexus.run(shop.tenant_id, deactivate, None)
    with pytest.raises(Unauthorized):
        nexus.run(shop.tenant_id, who_am_i, WhoAmI(actor=owner))


def test_password_login(nexus, shop) -> None:
    nexus.run_platform(
        create_user, CreateUser(tenant_id=shop.tenant_id, email="Desk@Example.com", password="s3cret-pass")
    )
    result = nexus.run_platform(login_with_password, PasswordLogin(email="desk@example.com", password="s3cret-pass"))
    actor = actor_from_claims(nexus.deps.tokens.decode(result.token))
    assert actor.tenant_id == shop.tenant_id and actor.kind == "user"
    with pytest.raises(Unauthorized):
        nexus.run_platform(login_with_password, PasswordLogin(email="desk@example.com", password="wrong-pass"))
    with pytest.raises(Unauthorized):
        nexus.run_platform(login_with_password, PasswordLogin(email="nobody@example.com", password="s3cret-pass"))


def test_claims_missing_pieces_are_refused() -> None:
    with pytest.raises(Unauthorized):
        actor_from_claims({"typ": "pos", "tenant_id": 1})
    with pytest.raises(Unauthorized):
        actor_from_claims({"typ": "other", "tenant_id": 1})
