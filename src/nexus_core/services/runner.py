"""Runs use cases: one use case, one transaction.

A use case declares once whether it writes: ``@read_only`` on a handler that only reads. The runner
then opens a read-only transaction for it, which on SQLite runs beside the writer instead of queueing
behind it and on PostgreSQL is a ``READ ONLY`` transaction (ADR 12). Everything else writes.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Callable, TypeVar

import attrs

from nexus_core.domain.tenancy import DEFAULT_TIMEZONE
from nexus_core.ports.calendar import BusinessCalendar
from nexus_core.ports.clock import Clock
from nexus_core.ports.erp import ErpExporters
from nexus_core.ports.invoicing import InvoicingPorts
from nexus_core.ports.security import KeyedDigester, SecretHasher, TokenCodec
from nexus_core.ports.unit_of_work import PlatformUnitOfWork, UnitOfWork, UnitOfWorkFactory

C = TypeVar("C")
R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])

_READ_ONLY = "__nexus_read_only__"


def read_only(handler: F) -> F:
    """Declares that a use case only reads. It runs in a read-only transaction, which refuses writes
    (:class:`~nexus_core.ports.unit_of_work.ReadOnlyTransactionError`), so a wrong declaration fails
    in the first test that runs it."""
    setattr(handler, _READ_ONLY, True)
    return handler


def writes(handler: Callable[..., Any]) -> bool:
    """Whether ``handler`` needs a write transaction: every use case not marked ``@read_only``."""
    return not getattr(handler, _READ_ONLY, False)


@attrs.frozen
class Deps:
    """Everything a use case needs besides its unit of work."""

    clock: Clock
    hasher: SecretHasher
    digests: KeyedDigester
    tokens: TokenCodec
    calendar: BusinessCalendar
    token_ttl: timedelta = timedelta(hours=8)
    default_timezone: str = DEFAULT_TIMEZONE  # of new tenants (NEXUS_DEFAULT_TIMEZONE)
    erp: ErpExporters | None = None  # ERP sync exporters (None: the entry point's defaults)
    invoicing: InvoicingPorts | None = None  # sealing, PAC and PDF (nexus_adapters.cfdi)


TenantHandler = Callable[[C, UnitOfWork, Deps], R]
PlatformHandler = Callable[[C, PlatformUnitOfWork, Deps], R]
BeforeCommit = Callable[[UnitOfWork, R], None]


@attrs.define
class Nexus:
    """The application: a unit-of-work factory and the dependencies, driving use cases.

    ``run`` opens a tenant-bound transaction, calls the handler, lets ``before_commit`` write
    what must commit with the effect (an idempotency record), and commits. Any exception rolls
    everything back. A handler may commit early on purpose to keep a record that must outlive
    its own refusal (a failed PIN attempt). The transaction is read-only when the handler is
    ``@read_only`` and there is no ``before_commit`` (which exists to write).
    """

    uows: UnitOfWorkFactory
    deps: Deps

    def run(
        self,
        tenant_id: int,
        handler: Callable[[C, UnitOfWork, Deps], R],
        cmd: C,
        *,
        before_commit: Callable[[UnitOfWork, R], None] | None = None,
    ) -> R:
        write = before_commit is not None or writes(handler)
        with self.uows.tenant(tenant_id, write=write) as uow:
            result = handler(cmd, uow, self.deps)
            if before_commit is not None:
                before_commit(uow, result)
            uow.commit()
            return result

    def run_platform(self, handler: Callable[[C, PlatformUnitOfWork, Deps], R], cmd: C) -> R:
        with self.uows.platform(write=writes(handler)) as uow:
            result = handler(cmd, uow, self.deps)
            uow.commit()
            return result
