"""Units of work: one transaction each, committed by whoever opened it."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from nexus_core.ports.repositories import (
    BranchRepository,
    EmployeeRepository,
    IdempotencyRepository,
    LoginAttemptRepository,
    TenantDirectory,
    TenantRepository,
    UserDirectory,
    UserRepository,
)


class UnitOfWork(Protocol):
    """A transaction bound to one tenant: its repositories cannot see any other tenant's rows."""

    tenant_id: int
    tenant: TenantRepository
    branches: BranchRepository
    employees: EmployeeRepository
    users: UserRepository
    login_attempts: LoginAttemptRepository
    idempotency: IdempotencyRepository

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


class PlatformUnitOfWork(Protocol):
    """A transaction above tenants, for creating tenants and finding users by email."""

    tenants: TenantDirectory
    user_directory: UserDirectory

    def for_tenant(self, tenant_id: int) -> UnitOfWork:
        """The same transaction, seen through one tenant's repositories."""
        ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    """Opens transactions. Leaving the context without ``commit()`` rolls back."""

    def tenant(self, tenant_id: int) -> AbstractContextManager[UnitOfWork]: ...

    def platform(self) -> AbstractContextManager[PlatformUnitOfWork]: ...
