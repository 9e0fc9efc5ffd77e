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
from contextlib import contextmanager

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from nexus_adapters.persistence.complement_links import SqlPendingCfdiTenants
from nexus_adapters.persistence.credentials import CredentialCipher
from nexus_adapters.persistence.engine import WRITE_OPTION, sqlite_writer
from nexus_adapters.persistence.integration_repositories import (
    SqlOutboxQueue,
)
from nexus_adapters.persistence.repositories import (
    SqlTenantDirectory,
    SqlUserDirectory,
)
from nexus_adapters.persistence.security_repositories import (
    SqlPasswordFailureRepository,
    SqlPlatformEventRepository,
)
from nexus_adapters.persistence.stock_rollup import discard_pending
from nexus_adapters.persistence.tenant_unit_of_work import SqlUnitOfWork
from nexus_adapters.persistence.transaction import Transaction, reraise_db_error
from nexus_core.ports.invoicing_repositories import (
    PendingCfdiTenants,
)
from nexus_core.ports.outbox import OutboxQueue
from nexus_core.ports.repositories import (
    TenantDirectory,
    UserDirectory,
)
from nexus_core.ports.security_repositories import (
    PasswordFailureRepository,
    PlatformEventRepository,
)


class SqlPlatformUnitOfWork:
    """A transaction above tenants: creating tenants, finding users by email."""

    def __init__(self, tx: Transaction) -> None:
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
    def _transaction(self, write: bool) -> Iterator[Transaction]:
        if self._cipher is None:
            self._cipher = _default_cipher(self.engine)
        try:
            # Handing the connection back (closed or kept) rolls back whatever was not committed.
            with self._connect(write) as conn:
                conn.begin()
                discard_pending(conn)  # conn.info outlives a transaction that ended without commit
                yield Transaction(conn, self._cipher)
        except DBAPIError as error:
            reraise_db_error(error)

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
            # The turn ends (and its leftovers are rolled back) before the next writer's begins.
            with writer.queue.turn(), writer.connection() as conn:
                yield _marked(conn, write)
            return
        assert writer.readers is not None  # a file database's
        with writer.readers.connection() as conn:
            yield _marked(conn, False)


def _marked(conn: Connection, write: bool) -> Connection:
    """``conn`` with its transactions' kind set (a kept connection usually has it already)."""
    if conn.get_execution_options().get(WRITE_OPTION) is not write:
        conn.execution_options(**{WRITE_OPTION: write})
    return conn


def _default_cipher(engine: Engine) -> CredentialCipher | None:
    """The database-keyed cipher, or ``None`` while the schema is not there yet (asked again next time)."""
    try:
        return CredentialCipher.for_engine(engine)
    except DBAPIError:
        return None
