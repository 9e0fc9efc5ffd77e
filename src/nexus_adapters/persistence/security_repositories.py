"""SQL repositories of the login limiter, the shop's devices and the security journal."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, RowMapping, delete, or_, select, update

from nexus_adapters.persistence.security_tables import (
    password_login_failures,
    pin_login_failures,
    platform_security_events,
    pos_devices,
    security_events,
)
from nexus_adapters.persistence.sql import check_tenant
from nexus_adapters.persistence.tables import tenants
from nexus_core.domain.devices import Device, DeviceKind
from nexus_core.domain.login_limiter import WINDOW, Pool
from nexus_core.domain.security_events import SecurityEvent, SecurityEventKind
from nexus_core.errors import NotFound

# Failures older than this are of no use to any window; they are pruned as new ones arrive.
_KEEP_FAILURES = timedelta(days=1)
assert _KEEP_FAILURES > WINDOW


def new_row_id() -> int:
    """A random id below 2**53 (exact in JavaScript), for tables keyed ``(tenant_id, id)``."""
    return secrets.randbelow(2**53 - 1) + 1


class SqlPinFailureRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def lock(self) -> None:
        if self._conn.dialect.name == "postgresql":
            # FOR NO KEY UPDATE: serializes the tenant's logins without blocking the foreign-key
            # checks (FOR KEY SHARE) of everything else written in the tenant.
            stmt = select(tenants.c.id).where(tenants.c.id == self._tid).with_for_update(key_share=True)
            self._conn.execute(stmt)

    def record(self, pool: Pool, key: str, at: datetime) -> None:
        c = pin_login_failures.c
        self._conn.execute(delete(pin_login_failures).where(c.tenant_id == self._tid, c.at < at - _KEEP_FAILURES))
        row = {"tenant_id": self._tid, "id": new_row_id(), "pool": pool.value, "key": key, "at": at, "cleared": False}
        self._conn.execute(pin_login_failures.insert().values(row))

    def key_failures(self, key: str, since: datetime, *, include_cleared: bool = False) -> list[datetime]:
        c = pin_login_failures.c
        stmt = select(c.at).where(c.tenant_id == self._tid, c.key == key, c.at >= since)
        if not include_cleared:
            stmt = stmt.where(c.cleared.is_(False))
        return list(self._conn.execute(stmt.order_by(c.at)).scalars())

    def pool_failures(self, pool: Pool, since: datetime) -> list[datetime]:
        c = pin_login_failures.c
        stmt = select(c.at).where(c.tenant_id == self._tid, c.pool == pool.value, c.at >= since)
        return list(self._conn.execute(stmt.order_by(c.at)).scalars())

    def clear_key(self, key: str) -> None:
        c = pin_login_failures.c
        stmt = update(pin_login_failures).where(c.tenant_id == self._tid, c.key == key, c.cleared.is_(False))
        self._conn.execute(stmt.values(cleared=True))


def _to_device(row: RowMapping) -> Device:
    return Device(
        id=row["id"],
        tenant_id=row["tenant_id"],
        name=row["name"],
        kind=DeviceKind(row["kind"]),
        label=row["label"],
        secret_lookup=row["secret_lookup"],
        created_at=row["created_at"],
        last_login_at=row["last_login_at"],
    )


def _device_values(device: Device) -> dict[str, Any]:
    return {
        "name": device.name,
        "kind": device.kind.value,
        "label": device.label,
        "secret_lookup": device.secret_lookup,
        "last_login_at": device.last_login_at,
    }


class SqlDeviceRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, device: Device) -> int:
        check_tenant(device, self._tid)
        device_id = new_row_id()
        values = {**_device_values(device), "tenant_id": self._tid, "id": device_id, "created_at": device.created_at}
        self._conn.execute(pos_devices.insert().values(values))
        device.id = device_id
        return device_id

    def _one(self, *conditions: Any) -> Device | None:
        stmt = select(pos_devices).where(pos_devices.c.tenant_id == self._tid, *conditions)
        row = self._conn.execute(stmt).mappings().first()
        return _to_device(row) if row else None

    def get(self, device_id: int) -> Device | None:
        return self._one(pos_devices.c.id == device_id)

    def find_by_secret(self, secret_lookup: str) -> Device | None:
        return self._one(pos_devices.c.secret_lookup == secret_lookup)

    def list(self) -> list[Device]:
        c = pos_devices.c
        stmt = select(pos_devices).where(c.tenant_id == self._tid).order_by(c.created_at, c.id)
        return [_to_device(row) for row in self._conn.execute(stmt).mappings()]

    def update(self, device: Device) -> None:
        c = pos_devices.c
        stmt = update(pos_devices).where(c.tenant_id == self._tid, c.id == device.id).values(_device_values(device))
        if self._conn.execute(stmt).rowcount != 1:
            raise NotFound(f"device {device.id} not found")

    def delete(self, device_id: int) -> None:
        c = pos_devices.c
        self._conn.execute(delete(pos_devices).where(c.tenant_id == self._tid, c.id == device_id))

    def delete_learned(self, *, name: str | None = None, unused_since: datetime | None = None) -> None:
        c = pos_devices.c
        which = []
        if name is not None:
            which.append(c.name == name)
        if unused_since is not None:
            which.append(or_(c.last_login_at.is_(None), c.last_login_at < unused_since))
        if not which:
            return
        stmt = delete(pos_devices).where(c.tenant_id == self._tid, c.kind == DeviceKind.LEARNED.value, or_(*which))
        self._conn.execute(stmt)


def _to_event(row: RowMapping) -> SecurityEvent:
    return SecurityEvent(
        kind=SecurityEventKind(row["kind"]),
        at=row["at"],
        subject=row["subject"],
        detail=row["detail"],
        employee_id=row.get("employee_id"),
    )


def _event_values(event: SecurityEvent) -> dict[str, Any]:
    return {"at": event.at, "kind": event.kind.value, "subject": event.subject[:200], "detail": event.detail[:300]}


class SqlSecurityEventRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, event: SecurityEvent) -> None:
        values = {**_event_values(event), "tenant_id": self._tid, "id": new_row_id(), "employee_id": event.employee_id}
        self._conn.execute(security_events.insert().values(values))

    def list(self, limit: int = 100) -> list[SecurityEvent]:
        c = security_events.c
        stmt = select(security_events).where(c.tenant_id == self._tid).order_by(c.at.desc(), c.id.desc()).limit(limit)
        return [_to_event(row) for row in self._conn.execute(stmt).mappings()]


class SqlPasswordFailureRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def record(self, key: str, at: datetime) -> None:
        t = password_login_failures
        self._conn.execute(delete(t).where(t.c.at < at - _KEEP_FAILURES))
        self._conn.execute(t.insert().values(key=key, at=at, cleared=False))

    def failures(self, since: datetime, key: str | None = None) -> list[datetime]:
        c = password_login_failures.c
        stmt = select(c.at).where(c.at >= since)
        if key is not None:
            stmt = stmt.where(c.key == key, c.cleared.is_(False))
        return list(self._conn.execute(stmt.order_by(c.at)).scalars())

    def clear_key(self, key: str) -> None:
        c = password_login_failures.c
        stmt = update(password_login_failures).where(c.key == key, c.cleared.is_(False)).values(cleared=True)
        self._conn.execute(stmt)


class SqlPlatformEventRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, event: SecurityEvent) -> None:
        self._conn.execute(platform_security_events.insert().values(_event_values(event)))

    def list(self, limit: int = 100) -> list[SecurityEvent]:
        c = platform_security_events.c
        stmt = select(platform_security_events).order_by(c.at.desc(), c.id.desc()).limit(limit)
        return [_to_event(row) for row in self._conn.execute(stmt).mappings()]
