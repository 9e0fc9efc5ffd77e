"""A transaction seen through one tenant's repositories (every statement filtered by ``tenant_id``)."""

from __future__ import annotations

from contextlib import AbstractContextManager

from nexus_adapters.persistence.bnpl_repository import SqlBnplApplicationRepository, SqlBnplEventRepository
from nexus_adapters.persistence.catalog_queries import SqlCatalogQueries
from nexus_adapters.persistence.complement_links import SqlComplementLinks
from nexus_adapters.persistence.customer_repositories import SqlCustomerAccountRepository, SqlCustomerRepository
from nexus_adapters.persistence.erp_repositories import SqlErpJobs, SqlErpSources
from nexus_adapters.persistence.insight_repositories import SqlSalesStats
from nexus_adapters.persistence.integration_repositories import (
    SqlOutboxRepository,
    SqlProviderSettingsRepository,
)
from nexus_adapters.persistence.inventory_reports import SqlInventoryQueries
from nexus_adapters.persistence.invoicing_repositories import SqlCfdiRepository, SqlIssuerRepository
from nexus_adapters.persistence.item_repositories import SqlCategoryRepository, SqlItemRepository
from nexus_adapters.persistence.layaway_repositories import SqlLayawayRepository
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
from nexus_adapters.persistence.quotation_repositories import SqlQuotationRepository
from nexus_adapters.persistence.register_repositories import SqlFolioRepository, SqlRegisterRepository
from nexus_adapters.persistence.repositories import (
    SqlBranchRepository,
    SqlEmployeeRepository,
    SqlIdempotencyRepository,
    SqlLoginAttemptRepository,
    SqlTenantRepository,
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
    SqlPinFailureRepository,
    SqlSecurityEventRepository,
)
from nexus_adapters.persistence.selling_queries import SqlSellingQueries
from nexus_adapters.persistence.stock_repositories import SqlMovementRepository, SqlStockBalanceRepository
from nexus_adapters.persistence.transaction import Transaction
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
)
from nexus_core.ports.layaway_repositories import LayawayRepository, QuotationRepository
from nexus_core.ports.outbox import OutboxRepository
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
    TenantRepository,
    UserRepository,
)
from nexus_core.ports.sales_repositories import FolioRepository, RegisterRepository, SaleRepository
from nexus_core.ports.sales_stats import SalesStatsRepository
from nexus_core.ports.security_repositories import (
    DeviceRepository,
    PinFailureRepository,
    SecurityEventRepository,
)
from nexus_core.ports.selling_queries import SaleReturnRepository, SellingQueries
from nexus_core.ports.whatsapp import WhatsAppMessageRepository


class SqlUnitOfWork:
    """A transaction bound to one tenant; its repositories filter every statement by ``tenant_id``."""

    def __init__(self, tx: Transaction, tenant_id: int) -> None:
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
