"""Units of work over SQLAlchemy Core: one connection, one transaction at a time.

``commit()`` keeps the unit of work usable: the connection begins the next transaction by itself
on its next statement (SQLAlchemy 2 "autobegin"), which is what a handler that commits early and
then continues or refuses (``login_with_pin``) relies on. Beginning lazily rather than at once
matters on SQLite, where every ``BEGIN IMMEDIATE`` takes the write lock: the usual
"commit, then leave" does not lock the database again only to roll back.

Leaving the context without ``commit()`` rolls back. Database errors that mean a concurrent
collision leave the context as :class:`nexus_core.errors.Conflict`; a write refused by a read-only
transaction leaves it as :class:`nexus_core.ports.unit_of_work.ReadOnlyTransactionError`.

Where a transaction runs (ADR 12): on SQLite, a write waits its turn in the process's fair queue and
runs on the one writer connection; a read runs on a pooled reader connection in a deferred,
``query_only`` transaction, beside the writer. On PostgreSQL a read is a ``READ ONLY`` transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import NoReturn

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from nexus_adapters.persistence.bnpl_repository import SqlBnplApplicationRepository, SqlBnplEventRepository
from nexus_adapters.persistence.catalog_queries import SqlCatalogQueries
from nexus_adapters.persistence.complement_links import SqlComplementLinks, SqlPendingCfdiTenants
from nexus_adapters.persistence.credentials import CredentialCipher
from nexus_adapters.persistence.customer_repositories import SqlCustomerAccountRepository, SqlCustomerRepository
from nexus_adapters.persistence.engine import WRITE_OPTION, sqlite_writer
from nexus_adapters.persistence.erp_repositories import SqlErpJobs, SqlErpSources
from nexus_adapters.persistence.errors import as_conflict, is_read_only_violation
from nexus_adapters.persistence.insight_repositories import SqlSalesStats
from nexus_adapters.persistence.integration_repositories import (
    SqlOutboxQueue,
    SqlOutboxRepository,
    SqlProviderSettingsRepository,
)
from nexus_adapters.persistence.inventory_reports import SqlInventoryQueries
from nexus_adapters.persistence.invoicing_repositories import SqlCfdiRepository, SqlIssuerRepository
from nexus_adapters.persistence.item_repositories import SqlCategoryRepository, SqlItemRepository
from nexus_adapters.persistence.layaway_repositories import SqlLayawayRepository, SqlQuotationRepository
from nexus_adapters.persistence.ledger_repositories import (
    SqlAccountRepository,
    SqlJournalRepository,
    SqlPeriodRepository,
    SqlReceivableRepository,
)
from nexus_adapters.persistence.parcels_repositories import (
    SqlCurrencyRepository,
    SqlOrderRepository,
    SqlPlaceRepository,
)
from nexus_adapters.persistence.register_repositories import SqlFolioRepository, SqlRegisterRepository
from nexus_adapters.persistence.repositories import (
    SqlBranchRepository,
    SqlEmployeeRepository,
    SqlIdempotencyRepository,
    SqlLoginAttemptRepository,
    SqlTenantDirectory,
    SqlTenantRepository,
    SqlUserDirectory,
    SqlUserRepository,
)
from nexus_adapters.persistence.reservation_repositories import (
    SqlPhysicalCountRepository,
    SqlReservationRepository,
)
from nexus_adapters.persistence.return_repositories import SqlSaleReturnRepository
from nexus_adapters.persistence.sales_repositories import SqlSaleRepository
from nexus_adapters.persistence.security_repositories import (
    SqlDeviceRepository,
    SqlPasswordFailureRepository,
    SqlPinFailureRepository,
    SqlPlatformEventRepository,
    SqlSecurityEventRepository,
)
from nexus_adapters.persistence.selling_queries import SqlSellingQueries
from nexus_adapters.persistence.stock_repositories import SqlMovementRepository, SqlStockBalanceRepository
from nexus_adapters.persistence.stock_rollup import discard_pending, flush_pending
from nexus_adapters.persistence.whatsapp_repository import SqlWhatsAppMessageRepository
from nexus_core.ports.bnpl import BnplApplicationRepository, BnplEventRepository
from nexus_core.ports.catalog import CatalogQueries
from nexus_core.ports.customer_repositories import CustomerAccountRepository, CustomerRepository
from nexus_core.ports.erp import ErpJobRepository, ErpSources
from nexus_core.ports.inventory_queries import InventoryQueries
from nexus_core.ports.inventory_repositories import (
    CategoryRepository,
    ItemRepository,
    MovementRepository,
    PhysicalCountRepository,
    ReservationRepository,
    StockBalanceRepository,
)
from nexus_core.ports.invoicing_repositories import (
    CfdiRepository,
    ComplementLinkRepository,
    IssuerRepository,
    PendingCfdiTenants,
)
from nexus_core.ports.layaway_repositories import LayawayRepository, QuotationRepository
from nexus_core.ports.outbox import OutboxQueue, OutboxRepository
from nexus_core.ports.parcels_repositories import CurrencyRepository, OrderRepository, PlaceRepository
from nexus_core.ports.provider_settings import ProviderSettingsRepository
from nexus_core.ports.repositories import (
    AccountRepository,
    BranchRepository,
    EmployeeRepository,
    IdempotencyRepository,
    JournalRepository,
    LoginAttemptRepository,
    PeriodRepository,
    ReceivableRepository,
    TenantDirectory,
    TenantRepository,
    UserDirectory,
    UserRepository,
)
from nexus_core.ports.sales_repositories import FolioRepository, RegisterRepository, SaleRepository
from nexus_core.ports.sales_stats import SalesStatsRepository
from nexus_core.ports.security_repositories import (
    DeviceRepository,
    PasswordFailureRepository,
    PinFailureRepository,
    PlatformEventRepository,
    SecurityEventRepository,
)
from nexus_core.ports.selling_queries import SaleReturnRepository, SellingQueries
from nexus_core.ports.unit_of_work import ReadOnlyTransactionError
from nexus_core.ports.whatsapp import WhatsAppMessageRepository


class _Transaction:
    """The connection shared by a platform unit of work and the tenant views it hands out."""

    def __init__(self, conn: Connection, cipher: CredentialCipher | None = None) -> None:
        self.conn = conn
        self._cipher = cipher

    def cipher(self) -> CredentialCipher:
        if self._cipher is None:
            raise RuntimeError("this unit of work has no credential cipher")
        return self._cipher

    def commit(self) -> None:
        try:
            flush_pending(self.conn)  # the stock reports' totals (ADR 34)
            self.conn.commit()
        except DBAPIError as error:
            _reraise(error)

    def rollback(self) -> None:
        discard_pending(self.conn)
        self.conn.rollback()

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """``SAVEPOINT``: an exception inside rolls back to it (a database collision leaves as a Conflict)."""
        nested = self.conn.begin_nested()
        try:
            yield
        except DBAPIError as error:
            nested.rollback()
            _reraise(error)
        except BaseException:
            nested.rollback()
            raise
        nested.commit()


class SqlUnitOfWork:
    """A transaction bound to one tenant; its repositories filter every statement by ``tenant_id``."""

    def __init__(self, tx: _Transaction, tenant_id: int) -> None:
        self._tx = tx
        self.tenant_id = tenant_id
        conn = tx.conn
        # Annotated with the ports: protocol attributes are invariant, and this checks each repository.
        self.tenant: TenantRepository = SqlTenantRepository(conn, tenant_id)
        self.branches: BranchRepository = SqlBranchRepository(conn, tenant_id)
        self.employees: EmployeeRepository = SqlEmployeeRepository(conn, tenant_id)
        self.users: UserRepository = SqlUserRepository(conn, tenant_id)
        self.login_attempts: LoginAttemptRepository = SqlLoginAttemptRepository(conn, tenant_id)
        self.idempotency: IdempotencyRepository = SqlIdempotencyRepository(conn, tenant_id)
        self.accounts: AccountRepository = SqlAccountRepository(conn, tenant_id)
        self.journal: JournalRepository = SqlJournalRepository(conn, tenant_id)
        self.periods: PeriodRepository = SqlPeriodRepository(conn, tenant_id)
        self.receivables: ReceivableRepository = SqlReceivableRepository(conn, tenant_id)
        self.pin_failures: PinFailureRepository = SqlPinFailureRepository(conn, tenant_id)
        self.devices: DeviceRepository = SqlDeviceRepository(conn, tenant_id)
        self.security_events: SecurityEventRepository = SqlSecurityEventRepository(conn, tenant_id)
        self.items: ItemRepository = SqlItemRepository(conn, tenant_id)
        self.categories: CategoryRepository = SqlCategoryRepository(conn, tenant_id)
        self.stock: StockBalanceRepository = SqlStockBalanceRepository(conn, tenant_id)
        self.movements: MovementRepository = SqlMovementRepository(conn, tenant_id)
        self.reservations: ReservationRepository = SqlReservationRepository(conn, tenant_id)
        self.counts: PhysicalCountRepository = SqlPhysicalCountRepository(conn, tenant_id)
        self.inventory_queries: InventoryQueries = SqlInventoryQueries(conn, tenant_id)
        self.sales: SaleRepository = SqlSaleRepository(conn, tenant_id)
        self.registers: RegisterRepository = SqlRegisterRepository(conn, tenant_id)
        self.folios: FolioRepository = SqlFolioRepository(conn, tenant_id)
        self.quotations: QuotationRepository = SqlQuotationRepository(conn, tenant_id)
        self.layaways: LayawayRepository = SqlLayawayRepository(conn, tenant_id)
        self.provider_settings: ProviderSettingsRepository = SqlProviderSettingsRepository(conn, tenant_id, tx.cipher)
        self.outbox: OutboxRepository = SqlOutboxRepository(conn, tenant_id)
        self.whatsapp_messages: WhatsAppMessageRepository = SqlWhatsAppMessageRepository(conn, tenant_id)
        self.bnpl_applications: BnplApplicationRepository = SqlBnplApplicationRepository(conn, tenant_id)
        self.bnpl_events: BnplEventRepository = SqlBnplEventRepository(conn, tenant_id)
        self.customers: CustomerRepository = SqlCustomerRepository(conn, tenant_id)
        self.customer_accounts: CustomerAccountRepository = SqlCustomerAccountRepository(conn, tenant_id)
        self.sales_stats: SalesStatsRepository = SqlSalesStats(conn, tenant_id)
        self.erp_jobs: ErpJobRepository = SqlErpJobs(conn, tenant_id)
        self.erp_sources: ErpSources = SqlErpSources(conn, tenant_id)
        self.cfdis: CfdiRepository = SqlCfdiRepository(conn, tenant_id)
        self.issuer: IssuerRepository = SqlIssuerRepository(conn, tenant_id)
        self.cfdi_payments: ComplementLinkRepository = SqlComplementLinks(conn, tenant_id)
        self.catalog: CatalogQueries = SqlCatalogQueries(conn, tenant_id)
        self.returns: SaleReturnRepository = SqlSaleReturnRepository(conn, tenant_id)
        self.selling_queries: SellingQueries = SqlSellingQueries(conn, tenant_id)
        self.places: PlaceRepository = SqlPlaceRepository(conn, tenant_id)
        self.currencies: CurrencyRepository = SqlCurrencyRepository(conn, tenant_id)
        self.orders: OrderRepository = SqlOrderRepository(conn, tenant_id)

    def savepoint(self) -> AbstractContextManager[None]:
        return self._tx.savepoint()

    def commit(self) -> None:
        self._tx.commit()

    def rollback(self) -> None:
        self._tx.rollback()


class SqlPlatformUnitOfWork:
    """A transaction above tenants: creating tenants, finding users by email."""

    def __init__(self, tx: _Transaction) -> None:
        self._tx = tx
        self.tenants: TenantDirectory = SqlTenantDirectory(tx.conn)
        self.user_directory: UserDirectory = SqlUserDirectory(tx.conn)
        self.password_failures: PasswordFailureRepository = SqlPasswordFailureRepository(tx.conn)
        self.platform_events: PlatformEventRepository = SqlPlatformEventRepository(tx.conn)
        self.outbox_queue: OutboxQueue = SqlOutboxQueue(tx.conn)
        self.pending_cfdis: PendingCfdiTenants = SqlPendingCfdiTenants(tx.conn)

    def for_tenant(self, tenant_id: int) -> SqlUnitOfWork:
        """The same transaction, seen through one tenant's repositories."""
        return SqlUnitOfWork(self._tx, tenant_id)

    def commit(self) -> None:
        self._tx.commit()

    def rollback(self) -> None:
        self._tx.rollback()


