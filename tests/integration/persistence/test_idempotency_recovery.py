"""Defect 8: keys of requests that died with their process are free again at once when the server
restarts on the same host (ADR 6); other hosts' and live processes' claims are left to their lease."""

from __future__ import annotations

import os
import socket
from datetime import timedelta

from contract.builders import NOW, new_tenant
from nexus_adapters.persistence.engine import make_engine
from nexus_adapters.persistence.idempotency_repository import release_claims_of_dead_processes
from nexus_adapters.persistence.unit_of_work import SqlUnitOfWorkFactory
from nexus_core.domain.idempotency import IdempotencyRecord


def _claim(uows: SqlUnitOfWorkFactory, tenant_id: int, key: str, owner: str) -> None:
    with uows.tenant(tenant_id) as uow:
        uow.idempotency.claim(
            IdempotencyRecord.claim(key=key, principal="employee:1", fingerprint="fp", owner=owner, now=NOW)
        )
        uow.commit()


def _dead_pid() -> int:
    pid = 2**22 + 12345  # above Linux's default pid_max: no such process
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid += 1


def test_restart_releases_only_the_claims_of_dead_processes_of_this_host(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        uows = SqlUnitOfWorkFactory(engine)
        tenant_id, _ = new_tenant(uows)
        host = socket.gethostname()[:40]
        me = f"{host}:{os.getpid()}:new"
        _claim(uows, tenant_id, "dead", f"{host}:{_dead_pid()}:old")
        _claim(uows, tenant_id, "predecessor", f"{host}:{os.getpid()}:old")  # same pid, another nonce
        _claim(uows, tenant_id, "alive", f"{host}:{os.getppid()}:x")
        _claim(uows, tenant_id, "mine", me)
        _claim(uows, tenant_id, "other-host", "elsewhere:1:x")
        assert release_claims_of_dead_processes(engine, me) == 2
        with uows.tenant(tenant_id) as uow:
            left = {
                k
                for k in ("dead", "predecessor", "alive", "mine", "other-host")
                if uow.idempotency.get("employee:1", k)
            }
        assert left == {"alive", "mine", "other-host"}
        with uows.tenant(tenant_id) as uow:
            other = uow.idempotency.get("employee:1", "other-host")
            assert other is not None and other.is_stale(NOW + timedelta(seconds=30))
    finally:
        engine.dispose()
