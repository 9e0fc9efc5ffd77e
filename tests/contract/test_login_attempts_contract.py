"""Failed PIN attempts: counted per device and per tenant, cleared per device."""

from __future__ import annotations

from datetime import timedelta

from contract.builders import NOW, new_tenant
from nexus_core.ports.unit_of_work import UnitOfWorkFactory


def test_failures_are_counted_per_device_and_per_tenant(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, _ = new_tenant(uow_factory)
    times = [NOW + timedelta(minutes=m) for m in (3, 0, 1, 2)]
    with uow_factory.tenant(tenant_id) as uow:
        for at, device in zip(times, ["caja-1", "caja-1", "caja-2", "caja-1"], strict=True):
            uow.login_attempts.record_failure(device, at)
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        attempts = uow.login_attempts
        assert attempts.failures_since(NOW) == sorted(times)
        assert attempts.failures_since(NOW, "caja-1") == [times[1], times[3], times[0]]
        assert attempts.failures_since(NOW, "caja-2") == [times[2]]
        assert attempts.failures_since(NOW, "caja-3") == []
        # "since" is inclusive
        assert attempts.failures_since(NOW + timedelta(minutes=2)) == [times[3], times[0]]
        assert attempts.failures_since(NOW + timedelta(minutes=2), "caja-2") == []


def test_clear_device_forgets_only_that_device(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, _ = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        uow.login_attempts.record_failure("caja-1", NOW)
        uow.login_attempts.record_failure("caja-2", NOW)
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        uow.login_attempts.clear_device("caja-1")
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        assert uow.login_attempts.failures_since(NOW, "caja-1") == []
        assert uow.login_attempts.failures_since(NOW) == [NOW]
