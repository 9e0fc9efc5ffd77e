"""Hand-written fakes. They keep the same rules as the real adapters (tenant isolation,
rollback on exit without commit, unique keys), which the contract tests check."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, Mapping

import attrs

from nexus_core.domain.idempotency import IdempotencyRecord, IdempotencyState
from nexus_core.domain.staff import Employee
from nexus_core.domain.tenancy import Branch, Tenant
from nexus_core.domain.users import User
from nexus_core.errors import Conflict, NotFound, Unauthorized
from nexus_core.ports.unit_of_work import PlatformUnitOfWork, UnitOfWork
from nexus_core.services.runner import Deps, Nexus
from nexus_core.testing.ledger_fakes import (
    InMemoryAccounts,
    InMemoryJournal,
    InMemoryPeriods,
    InMemoryReceivables,
    LedgerTables,
)


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


@attrs.define
class _Tables:
    tenants: dict[int, Tenant] = attrs.Factory(dict)
    branches: dict[int, Branch] = attrs.Factory(dict)
    employees: dict[int, Employee] = attrs.Factory(dict)
    users: dict[int, User] = attrs.Factory(dict)
    login_failures: list[tuple[int, str, datetime]] = attrs.Factory(list)
    idempotency: dict[tuple[int, str, str], IdempotencyRecord] = attrs.Factory(dict)
    ledger: LedgerTables = attrs.Factory(LedgerTables)
    next_id: dict[str, int] = attrs.Factory(dict)

    def new_id(self, table: str) -> int:
        self.next_id[table] = self.next_id.get(table, 0) + 1
        return self.next_id[table]


class InMemoryStore:
    """The committed state; each unit of work works on a private copy."""

    def __init__(self) -> None:
        self.tables = _Tables()
        self.lock = threading.RLock()


class _TenantRepo:
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


class _Branches(_Scoped):
    table = "branches"


class _Employees(_Scoped):
    table = "employees"

    def find_active_by_pin(self, pin_lookup: str) -> Employee | None:
        return next((e for e in self.list() if e.is_active and e.pin_lookup == pin_lookup), None)

    def add(self, entity: Any) -> int:
        if entity.is_active and self.find_active_by_pin(entity.pin_lookup) is not None:
            raise Conflict("unique index: active PIN")  # what the SQL adapter raises for the same index
        return super().add(entity)


class _Users(_Scoped):
    table = "users"

    def add(self, entity: Any) -> int:
        if any(u.email == entity.email for u in self._t.users.values()):
            raise Conflict("unique index: user email")  # emails are unique across tenants
        return super().add(entity)


class _LoginAttempts:
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


class _Idempotency:
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


class _Tx:
    """Shared transaction state: a private copy of the tables, published on commit."""

    def __init__(self, store: InMemoryStore) -> None:
        self.store = store
        self.work = copy.deepcopy(store.tables)

    def commit(self) -> None:
        self.store.tables = copy.deepcopy(self.work)

    def rollback(self) -> None:
        self.work = copy.deepcopy(self.store.tables)


class InMemoryUnitOfWork:
    def __init__(self, tx: _Tx, tenant_id: int) -> None:
        self._tx = tx
        self.tenant_id = tenant_id
        t, tid = tx, tenant_id
        self.tenant = _TenantRepo(t, tid)
        self.branches = _Branches(t, tid)
        self.employees = _Employees(t, tid)
        self.users = _Users(t, tid)
        self.login_attempts = _LoginAttempts(t, tid)
        self.idempotency = _Idempotency(t, tid)
        self.accounts = InMemoryAccounts(t, tid)
        self.journal = InMemoryJournal(t, tid)
        self.periods = InMemoryPeriods(t, tid)
        self.receivables = InMemoryReceivables(t, tid)

    def commit(self) -> None:
        self._tx.commit()

    def rollback(self) -> None:
        self._tx.rollback()


class _TenantDirectory:
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


class _UserDirectory:
    def __init__(self, tx: _Tx) -> None:
        self._tx = tx

    def get_by_email(self, email: str) -> User | None:
        return next((u for u in self._tx.work.users.values() if u.email == email.lower()), None)


class InMemoryPlatformUnitOfWork:
    def __init__(self, tx: _Tx) -> None:
        self._tx = tx
        self.tenants = _TenantDirectory(tx)
        self.user_directory = _UserDirectory(tx)

    def for_tenant(self, tenant_id: int) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self._tx, tenant_id)

    def commit(self) -> None:
        self._tx.commit()

    def rollback(self) -> None:
        self._tx.rollback()


class InMemoryUnitOfWorkFactory:
    """Serializes transactions with a lock, like SQLite's single writer."""

    def __init__(self, store: InMemoryStore | None = None) -> None:
        self.store = store or InMemoryStore()

    @contextmanager
    def tenant(self, tenant_id: int) -> Iterator[UnitOfWork]:
        with self.store.lock:
            yield InMemoryUnitOfWork(_Tx(self.store), tenant_id)

    @contextmanager
    def platform(self) -> Iterator[PlatformUnitOfWork]:
        with self.store.lock:
            yield InMemoryPlatformUnitOfWork(_Tx(self.store))


def in_memory_nexus(clock: FakeClock | None = None) -> Nexus:
    """A complete Nexus on fakes: what a script or a service-level test starts from."""
    clock = clock or FakeClock()
    deps = Deps(clock=clock, hasher=FakeHasher(), digests=FakeDigester(), tokens=FakeTokenCodec(clock))
    return Nexus(uows=InMemoryUnitOfWorkFactory(), deps=deps)
