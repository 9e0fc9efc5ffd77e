"""The login limiter's, devices' and security journal's repositories: one body over fakes, SQLite, PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from contract.builders import NOW, new_tenant
from nexus_core.domain.devices import Device, DeviceKind
from nexus_core.domain.login_limiter import Pool
from nexus_core.domain.security_events import SecurityEvent, SecurityEventKind
from nexus_core.errors import Conflict
from nexus_core.ports.unit_of_work import UnitOfWorkFactory


def test_pin_failures_count_per_key_and_pool_and_clearing_spares_the_pool(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, _ = new_tenant(uow_factory)
    other_id, _ = new_tenant(uow_factory, "Otra")
    times = [NOW + timedelta(minutes=m) for m in (2, 0, 1)]
    with uow_factory.tenant(tenant_id) as uow:
        uow.pin_failures.lock()
        for at, key in zip(times, ["name:a", "name:a", "name:b"], strict=True):
            uow.pin_failures.record(Pool.UNKNOWN, key, at)
        uow.pin_failures.record(Pool.LEARNED, "device:7", NOW)
        uow.commit()
    with uow_factory.tenant(other_id) as uow:
        uow.pin_failures.record(Pool.UNKNOWN, "name:a", NOW)
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        f = uow.pin_failures
        assert f.key_failures("name:a", NOW) == [times[1], times[0]]
        assert f.pool_failures(Pool.UNKNOWN, NOW) == sorted(times)
        assert f.pool_failures(Pool.UNKNOWN, NOW + timedelta(minutes=1)) == [times[2], times[0]]  # inclusive
        assert f.pool_failures(Pool.LEARNED, NOW) == [NOW]
        f.clear_key("name:a")
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        f = uow.pin_failures
        assert f.key_failures("name:a", NOW) == []
        assert f.key_failures("name:a", NOW, include_cleared=True) == [times[1], times[0]]
        assert f.pool_failures(Pool.UNKNOWN, NOW) == sorted(times)
        uow.pin_failures.record(Pool.UNKNOWN, "name:a", times[0])
        assert f.key_failures("name:a", NOW) == [times[0]]
    with uow_factory.tenant(other_id) as uow:
        assert uow.pin_failures.key_failures("name:a", NOW) == [NOW]


def _device(tenant_id: int, name: str, kind: DeviceKind, lookup: str) -> Device:
    return Device.create(tenant_id=tenant_id, name=name, kind=kind, label="Caja", secret_lookup=lookup, now=NOW)


def test_devices_round_trip_find_by_secret_and_forget(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, _ = new_tenant(uow_factory)
    other_id, _ = new_tenant(uow_factory, "Otra")
    with uow_factory.tenant(tenant_id) as uow:
        enrolled = uow.devices.add(_device(tenant_id, "tablet-01", DeviceKind.ENROLLED, "lk-1"))
        learned = uow.devices.add(_device(tenant_id, "caja-2", DeviceKind.LEARNED, "lk-2"))
        stale = _device(tenant_id, "old", DeviceKind.LEARNED, "lk-3")
        stale.last_login_at = NOW - timedelta(days=40)
        uow.devices.add(stale)
        uow.commit()
    with uow_factory.tenant(other_id) as uow:
        assert uow.devices.find_by_secret("lk-1") is None and uow.devices.get(enrolled) is None
    with uow_factory.tenant(tenant_id) as uow:
        d = uow.devices.find_by_secret("lk-1")
        assert d is not None and (d.id, d.name, d.kind, d.label, d.created_at) == (
            enrolled, "tablet-01", DeviceKind.ENROLLED, "Caja", NOW
        )  # fmt: skip
        d.last_login_at = NOW + timedelta(hours=1)
        uow.devices.update(d)
        uow.devices.delete_learned(unused_since=NOW - timedelta(days=30))
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        assert sorted(x.name for x in uow.devices.list()) == ["caja-2", "tablet-01"]  # same instant: any order
        got = uow.devices.get(enrolled)
        assert got is not None and got.last_login_at == NOW + timedelta(hours=1)
        uow.devices.delete_learned(name="caja-2")
        uow.devices.delete_learned(name="tablet-01")  # enrolled devices are never "learned"
        uow.devices.delete(enrolled)
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        assert uow.devices.list() == [] and uow.devices.get(learned) is None


def test_a_device_secret_is_unique_per_tenant(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, _ = new_tenant(uow_factory)
    with pytest.raises(Conflict), uow_factory.tenant(tenant_id) as uow:
        uow.devices.add(_device(tenant_id, "a", DeviceKind.ENROLLED, "same"))
        uow.devices.add(_device(tenant_id, "b", DeviceKind.LEARNED, "same"))
        uow.commit()


def test_security_events_are_kept_per_tenant_newest_first(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, _ = new_tenant(uow_factory)
    other_id, _ = new_tenant(uow_factory, "Otra")
    first = SecurityEvent(SecurityEventKind.LOCKOUT, NOW, "pool:unknown", "locked for 900 s")
    second = SecurityEvent(SecurityEventKind.DEVICE_ENROLLED, NOW + timedelta(seconds=1), "device:1", "x", 3)
    with uow_factory.tenant(tenant_id) as uow:
        uow.security_events.add(first)
        uow.security_events.add(second)
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        assert uow.security_events.list() == [second, first]
        assert uow.security_events.list(limit=1) == [second]
    with uow_factory.tenant(other_id) as uow:
        assert uow.security_events.list() == []


def test_password_failures_and_platform_events(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory.platform() as uow:
        uow.password_failures.record("k1", NOW)
        uow.password_failures.record("k2", NOW + timedelta(seconds=1))
        uow.password_failures.record("k1", NOW + timedelta(seconds=2))
        uow.platform_events.add(SecurityEvent(SecurityEventKind.LOCKOUT, NOW, "email:k1", "locked"))
        uow.commit()
    with uow_factory.platform() as uow:
        f = uow.password_failures
        assert f.failures(NOW, "k1") == [NOW, NOW + timedelta(seconds=2)]
        assert len(f.failures(NOW)) == 3
        f.clear_key("k1")
        assert f.failures(NOW, "k1") == [] and len(f.failures(NOW)) == 3
        assert [e.subject for e in uow.platform_events.list()] == ["email:k1"]
