"""Repositories of the login limiter, the shop's devices and the security journal."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from nexus_core.domain.devices import Device
from nexus_core.domain.login_limiter import Pool
from nexus_core.domain.security_events import SecurityEvent


class PinFailureRepository(Protocol):
    """Failed PIN attempts of one tenant, each counted under its key and in its pool.

    ``lock`` serializes the tenant's logins until the transaction ends (PostgreSQL: a row lock on the
    tenant; SQLite's single writer and the fakes' lock already serialize), so two workers cannot both
    pass the same last free attempt.
    """

    def lock(self) -> None: ...

    def record(self, pool: Pool, key: str, at: datetime) -> None: ...

    def key_failures(self, key: str, since: datetime, *, include_cleared: bool = False) -> list[datetime]:
        """Instants of the key's failures at or after ``since`` that no success of the key cleared
        (or all of them, with ``include_cleared``)."""
        ...

    def pool_failures(self, pool: Pool, since: datetime) -> list[datetime]:
        """Instants of every failure of the pool at or after ``since``, cleared or not."""
        ...

    def clear_key(self, key: str) -> None:
        """Stop counting the key's failures so far *for the key* (they still count for the pool)."""
        ...


class DeviceRepository(Protocol):
    def add(self, device: Device) -> int: ...

    def get(self, device_id: int) -> Device | None: ...

    def find_by_secret(self, secret_lookup: str) -> Device | None: ...

    def list(self) -> list[Device]:
        """Every device, oldest first."""
        ...

    def update(self, device: Device) -> None: ...

    def delete(self, device_id: int) -> None: ...

    def delete_learned(self, *, name: str | None = None, unused_since: datetime | None = None) -> None:
        """Forget learned devices named ``name``, or whose last login is before ``unused_since``."""
        ...


class SecurityEventRepository(Protocol):
    def add(self, event: SecurityEvent) -> None: ...

    def list(self, limit: int = 100) -> list[SecurityEvent]:
        """Newest first."""
        ...


class PasswordFailureRepository(Protocol):
    """Failed parcels logins, installation-wide (the login names no tenant). ``key`` is a digest."""

    def record(self, key: str, at: datetime) -> None: ...

    def failures(self, since: datetime, key: str | None = None) -> list[datetime]:
        """Instants of the failures at or after ``since``, for one key or for all."""
        ...

    def clear_key(self, key: str) -> None: ...


class PlatformEventRepository(Protocol):
    """Security events above tenants (parcels lockouts)."""

    def add(self, event: SecurityEvent) -> None: ...

    def list(self, limit: int = 100) -> list[SecurityEvent]: ...
