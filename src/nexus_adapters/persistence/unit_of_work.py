"""Units of work over SQLAlchemy Core: one connection, one transaction at a time.

``commit()`` keeps the unit of work usable: the connection begins the next transaction by itself
on its next statement (SQLAlchemy 2 "autobegin"), which is what a handler that commits early and
then continues or refuses (``login_with_pin``) relies on. Beginning lazily rather than at once
matters on SQLite, where every ``BEGIN IMMEDIATE`` takes the write lock: the usual
"commit, then leave" does not lock the database again only to roll back.

Leaving the context without ``commit()`` rolls back. Database errors that mean a concurrent
collision leave the context as :class:`nexus_core.errors.Conflict`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from nexus_adapters.persistence.errors import as_conflict
from nexus_adapters.persistence.ledger_repositories import (
    SqlAccountRepository,
    SqlJournalRepository,
    SqlPeriodRepository,
    SqlReceivableRepository,
)
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
from nexus_adapters.persistence.security_repositories import (
    SqlDeviceRepository,
    SqlPasswordFailureRepository,
    SqlPinFailureRepository,
    SqlPlatformEventRepository,
    SqlSecurityEventRepository,
)
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
from nexus_core.ports.security_repositories import (
    DeviceRepository,
    PasswordFailureRepository,
    PinFailureRepository,
    PlatformEventRepository,
    SecurityEventRepository,
)


class _Transaction:
    """The connection shared by a platform unit of work and the tenant views it hands out."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def commit(self) -> None:
        try:
            self.conn.commit()
        except DBAPIError as error:
            _reraise(error)

    def rollback(self) -> None:
        self.conn.rollback()


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

    def for_tenant(self, tenant_id: int) -> SqlUnitOfWork:
        """The same transaction, seen through one tenant's repositories."""
        return SqlUnitOfWork(self._tx, tenant_id)

    def commit(self) -> None:
        self._tx.commit()

    def rollback(self) -> None:
        self._tx.rollback()


class SqlUnitOfWorkFactory:
    """Implements :class:`nexus_core.ports.unit_of_work.UnitOfWorkFactory` on an engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def tenant(self, tenant_id: int) -> Iterator[SqlUnitOfWork]:
        with self._transaction() as tx:
            yield SqlUnitOfWork(tx, tenant_id)

    @contextmanager
    def platform(self) -> Iterator[SqlPlatformUnitOfWork]:
        with self._transaction() as tx:
            yield SqlPlatformUnitOfWork(tx)

    @contextmanager
    def _transaction(self) -> Iterator[_Transaction]:
        try:
            # Closing the connection rolls back whatever was not committed.
            with self.engine.connect() as conn:
                conn.begin()
                yield _Transaction(conn)
        except DBAPIError as error:
            _reraise(error)


def _reraise(error: DBAPIError) -> NoReturn:
    conflict = as_conflict(error)
    if conflict is None:
        raise error
    raise conflict from error
