"""Runs use cases: one use case, one transaction."""

from __future__ import annotations

from datetime import timedelta
from typing import Callable, TypeVar

import attrs

from nexus_core.domain.tenancy import DEFAULT_TIMEZONE
from nexus_core.ports.calendar import BusinessCalendar
from nexus_core.ports.clock import Clock
from nexus_core.ports.security import KeyedDigester, SecretHasher, TokenCodec
from nexus_core.ports.unit_of_work import PlatformUnitOfWork, UnitOfWork, UnitOfWorkFactory

C = TypeVar("C")
R = TypeVar("R")


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


TenantHandler = Callable[[C, UnitOfWork, Deps], R]
PlatformHandler = Callable[[C, PlatformUnitOfWork, Deps], R]
BeforeCommit = Callable[[UnitOfWork, R], None]


@attrs.define
class Nexus:
    """The application: a unit-of-work factory and the dependencies, driving use cases.

    ``run`` opens a tenant-bound transaction, calls the handler, lets ``before_commit`` write
    what must commit with the effect (an idempotency record), and commits. Any exception rolls
    everything back. A handler may commit early on purpose to keep a record that must outlive
    its own refusal (a failed PIN attempt).
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
        with self.uows.tenant(tenant_id) as uow:
            result = handler(cmd, uow, self.deps)
            if before_commit is not None:
                before_commit(uow, result)
            uow.commit()
            return result

    def run_platform(self, handler: Callable[[C, PlatformUnitOfWork, Deps], R], cmd: C) -> R:
        with self.uows.platform() as uow:
            result = handler(cmd, uow, self.deps)
            uow.commit()
            return result
