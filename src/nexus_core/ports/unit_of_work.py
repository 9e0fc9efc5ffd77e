"""Units of work: one transaction each, committed by whoever opened it.

A unit of work is opened for writing (the default) or for reading only. A read unit of work runs
beside writes instead of queueing behind them (ADR 12) and refuses every write: a use case that
writes while declared read-only fails at once, on the fakes as on the databases.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

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
from nexus_core.ports.whatsapp import WhatsAppMessageRepository


class ReadOnlyTransactionError(RuntimeError):
    """A write was attempted in a unit of work opened with ``write=False``: a use case is mis-declared.

    A programming error, never a client's: it is not a :class:`nexus_core.errors.NexusError`.
    """


class UnitOfWork(Protocol):
    """A transaction bound to one tenant: its repositories cannot see any other tenant's rows.

    Members are read-only properties so that implementations may expose plain attributes of their
    own concrete repository classes.
    """

    @property
    def tenant_id(self) -> int: ...
    @property
    def tenant(self) -> TenantRepository: ...
    @property
    def branches(self) -> BranchRepository: ...
    @property
    def employees(self) -> EmployeeRepository: ...
    @property
    def users(self) -> UserRepository: ...
    @property
    def login_attempts(self) -> LoginAttemptRepository: ...
    @property
    def idempotency(self) -> IdempotencyRepository: ...
    @property
    def accounts(self) -> AccountRepository: ...
    @property
    def journal(self) -> JournalRepository: ...
    @property
    def periods(self) -> PeriodRepository: ...
    @property
    def receivables(self) -> ReceivableRepository: ...
    @property
    def pin_failures(self) -> PinFailureRepository: ...
    @property
    def devices(self) -> DeviceRepository: ...
    @property
    def security_events(self) -> SecurityEventRepository: ...
    @property
    def items(self) -> ItemRepository: ...
    @property
    def categories(self) -> CategoryRepository: ...
    @property
    def stock(self) -> StockBalanceRepository: ...
    @property
    def movements(self) -> MovementRepository: ...
    @property
    def reservations(self) -> ReservationRepository: ...
    @property
    def counts(self) -> PhysicalCountRepository: ...
    @property
    def inventory_queries(self) -> InventoryQueries: ...
    @property
    def sales(self) -> SaleRepository: ...
    @property
    def registers(self) -> RegisterRepository: ...
    @property
    def folios(self) -> FolioRepository: ...
    @property
    def quotations(self) -> QuotationRepository: ...
    @property
    def layaways(self) -> LayawayRepository: ...
    @property
    def outbox(self) -> OutboxRepository: ...
    @property
    def whatsapp_messages(self) -> WhatsAppMessageRepository: ...
    @property
    def bnpl_applications(self) -> BnplApplicationRepository: ...
    @property
    def bnpl_events(self) -> BnplEventRepository: ...
    @property
    def customers(self) -> CustomerRepository: ...
    @property
    def customer_accounts(self) -> CustomerAccountRepository: ...
    @property
    def sales_stats(self) -> SalesStatsRepository: ...
    @property
    def erp_jobs(self) -> ErpJobRepository: ...
    @property
    def erp_sources(self) -> ErpSources: ...
    @property
    def provider_settings(self) -> ProviderSettingsRepository: ...
    @property
    def cfdis(self) -> CfdiRepository: ...
    @property
    def issuer(self) -> IssuerRepository: ...
    @property
    def cfdi_payments(self) -> ComplementLinkRepository: ...
    @property
    def catalog(self) -> CatalogQueries: ...
    @property
    def returns(self) -> SaleReturnRepository: ...
    @property
    def selling_queries(self) -> SellingQueries: ...
    @property
    def places(self) -> PlaceRepository: ...
    @property
    def currencies(self) -> CurrencyRepository: ...
    @property
    def orders(self) -> OrderRepository: ...

    def savepoint(self) -> AbstractContextManager[None]:
        """A nested all-or-nothing part of the transaction: leaving it by an exception undoes only
        what was written inside it (the exception goes on); leaving it normally keeps it."""
        ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


class PlatformUnitOfWork(Protocol):
    """A transaction above tenants, for creating tenants and finding users by email."""

    @property
    def tenants(self) -> TenantDirectory: ...
    @property
    def user_directory(self) -> UserDirectory: ...
    @property
    def password_failures(self) -> PasswordFailureRepository: ...
    @property
    def platform_events(self) -> PlatformEventRepository: ...
    @property
    def outbox_queue(self) -> OutboxQueue: ...
    @property
    def pending_cfdis(self) -> PendingCfdiTenants: ...

    def for_tenant(self, tenant_id: int) -> UnitOfWork:
        """The same transaction, seen through one tenant's repositories."""
        ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    """Opens transactions. Leaving the context without ``commit()`` rolls back.

    ``write=False`` opens a read-only transaction: it never waits for writers, and any write in it
    raises :class:`ReadOnlyTransactionError` (at the write, or at the latest when it commits or ends).
    """

    def tenant(self, tenant_id: int, *, write: bool = True) -> AbstractContextManager[UnitOfWork]: ...

    def platform(self, *, write: bool = True) -> AbstractContextManager[PlatformUnitOfWork]: ...
