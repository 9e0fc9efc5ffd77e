"""Parcels login (email and password), throttled and constant-time.

Failures are counted per email (under a keyed digest, so the table names nobody) and installation
wide, within the same sliding window as PIN logins; a success clears only its own email's counter.
An unknown or inactive account costs one slow verification like a real one (against a dummy hash
made once by the same hasher), so the time of the answer says nothing about which emails exist.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from nexus_core.domain.login_limiter import (
    PASSWORD_GLOBAL_LIMIT,
    PASSWORD_PER_EMAIL_LIMIT,
    retry_after,
    window_start,
)
from nexus_core.domain.security_events import SecurityEvent, SecurityEventKind
from nexus_core.errors import InvalidInput, RateLimited, Unauthorized
from nexus_core.ports.security import SecretHasher
from nexus_core.ports.unit_of_work import PlatformUnitOfWork
from nexus_core.services.runner import Deps

TOKEN_TYPE_PARCELS = "parcels"
LOCKED_MESSAGE = "too many failed login attempts; try again later"
_DUMMY_HASHES: dict[int, str] = {}


@attrs.frozen
class PasswordLogin:
    email: str
    password: str


@attrs.frozen
class PasswordLoginResult:
    token: str
    tenant_id: int
    user_id: int


def _dummy_hash(hasher: SecretHasher) -> str:
    """A hash of nothing anyone knows, made once per hasher, so unknown emails verify like known ones."""
    key = id(hasher)
    if key not in _DUMMY_HASHES:
        _DUMMY_HASHES[key] = hasher.hash("no such account: a password nobody knows")
    return _DUMMY_HASHES[key]


def _waits(uow: PlatformUnitOfWork, email_key: str, now: datetime) -> list[tuple[str, int]]:
    since = window_start(now)
    checks = (
        ("email", uow.password_failures.failures(since, email_key), PASSWORD_PER_EMAIL_LIMIT),
        ("global", uow.password_failures.failures(since), PASSWORD_GLOBAL_LIMIT),
    )
    return [(what, wait) for what, times, limit in checks if (wait := retry_after(times, limit, now)) is not None]


def login_with_password(cmd: PasswordLogin, uow: PlatformUnitOfWork, deps: Deps) -> PasswordLoginResult:
    """Unknown email, inactive user and wrong password get the same answer, in the same time."""
    if not isinstance(cmd.email, str) or not cmd.email.strip():
        raise InvalidInput("email is required", field="email")
    if not isinstance(cmd.password, str) or not cmd.password:
        raise InvalidInput("password is required", field="password")
    email = cmd.email.strip().lower()
    email_key = deps.digests.digest(0, "parcels-login:" + email)
    now = deps.clock.now()
    waits = _waits(uow, email_key, now)
    if waits:
        raise RateLimited(LOCKED_MESSAGE, retry_after=max(w for _, w in waits))

    user = uow.user_directory.get_by_email(email)
    hashed = user.password_hash if user is not None else _dummy_hash(deps.hasher)
    verified = deps.hasher.verify(hashed, cmd.password)
    if user is None or not user.is_active or not verified:
        uow.password_failures.record(email_key, now)
        for what, wait in _waits(uow, email_key, now):
            detail = f"parcels login locked for {wait} s ({what} limit)"
            uow.platform_events.add(SecurityEvent(SecurityEventKind.LOCKOUT, now, f"{what}:{email_key[:16]}", detail))
        uow.commit()
        raise Unauthorized("invalid email or password")
    assert user.id is not None
    uow.password_failures.clear_key(email_key)
    claims = {
        "typ": TOKEN_TYPE_PARCELS,
        "sub": str(user.id),
        "tenant_id": user.tenant_id,
        "user_id": user.id,
        "role": user.role.value,
        "iat": int(now.timestamp()),
        "exp": int((now + deps.token_ttl).timestamp()),
    }
    return PasswordLoginResult(token=deps.tokens.encode(claims), tenant_id=user.tenant_id, user_id=user.id)
