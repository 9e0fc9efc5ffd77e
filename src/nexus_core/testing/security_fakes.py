"""In-memory repositories of the login limiter, devices and security journal (same rules as SQL)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import attrs

from nexus_core.domain.devices import Device, DeviceKind
from nexus_core.domain.login_limiter import Pool
from nexus_core.domain.security_events import SecurityEvent
from nexus_core.errors import Conflict, NotFound

if TYPE_CHECKING:
    from nexus_core.testing.fakes import _Tx


@attrs.define
class PinFailureRow:
    tenant_id: int
    pool: Pool
    key: str
    at: datetime
    cleared: bool = False


@attrs.define
class SecurityTables:
    pin_failures: list[PinFailureRow] = attrs.Factory(list)
    devices: dict[int, Device] = attrs.Factory(dict)
    events: list[tuple[int, SecurityEvent]] = attrs.Factory(list)  # (tenant_id, event)
    password_failures: list[tuple[str, datetime, bool]] = attrs.Factory(list)  # (key, at, cleared)
    platform_events: list[SecurityEvent] = attrs.Factory(list)
    next_device_id: int = 0


class _Repo:
    def __init__(self, tx: _Tx, tenant_id: int) -> None:
        self._tx, self._tid = tx, tenant_id

    @property
    def _t(self) -> SecurityTables:
        return self._tx.work.security


class InMemoryPinFailures(_Repo):
    def lock(self) -> None:
        """The store's lock already serializes every transaction."""

    def record(self, pool: Pool, key: str, at: datetime) -> None:
        self._t.pin_failures.append(PinFailureRow(self._tid, pool, key, at))

    def key_failures(self, key: str, since: datetime, *, include_cleared: bool = False) -> list[datetime]:
        rows = [r for r in self._t.pin_failures if r.tenant_id == self._tid and r.key == key]
        return sorted(r.at for r in rows if r.at >= since and (include_cleared or not r.cleared))

    def pool_failures(self, pool: Pool, since: datetime) -> list[datetime]:
        rows = self._t.pin_failures
        return sorted(r.at for r in rows if r.tenant_id == self._tid and r.pool is pool and r.at >= since)

    def clear_key(self, key: str) -> None:
        for r in self._t.pin_failures:
            if r.tenant_id == self._tid and r.key == key:
                r.cleared = True


class InMemoryDevices(_Repo):
    def add(self, device: Device) -> int:
        assert device.tenant_id == self._tid, "entity of another tenant"
        if any(d.secret_lookup == device.secret_lookup for d in self._t.devices.values() if d.tenant_id == self._tid):
            raise Conflict("unique index: device secret")
        self._t.next_device_id += 1
        device.id = self._t.next_device_id
        self._t.devices[device.id] = device
        return device.id

    def get(self, device_id: int) -> Device | None:
        d = self._t.devices.get(device_id)
        return d if d is not None and d.tenant_id == self._tid else None

    def find_by_secret(self, secret_lookup: str) -> Device | None:
        return next((d for d in self.list() if d.secret_lookup == secret_lookup), None)

    def list(self) -> list[Device]:
        mine = [d for _, d in sorted(self._t.devices.items()) if d.tenant_id == self._tid]
        return sorted(mine, key=lambda d: d.created_at)

    def update(self, device: Device) -> None:
        if device.id is None or self.get(device.id) is None:
            raise NotFound(f"device {device.id} not found")
        self._t.devices[device.id] = device

    def delete(self, device_id: int) -> None:
        if self.get(device_id) is not None:
            del self._t.devices[device_id]

    def delete_learned(self, *, name: str | None = None, unused_since: datetime | None = None) -> None:
        for d in self.list():
            if d.kind is not DeviceKind.LEARNED or d.id is None:
                continue
            stale = unused_since is not None and (d.last_login_at is None or d.last_login_at < unused_since)
            if (name is not None and d.name == name) or stale:
                del self._t.devices[d.id]


class InMemorySecurityEvents(_Repo):
    def add(self, event: SecurityEvent) -> None:
        self._t.events.append((self._tid, event))

    def list(self, limit: int = 100) -> list[SecurityEvent]:
        mine = [e for tid, e in self._t.events if tid == self._tid]
        return list(reversed(mine))[:limit]


class InMemoryPasswordFailures:
    def __init__(self, tx: _Tx) -> None:
        self._tx = tx

    @property
    def _t(self) -> SecurityTables:
        return self._tx.work.security

    def record(self, key: str, at: datetime) -> None:
        self._t.password_failures.append((key, at, False))

    def failures(self, since: datetime, key: str | None = None) -> list[datetime]:
        rows = self._t.password_failures
        if key is None:
            return sorted(at for _, at, _ in rows if at >= since)
        return sorted(at for k, at, cleared in rows if k == key and at >= since and not cleared)

    def clear_key(self, key: str) -> None:
        self._t.password_failures = [(k, at, cleared or k == key) for k, at, cleared in self._t.password_failures]


class InMemoryPlatformEvents:
    def __init__(self, tx: _Tx) -> None:
        self._tx = tx

    def add(self, event: SecurityEvent) -> None:
        self._tx.work.security.platform_events.append(event)

    def list(self, limit: int = 100) -> list[SecurityEvent]:
        return list(reversed(self._tx.work.security.platform_events))[:limit]
