"""Hand-written fakes of the unit of work. The repositories are in :mod:`.tenant_fakes`,
:mod:`.ledger_fakes` and :mod:`.security_fakes`, the other ports' fakes in :mod:`.fake_ports`. They keep the
same rules as the real adapters (tenant isolation, rollback on exit without commit, unique keys), which the
contract tests check."""

from __future__ import annotations

import copy
import pickle
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime

import attrs

from nexus_core.domain.idempotency import IdempotencyRecord
from nexus_core.domain.staff import Employee
from nexus_core.domain.tenancy import Branch, Tenant
from nexus_core.domain.users import User
from nexus_core.ports.unit_of_work import PlatformUnitOfWork, ReadOnlyTransactionError, UnitOfWork
from nexus_core.services.runner import Deps, Nexus
from nexus_core.testing.bnpl_fakes import BnplTables, InMemoryBnplApplications, InMemoryBnplEvents
from nexus_core.testing.catalog_fakes import InMemoryCatalog, InMemoryCatalogQueries
from nexus_core.testing.customer_fakes import CustomerTables, InMemoryCustomerAccounts, InMemoryCustomers
from nexus_core.testing.erp_fakes import ErpTables, InMemoryErpJobs, InMemoryErpSources
from nexus_core.testing.fake_ports import FakeCalendar, FakeClock, FakeDigester, FakeHasher, FakeTokenCodec
from nexus_core.testing.insight_fakes import InMemorySalesStats, InsightTables
from nexus_core.testing.integration_fakes import (
    InMemoryOutbox,
    InMemoryOutboxQueue,
    InMemoryProviderSettings,
    InMemoryWhatsAppMessages,
    IntegrationTables,
)
from nexus_core.testing.inventory_fakes import (
    InMemoryCategories,
    InMemoryItems,
    InMemoryMovements,
    InMemoryStock,
    InventoryTables,
)
from nexus_core.testing.inventory_query_fakes import InMemoryInventoryQueries
from nexus_core.testing.invoicing_fakes import (
    InMemoryCfdis,
    InMemoryComplementLinks,
    InMemoryIssuer,
    InMemoryPendingCfdiTenants,
    InvoicingTables,
)
from nexus_core.testing.layaway_fakes import InMemoryLayaways, InMemoryQuotations, LayawayTables
from nexus_core.testing.ledger_fakes import (
    InMemoryAccounts,
    InMemoryJournal,
    InMemoryPeriods,
    InMemoryReceivables,
    LedgerTables,
)
from nexus_core.testing.parcels_fakes import InMemoryCurrencies, InMemoryOrders, InMemoryPlaces, ParcelsTables
from nexus_core.testing.reservation_fakes import InMemoryCounts, InMemoryReservations
from nexus_core.testing.sales_fakes import InMemoryFolios, InMemoryRegisters, InMemorySales, SalesTables
from nexus_core.testing.security_fakes import (
    InMemoryDevices,
    InMemoryPasswordFailures,
    InMemoryPinFailures,
    InMemoryPlatformEvents,
    InMemorySecurityEvents,
    SecurityTables,
)
from nexus_core.testing.selling_fakes import InMemoryReturns, InMemorySellingQueries
from nexus_core.testing.tenant_fakes import (
    InMemoryBranches,
    InMemoryEmployees,
    InMemoryIdempotency,
    InMemoryLoginAttempts,
    InMemoryTenant,
    InMemoryTenantDirectory,
    InMemoryUserDirectory,
    InMemoryUsers,
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
    sales: SalesTables = attrs.Factory(SalesTables)
    layaways: LayawayTables = attrs.Factory(LayawayTables)
    integrations: IntegrationTables = attrs.Factory(IntegrationTables)
    bnpl: BnplTables = attrs.Factory(BnplTables)
    customers: CustomerTables = attrs.Factory(CustomerTables)
    insight: InsightTables = attrs.Factory(InsightTables)
    erp: ErpTables = attrs.Factory(ErpTables)
    invoicing: InvoicingTables = attrs.Factory(InvoicingTables)
    parcels: ParcelsTables = attrs.Factory(ParcelsTables)
    next_id: dict[str, int] = attrs.Factory(dict)

    def new_id(self, table: str) -> int:
        self.next_id[table] = self.next_id.get(table, 0) + 1
        return self.next_id[table]


class InMemoryStore:
    """The committed state; each unit of work works on a private copy."""

    def __init__(self) -> None:
        self.tables = _Tables()
        self.lock = threading.RLock()
        self.catalog = InMemoryCatalog()  # reference data: loaded whole, never copied per transaction


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

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        kept = copy.deepcopy(self.work)
        try:
            yield
        except BaseException:
            self.work = kept
            raise


class InMemoryUnitOfWork:
    def __init__(self, tx: _Tx, tenant_id: int) -> None:
        self._tx = tx
        self.tenant_id = tenant_id
        t, tid = tx, tenant_id
        self.tenant = InMemoryTenant(t, tid)
        self.branches = InMemoryBranches(t, tid)
        self.employees = InMemoryEmployees(t, tid)
        self.users = InMemoryUsers(t, tid)
        self.login_attempts = InMemoryLoginAttempts(t, tid)
        self.idempotency = InMemoryIdempotency(t, tid)
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
        self.sales = InMemorySales(t, tid)
        self.registers = InMemoryRegisters(t, tid)
        self.folios = InMemoryFolios(t, tid)
        self.quotations = InMemoryQuotations(t, tid)
        self.layaways = InMemoryLayaways(t, tid)
        self.provider_settings = InMemoryProviderSettings(t, tid)
        self.outbox = InMemoryOutbox(t, tid)
        self.whatsapp_messages = InMemoryWhatsAppMessages(t, tid)
        self.bnpl_applications = InMemoryBnplApplications(t, tid)
        self.bnpl_events = InMemoryBnplEvents(t, tid)
        self.customers = InMemoryCustomers(t, tid)
        self.customer_accounts = InMemoryCustomerAccounts(t, tid)
        self.sales_stats = InMemorySalesStats(t, tid)
        self.erp_jobs = InMemoryErpJobs(t, tid)
        self.erp_sources = InMemoryErpSources(t, tid)
        self.cfdis = InMemoryCfdis(t, tid)
        self.issuer = InMemoryIssuer(t, tid)
        self.cfdi_payments = InMemoryComplementLinks(t, tid)
        self.catalog = InMemoryCatalogQueries(self, tx.store.catalog)
        self.returns = InMemoryReturns(t, tid)
        self.selling_queries = InMemorySellingQueries(t, tid)
        self.places = InMemoryPlaces(t, tid)
        self.currencies = InMemoryCurrencies(t, tid)
        self.orders = InMemoryOrders(t, tid)

    def savepoint(self) -> AbstractContextManager[None]:
        return self._tx.savepoint()

    def commit(self) -> None:
        self._tx.commit()

    def rollback(self) -> None:
        self._tx.rollback()


class InMemoryPlatformUnitOfWork:
    def __init__(self, tx: _Tx) -> None:
        self._tx = tx
        self.tenants = InMemoryTenantDirectory(tx)
        self.user_directory = InMemoryUserDirectory(tx)
        self.password_failures = InMemoryPasswordFailures(tx)
        self.platform_events = InMemoryPlatformEvents(tx)
        self.outbox_queue = InMemoryOutboxQueue(tx)
        self.pending_cfdis = InMemoryPendingCfdiTenants(tx)

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
