"""The PIN login limiter: a success never resets the tenant's count, a flood cannot lock out known devices."""

from __future__ import annotations

from datetime import timedelta

import pytest

from nexus_core.domain.login_limiter import (
    MAX_FAILURES_PER_WINDOW,
    PER_KEY_HARD_LIMIT,
    PER_KEY_LIMIT,
    POOL_LIMITS,
    WINDOW,
    Pool,
)
from nexus_core.domain.security_events import SecurityEventKind
from nexus_core.errors import Forbidden, RateLimited, RuleViolation, Unauthorized
from nexus_core.services.auth import PinLogin, PinLoginResult, login_with_pin
from nexus_core.services.config import CreateEmployee, create_employee
from nexus_core.services.devices import (
    EnrollDevice,
    ListDevices,
    RevokeDevice,
    enroll_device,
    list_devices,
    revoke_device,
)
from nexus_core.testing.builders import login

SECRET = "s" * 40


def attempt(nexus, tenant_id, pin, device, secret=None, new_secret=None) -> PinLoginResult:
    cmd = PinLogin(tenant_id=tenant_id, pin=pin, device_id=device, device_secret=secret, new_device_secret=new_secret)
    return nexus.run(tenant_id, login_with_pin, cmd)


def events(nexus, tenant_id, kind=None):
    with nexus.uows.tenant(tenant_id) as uow:
        return [e for e in uow.security_events.list(1000) if kind is None or e.kind is kind]


def test_a_known_pin_no_longer_resets_the_count(nexus, shop, owner) -> None:
    """Defect 1: four wrong PINs and one known PIN, repeated from one device, used to guess forever."""
    nexus.run(shop.tenant_id, create_employee, CreateEmployee(actor=owner, name="Caja", role="cashier", pin="1111"))
    wrong = 0
    with pytest.raises(RateLimited):
        for guess in range(2000, 3000):
            for _ in range(4):
                with pytest.raises(Unauthorized):
                    attempt(nexus, shop.tenant_id, str(guess), "tablet-x")
                wrong += 1
            attempt(nexus, shop.tenant_id, "1111", "tablet-x")
    assert wrong <= POOL_LIMITS[Pool.UNKNOWN]


def test_rotating_devices_cannot_lock_out_known_tablets(nexus, shop, clock) -> None:
    """Defect 3: 30 wrong PINs from new device ids used to lock the owner out for 15 minutes."""
    learned = attempt(nexus, shop.tenant_id, "1234", "caja-1", new_secret=SECRET).device_secret
    assert learned == SECRET
    for i in range(40):
        with pytest.raises((Unauthorized, RateLimited)):
            attempt(nexus, shop.tenant_id, "0000", f"rotating-{i}")
    with pytest.raises(RateLimited) as limited:
        attempt(nexus, shop.tenant_id, "1234", "brand-new")
    assert 0 < limited.value.retry_after <= WINDOW.total_seconds() + 1
    # the shop's own tablet, proving itself with its secret, still logs in
    assert attempt(nexus, shop.tenant_id, "1234", "caja-1", secret=SECRET).token
    # its name alone proves nothing
    with pytest.raises(RateLimited):
        attempt(nexus, shop.tenant_id, "1234", "caja-1")
    lockouts = events(nexus, shop.tenant_id, SecurityEventKind.LOCKOUT)
    assert [e.subject for e in lockouts] == ["pool:unknown"]  # recorded once, when it began


def test_an_enrolled_device_logs_in_during_a_flood_of_its_own_pool(nexus, shop, owner) -> None:
    enroll_device_cmd = EnrollDevice(actor=owner, device_id="mostrador", secret=SECRET, label="Mostrador")
    device = nexus.run(shop.tenant_id, enroll_device, enroll_device_cmd)
    # a flood of learned devices (an insider with a valid PIN mints them) locks the learned pool...
    for i in range(POOL_LIMITS[Pool.LEARNED] or 0):
        secret = f"learned-secret-{i:04d}".ljust(40, "x")
        attempt(nexus, shop.tenant_id, "1234", f"l{i}", new_secret=secret)
        with pytest.raises(Unauthorized):
            attempt(nexus, shop.tenant_id, "0000", f"l{i}", secret=secret)
    with pytest.raises(RateLimited):
        attempt(nexus, shop.tenant_id, "1234", "l0", secret="learned-secret-0000".ljust(40, "x"))
    # ...and the unknown pool; the enrolled device is untouched
    for i in range(POOL_LIMITS[Pool.UNKNOWN] or 0):
        with pytest.raises(Unauthorized):
            attempt(nexus, shop.tenant_id, "0000", f"u{i}")
    assert attempt(nexus, shop.tenant_id, "1234", "mostrador", secret=SECRET).device_secret is None
    # its own limit still holds
    for _ in range(PER_KEY_LIMIT):
        with pytest.raises(Unauthorized):
            attempt(nexus, shop.tenant_id, "0000", "mostrador", secret=SECRET)
    with pytest.raises(RateLimited):
        attempt(nexus, shop.tenant_id, "1234", "mostrador", secret=SECRET)
    # revoked: the secret proves nothing any more
    nexus.run(shop.tenant_id, revoke_device, RevokeDevice(actor=owner, device_id=device.id))
    assert [d.name for d in nexus.run(shop.tenant_id, list_devices, ListDevices(actor=owner))] == [
        f"l{i}" for i in range(POOL_LIMITS[Pool.LEARNED] or 0)
    ]
    kinds = [e.kind for e in events(nexus, shop.tenant_id)]
    assert SecurityEventKind.DEVICE_ENROLLED in kinds and SecurityEventKind.DEVICE_REVOKED in kinds