class SqlUnitOfWorkFactory:
    """Implements :class:`nexus_core.ports.unit_of_work.UnitOfWorkFactory` on an engine."""

    def __init__(self, engine: Engine, *, cipher: CredentialCipher | None = None) -> None:
        """``cipher`` seals provider credentials; without one, the database's own secret keys it, read
        (or created) before the first transaction, never inside one."""
        self.engine = engine
        self._sqlite = engine.dialect.name == "sqlite"
        self._cipher = cipher

    @contextmanager
    def tenant(self, tenant_id: int, *, write: bool = True) -> Iterator[SqlUnitOfWork]:
        with self._transaction(write) as tx:
            yield SqlUnitOfWork(tx, tenant_id)

    @contextmanager
    def platform(self, *, write: bool = True) -> Iterator[SqlPlatformUnitOfWork]:
        with self._transaction(write) as tx:
            yield SqlPlatformUnitOfWork(tx)

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[_Transaction]:
        if self._cipher is None:
            self._cipher = _default_cipher(self.engine)
        try:
            # Closing the connection rolls back whatever was not committed.
            with self._connect(write) as conn:
                conn.begin()
                discard_pending(conn)  # conn.info outlives a transaction that ended without commit
                yield _Transaction(conn, self._cipher)
        except DBAPIError as error:
            _reraise(error)

    @contextmanager
    def _connect(self, write: bool) -> Iterator[Connection]:
        if not self._sqlite:
            with self.engine.connect() as conn:
                if not write:
                    conn.execution_options(postgresql_readonly=True)  # BEGIN READ ONLY; reset on release
                yield conn
            return
        writer = sqlite_writer(self.engine)
        if write or writer.shared:
            # The connection goes back to its pool before the next writer's turn begins.
            with writer.queue.turn(), writer.engine.connect() as conn:
                yield conn.execution_options(**{WRITE_OPTION: write})
            return
        with self.engine.connect() as conn:
            yield conn.execution_options(**{WRITE_OPTION: False})


def _default_cipher(engine: Engine) -> CredentialCipher | None:
    """The database-keyed cipher, or ``None`` while the schema is not there yet (asked again next time)."""
    try:
        return CredentialCipher.for_engine(engine)
    except DBAPIError:
        return None


def _reraise(error: DBAPIError) -> NoReturn:
    if is_read_only_violation(error):
        raise ReadOnlyTransactionError(
            f"a read-only unit of work tried to write (a use case that writes must not be @read_only): {error.orig}"
        ) from error
    conflict = as_conflict(error)
    if conflict is None:
        raise error
    raise conflict from error
