"""Hand-written fakes of the unit of work and its repositories (the other ports' fakes are in
:mod:`.fake_ports`). They keep the same rules as the real adapters (tenant isolation,
rollback on exit without commit, unique keys), which the contract tests check."""

from __future__ import annotations

import copy
import pickle
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import attrs

from nexus_core.domain.idempotency import IdempotencyRecord, IdempotencyState
from nexus_core.domain.staff import Employee
from nexus_core.domain.tenancy import Branch, Tenant
from nexus_core.domain.users import User
from nexus_core.errors import Conflict, NotFound
from nexus_core.ports.unit_of_work import PlatformUnitOfWork, ReadOnlyTransactionError, UnitOfWork
from nexus_core.services.runner import Deps, Nexus
from nexus_core.testing.fake_ports import FakeCalendar, FakeClock, FakeDigester, FakeHasher, FakeTokenCodec
from nexus_core.testing.inventory_fakes import (
    InMemoryCategories,
    InMemoryCounts,
    InMemoryItems,
    InMemoryMovements,
    InMemoryReservations,
    InMemoryStock,
    InventoryTables,
)
from nexus_core.testing.inventory_query_fakes import InMemoryInventoryQueries
from nexus_core.testing.ledger_fakes import (
    InMemoryAccounts,
    InMemoryJournal,
    InMemoryPeriods,
    InMemoryReceivables,
    LedgerTables,
)
from nexus_core.testing.security_fakes import (
    InMemoryDevices,
    InMemoryPasswordFailures,
    InMemoryPinFailures,
    InMemoryPlatformEvents,
    InMemorySecurityEvents,
    SecurityTables,
)


@attrs.define
class _Tables:
    tenants: dict[int, Tenant] = attrs.Factory(dict)
    branches: dict[int, Branch] = attrs.Factory(dict)
    employees: dict[int, Employee] = attrs.Factory(dict)
    users: dict[int, User] = attrs.Factory(dict)
    login_failures: list[tuple[int, str, datetime]] = attrs.Factory(list)
    idempotency: dict[tuple[int, str, str], IdempotencyRecord] = attrs.Factory(dict)
    ledger: LedgerTables = attrs.Factory(LedgerTables)
    security: SecurityTables = attrs.Factory(SecurityTables)
    inventory: InventoryTables = attrs.Factory(InventoryTables)
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
    """Shared transaction state: a private copy of the tables, published on commit.

    A read-only transaction keeps a pickled fingerprint of the copy it started from; committing, rolling back or
    leaving it after any change raises :class:`ReadOnlyTransactionError`, as the databases refuse the
    write itself (so a use case wrongly declared ``@read_only`` fails on the fakes too).
    """

    def __init__(self, store: InMemoryStore, *, write: bool = True) -> None:
        self.store = store
        self.write = write
        self.work = copy.deepcopy(store.tables)
        # Fingerprint the copy, not the original: copying can change how pickle shares objects.
        self._snapshot = b"" if write else pickle.dumps(self.work)

    def check_unchanged(self) -> None:
        if not self.write and pickle.dumps(self.work) != self._snapshot:
            raise ReadOnlyTransactionError(
                "a read-only unit of work changed data: a use case that writes must not be @read_only"
            )

    def commit(self) -> None:
        if not self.write:
            self.check_unchanged()
            return
        self.store.tables = copy.deepcopy(self.work)

    def rollback(self) -> None:
        if not self.write:
            self.check_unchanged()
            return
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
        self.pin_failures = InMemoryPinFailures(t, tid)
        self.devices = InMemoryDevices(t, tid)
        self.security_events = InMemorySecurityEvents(t, tid)
        self.items = InMemoryItems(t, tid)
        self.categories = InMemoryCategories(t, tid)
        self.stock = InMemoryStock(t, tid)
        self.movements = InMemoryMovements(t, tid)
        self.reservations = InMemoryReservations(t, tid)
        self.counts = InMemoryCounts(t, tid)
        self.inventory_queries = InMemoryInventoryQueries(self)

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
        self.password_failures = InMemoryPasswordFailures(tx)
        self.platform_events = InMemoryPlatformEvents(tx)

    def for_tenant(self, tenant_id: int) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self._tx, tenant_id)

    def commit(self) -> None:
        self._tx.commit()

    def rollback(self) -> None:
        self._tx.rollback()


class InMemoryUnitOfWorkFactory:
    """Serializes write transactions with a lock, like SQLite's single writer.

    A read-only transaction copies the last committed tables without taking the lock, like a WAL
    reader beside the writer.
    """

    def __init__(self, store: InMemoryStore | None = None) -> None:
        self.store = store or InMemoryStore()

    @contextmanager
    def tenant(self, tenant_id: int, *, write: bool = True) -> Iterator[UnitOfWork]:
        with self._transaction(write) as tx:
            yield InMemoryUnitOfWork(tx, tenant_id)

    @contextmanager
    def platform(self, *, write: bool = True) -> Iterator[PlatformUnitOfWork]:
        with self._transaction(write) as tx:
            yield InMemoryPlatformUnitOfWork(tx)

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[_Tx]:
        if write:
            with self.store.lock:
                yield _Tx(self.store)
            return
        # No lock: committed tables are replaced whole on commit, never changed in place.
        tx = _Tx(self.store, write=False)
        yield tx
        tx.check_unchanged()


def in_memory_nexus(clock: FakeClock | None = None) -> Nexus:
    """A complete Nexus on fakes: what a script or a service-level test starts from."""
    clock = clock or FakeClock()
    deps = Deps(
        clock=clock,
        hasher=FakeHasher(),
        digests=FakeDigester(),
        tokens=FakeTokenCodec(clock),
        calendar=FakeCalendar(clock),
    )
    return Nexus(uows=InMemoryUnitOfWorkFactory(), deps=deps)
