"""Fakes of the ports other than persistence: clock, business calendar, hashing, tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from nexus_core.errors import Unauthorized

# Fixed UTC offsets of the zones tests use (none of them observes daylight saving time today).
# The real calendar (nexus_adapters.calendar) knows every IANA zone through zoneinfo.
ZONE_OFFSETS: Mapping[str, timedelta] = {
    "UTC": timedelta(0),
    "America/Mexico_City": timedelta(hours=-6),
    "America/Monterrey": timedelta(hours=-6),
    "America/Merida": timedelta(hours=-6),
    "America/Cancun": timedelta(hours=-5),
    "America/Bogota": timedelta(hours=-5),
    "America/Lima": timedelta(hours=-5),
    "America/Guatemala": timedelta(hours=-6),
    "Asia/Tokyo": timedelta(hours=9),
    "Asia/Kolkata": timedelta(hours=5, minutes=30),
}


class FakeClock:
    """A clock that stands still until told to move."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 4, 1, 15, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta


class FakeHasher:
    """Fast salted SHA-256 in place of argon2id (same interface, same salting behaviour)."""

    def __init__(self) -> None:
        self._counter = 0

    def hash(self, secret: str) -> str:
        self._counter += 1
        salt = f"{self._counter:08x}"
        return f"fake${salt}${hashlib.sha256((salt + secret).encode()).hexdigest()}"

    def verify(self, hashed: str, secret: str) -> bool:
        try:
            scheme, salt, digest = hashed.split("$")
        except ValueError:
            return False
        expected = hashlib.sha256((salt + secret).encode()).hexdigest()
        return scheme == "fake" and hmac.compare_digest(expected, digest)


class FakeDigester:
    def __init__(self, pepper: bytes = b"test-pepper") -> None:
        self._pepper = pepper

    def digest(self, tenant_id: int, value: str) -> str:
        return hmac.new(self._pepper, f"{tenant_id}:{value}".encode(), hashlib.sha256).hexdigest()


class FakeTokenCodec:
    """Signed JSON tokens that expire by the fake clock."""

    def __init__(self, clock: FakeClock, secret: bytes = b"test-secret") -> None:
        self._clock = clock
        self._secret = secret

    def encode(self, claims: Mapping[str, Any]) -> str:
        body = base64.urlsafe_b64encode(json.dumps(dict(claims), sort_keys=True).encode()).decode()
        sig = hmac.new(self._secret, body.encode(), hashlib.sha256).hexdigest()
        return f"{body}.{sig}"

    def decode(self, token: str) -> dict[str, Any]:
        body, _, sig = token.partition(".")
        expected = hmac.new(self._secret, body.encode(), hashlib.sha256).hexdigest()
        if not sig or not hmac.compare_digest(sig, expected):
            raise Unauthorized("invalid token")
        claims: dict[str, Any] = json.loads(base64.urlsafe_b64decode(body))
        if claims.get("exp", 0) <= self._clock.now().timestamp():
            raise Unauthorized("token expired")
        return claims


class FakeCalendar:
    """The business calendar over the fake clock, with the fixed offsets of :data:`ZONE_OFFSETS`."""

    def __init__(self, clock: FakeClock, offsets: Mapping[str, timedelta] = ZONE_OFFSETS) -> None:
        self._clock = clock
        self._offsets = dict(offsets)

    def local_now(self, zone: str) -> datetime:
        return self._clock.now().astimezone(timezone(self._offsets[zone], zone))

    def to_local(self, zone: str, at: datetime) -> datetime:
        return at.astimezone(timezone(self._offsets[zone], zone))

    def today(self, zone: str) -> date:
        return self.local_now(zone).date()

    def is_zone(self, zone: str) -> bool:
        return zone in self._offsets

    def tenant_zone(self, tenant_id: int, read: Callable[[], str]) -> str:
        return read()  # the fake keeps nothing: every change is seen at once

    def forget_zone(self, tenant_id: int) -> None:
        pass
