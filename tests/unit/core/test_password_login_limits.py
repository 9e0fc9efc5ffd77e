"""Parcels login: throttled per email and installation-wide; unknown emails cost what known ones do."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest

from nexus_core.domain.login_limiter import PASSWORD_PER_EMAIL_LIMIT, WINDOW
from nexus_core.errors import RateLimited, Unauthorized
from nexus_core.services.auth import PasswordLogin, login_with_password
from nexus_core.services.runner import Nexus
from nexus_core.services.tenants import CreateUser, create_user


class CountingHasher:
    def __init__(self, inner) -> None:
        self.inner, self.verified = inner, []

    def hash(self, secret):
        return self.inner.hash(secret)

    def verify(self, hashed, secret):
        self.verified.append(hashed)
        return self.inner.verify(hashed, secret)


@pytest.fixture
def user(nexus, shop):
    cmd = CreateUser(tenant_id=shop.tenant_id, email="desk@ex.com", password="pw-12345")
    return nexus.run_platform(create_user, cmd)


def run(nexus, email, password):
    return nexus.run_platform(login_with_password, PasswordLogin(email=email, password=password))


def test_wrong_passwords_are_throttled_per_email(nexus, user, clock) -> None:
    for _ in range(PASSWORD_PER_EMAIL_LIMIT):
        with pytest.raises(Unauthorized):
            run(nexus, "desk@ex.com", "wrong-pass")
    with pytest.raises(RateLimited) as limited:
        run(nexus, "DESK@ex.com", "pw-12345")
    assert 0 < limited.value.retry_after <= WINDOW.total_seconds() + 1
    clock.advance(timedelta(seconds=limited.value.retry_after))
    assert run(nexus, "desk@ex.com", "pw-12345").user_id == user
    with nexus.uows.platform() as uow:
        assert [e.kind.value for e in uow.platform_events.list()] == ["lockout"]


def test_unknown_emails_are_throttled_too_and_verified_like_known_ones(nexus, user) -> None:
    hasher = CountingHasher(nexus.deps.hasher)
    counted = Nexus(uows=nexus.uows, deps=attrs.evolve(nexus.deps, hasher=hasher))
    for email in ("nobody@ex.com", "desk@ex.com"):
        with pytest.raises(Unauthorized):
            run(counted, email, "wrong-pass")
    assert len(hasher.verified) == 2  # one slow verification each, known email or not
    for _ in range(PASSWORD_PER_EMAIL_LIMIT - 1):
        with pytest.raises(Unauthorized):
            run(counted, "nobody@ex.com", "wrong-pass")
    with pytest.raises(RateLimited):
        run(counted, "nobody@ex.com", "wrong-pass")


def test_a_success_does_not_forgive_other_emails(nexus, user) -> None:
    for _ in range(PASSWORD_PER_EMAIL_LIMIT - 1):
        with pytest.raises(Unauthorized):
            run(nexus, "victim@ex.com", "guess")
    run(nexus, "desk@ex.com", "pw-12345")
    with pytest.raises(Unauthorized):
        run(nexus, "victim@ex.com", "guess")
    with pytest.raises(RateLimited):
        run(nexus, "victim@ex.com", "guess")
