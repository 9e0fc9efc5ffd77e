"""In-memory repositories of tenants, branches, employees, users, login attempts and idempotency
keys (same rules as the SQL adapter: tenant isolation, unique keys), used by :mod:`.fakes`."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from nexus_core.domain.idempotency import IdempotencyRecord, IdempotencyState
from nexus_core.domain.staff import Employee
from nexus_core.domain.tenancy import Tenant
from nexus_core.domain.users import User
from nexus_core.errors import Conflict, NotFound

if TYPE_CHECKING:
    from nexus_core.testing.fakes import _Tables, _Tx


class InMemoryTenant:
    def __init__(self, tx: _Tx, tenant_id: int) -> None:
        self._tx, self._tid = tx, tenant_id

    @property
    def _t(self) -> _Tables:
        return self._tx.work

    def get(self) -> Tenant | None:
        return self._t.tenants.get(self._tid)

    def update(self, tenant: Tenant) -> None:
        self._t.tenants[self._tid] = tenant


class _Scoped:
    """Rows of one table seen through one tenant."""

    table: str

    def __init__(self, tx: _Tx, tenant_id: int) -> None:
        self._tx, self._tid = tx, tenant_id

    @property
    def _t(self) -> _Tables:
        return self._tx.work

    def _rows(self) -> dict[int, Any]:
        rows: dict[int, Any] = getattr(self._t, self.table)
        return rows

    def add(self, entity: Any) -> int:
        if entity.tenant_id != self._tid:
            raise ValueError("entity of another tenant")
        entity.id = self._t.new_id(self.table)
        self._rows()[entity.id] = entity
        return int(entity.id)

    def get(self, entity_id: int) -> Any:
        row = self._rows().get(entity_id)
        return row if row is not None and row.tenant_id == self._tid else None

    def list(self) -> list[Any]:
        return [r for _, r in sorted(self._rows().items()) if r.tenant_id == self._tid]

    def update(self, entity: Any) -> None:
        if self.get(entity.id) is None:
            raise NotFound(f"{self.table} {entity.id} not found")
        self._rows()[entity.id] = entity


class InMemoryBranches(_Scoped):
    table = "branches"


class InMemoryEmployees(_Scoped):
    table = "employees"

    def find_active_by_pin(self, pin_lookup: str) -> Employee | None:
        return next((e for e in self.list() if e.is_active and e.pin_lookup == pin_lookup), None)

    def add(self, entity: Any) -> int:
        if entity.is_active and self.find_active_by_pin(entity.pin_lookup) is not None:
            raise Conflict("unique index: active PIN")  # what the SQL adapter raises for the same index
        return super().add(entity)


class InMemoryUsers(_Scoped):
    table = "users"

    def add(self, entity: Any) -> int:
        if any(u.email == entity.email for u in self._t.users.values()):
            raise Conflict("unique index: user email")  # emails are unique across tenants
        return super().add(entity)


class InMemoryLoginAttempts:
    def __init__(self, tx: _Tx, tenant_id: int) -> None:
        self._tx, self._tid = tx, tenant_id

    @property
    def _t(self) -> _Tables:
        return self._tx.work

    def record_failure(self, device_id: str, at: datetime) -> None:
        self._t.login_failures.append((self._tid, device_id, at))

    def failures_since(self, since: datetime, device_id: str | None = None) -> list[datetime]:
        return sorted(
            at
            for tid, dev, at in self._t.login_failures
            if tid == self._tid and at >= since and (device_id is None or dev == device_id)
        )

    def clear_device(self, device_id: str) -> None:
        self._t.login_failures = [f for f in self._t.login_failures if not (f[0] == self._tid and f[1] == device_id)]


class InMemoryIdempotency:
    def __init__(self, tx: _Tx, tenant_id: int) -> None:
        self._tx, self._tid = tx, tenant_id

    @property
    def _t(self) -> _Tables:
        return self._tx.work

    def get(self, principal: str, key: str) -> IdempotencyRecord | None:
        found = self._t.idempotency.get((self._tid, principal, key))
        return None if found is None else attrs.evolve(found)

    def claim(self, record: IdempotencyRecord) -> bool:
        if (self._tid, record.principal, record.key) in self._t.idempotency:
            return False
        self._t.idempotency[(self._tid, record.principal, record.key)] = attrs.evolve(record)
        return True

    def _is_claim(self, claim: IdempotencyRecord) -> bool:
        stored = self._t.idempotency.get((self._tid, claim.principal, claim.key))
        return stored is not None and stored.state is IdempotencyState.RUNNING and stored.same_claim(claim)

    def replace(self, record: IdempotencyRecord, *, claim: IdempotencyRecord) -> bool:
        if not self._is_claim(claim):
            return False
        self._t.idempotency[(self._tid, claim.principal, claim.key)] = attrs.evolve(record)
        return True

    def release(self, claim: IdempotencyRecord) -> bool:
        if not self._is_claim(claim):
            return False
        del self._t.idempotency[(self._tid, claim.principal, claim.key)]
        return True


class InMemoryTenantDirectory:
    def __init__(self, tx: _Tx) -> None:
        self._tx = tx

    def add(self, tenant: Tenant) -> int:
        if self.find_by_name(tenant.name) is not None:
            raise Conflict("unique index: tenant name")  # the SQL adapter keeps names unique by casefold
        tenant.id = self._tx.work.new_id("tenants")
        self._tx.work.tenants[tenant.id] = tenant
        return tenant.id

    def get(self, tenant_id: int) -> Tenant | None:
        return self._tx.work.tenants.get(tenant_id)

    def count(self) -> int:
        return len(self._tx.work.tenants)

    def find_by_name(self, name: str) -> Tenant | None:
        return next((t for t in self._tx.work.tenants.values() if t.name.casefold() == name.casefold()), None)


class InMemoryUserDirectory:
    def __init__(self, tx: _Tx) -> None:
        self._tx = tx

    def get_by_email(self, email: str) -> User | None:
        return next((u for u in self._tx.work.users.values() if u.email == email.lower()), None)