def test_a_learned_device_is_forgotten_after_30_days(nexus, shop, clock) -> None:
    attempt(nexus, shop.tenant_id, "1234", "caja-1", new_secret=SECRET)
    clock.advance(timedelta(days=30, seconds=1))
    for i in range(POOL_LIMITS[Pool.UNKNOWN] or 0):
        with pytest.raises(Unauthorized):
            attempt(nexus, shop.tenant_id, "0000", f"u{i}")
    with pytest.raises(RateLimited):
        attempt(nexus, shop.tenant_id, "1234", "caja-1", secret=SECRET)


def test_a_secret_under_another_name_proves_nothing(nexus, shop) -> None:
    attempt(nexus, shop.tenant_id, "1234", "caja-1", new_secret=SECRET)
    for i in range(POOL_LIMITS[Pool.UNKNOWN] or 0):
        with pytest.raises(Unauthorized):
            attempt(nexus, shop.tenant_id, "0000", f"u{i}")
    with pytest.raises(RateLimited):
        attempt(nexus, shop.tenant_id, "1234", "caja-2", secret=SECRET)


def test_a_success_clears_only_its_own_device_for_later_attempts(nexus, shop) -> None:
    attempt(nexus, shop.tenant_id, "1234", "caja-1", new_secret=SECRET)
    for _ in range(2):
        for _ in range(PER_KEY_LIMIT - 1):
            with pytest.raises(Unauthorized):
                attempt(nexus, shop.tenant_id, "0000", "caja-1", secret=SECRET)
        attempt(nexus, shop.tenant_id, "1234", "caja-1", secret=SECRET)
    with nexus.uows.tenant(shop.tenant_id) as uow:
        since = nexus.deps.clock.now() - WINDOW
        assert len(uow.pin_failures.pool_failures(Pool.LEARNED, since)) == 2 * (PER_KEY_LIMIT - 1)


def test_enrolment_is_for_owners_and_admins_and_bounded(nexus, shop, owner) -> None:
    nexus.run(shop.tenant_id, create_employee, CreateEmployee(actor=owner, name="Caja", role="cashier", pin="1111"))
    _, cashier = login(nexus, shop.tenant_id, "1111")
    with pytest.raises(Forbidden):
        nexus.run(shop.tenant_id, enroll_device, EnrollDevice(actor=cashier, device_id="x", secret=SECRET))
    nexus.run(shop.tenant_id, enroll_device, EnrollDevice(actor=owner, device_id="x", secret=SECRET))
    with pytest.raises(RuleViolation):
        nexus.run(shop.tenant_id, enroll_device, EnrollDevice(actor=owner, device_id="x", secret="t" * 40))


def test_a_known_pin_on_an_enrolled_device_does_not_buy_endless_guesses(nexus, shop, owner) -> None:
    nexus.run(shop.tenant_id, enroll_device, EnrollDevice(actor=owner, device_id="mostrador", secret=SECRET))
    wrong = 0
    with pytest.raises(RateLimited):
        for _ in range(100):
            for _ in range(PER_KEY_LIMIT - 1):
                with pytest.raises(Unauthorized):
                    attempt(nexus, shop.tenant_id, "0000", "mostrador", secret=SECRET)
                wrong += 1
            attempt(nexus, shop.tenant_id, "1234", "mostrador", secret=SECRET)
    assert wrong <= PER_KEY_HARD_LIMIT


def test_the_bound_is_finite_and_documented() -> None:
    assert MAX_FAILURES_PER_WINDOW == 30 + 30 + PER_KEY_HARD_LIMIT * 20
