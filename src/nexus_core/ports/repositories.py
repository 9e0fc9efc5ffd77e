"""Repositories. Those reached through a tenant's unit of work see only that tenant's rows."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from nexus_core.domain.idempotency import IdempotencyRecord
from nexus_core.domain.staff import Employee
from nexus_core.domain.tenancy import Branch, Tenant
from nexus_core.domain.users import User


class TenantDirectory(Protocol):
    """All tenants of the installation (platform level)."""

    def add(self, tenant: Tenant) -> int: ...

    def get(self, tenant_id: int) -> Tenant | None: ...

    def find_by_name(self, name: str) -> Tenant | None: ...

    def count(self) -> int: ...


class UserDirectory(Protocol):
    """Parcels users looked up by email across tenants (login names no tenant)."""

    def get_by_email(self, email: str) -> User | None: ...


class TenantRepository(Protocol):
    """The unit of work's own tenant."""

    def get(self) -> Tenant | None: ...

    def update(self, tenant: Tenant) -> None: ...


class BranchRepository(Protocol):
    def add(self, branch: Branch) -> int: ...

    def get(self, branch_id: int) -> Branch | None: ...

    def list(self) -> list[Branch]: ...


class EmployeeRepository(Protocol):
    def add(self, employee: Employee) -> int: ...

    def get(self, employee_id: int) -> Employee | None: ...

    def list(self) -> list[Employee]: ...

    def find_active_by_pin(self, pin_lookup: str) -> Employee | None: ...

    def update(self, employee: Employee) -> None: ...


class UserRepository(Protocol):
    def add(self, user: User) -> int: ...

    def get(self, user_id: int) -> User | None: ...


class LoginAttemptRepository(Protocol):
    """Failed PIN attempts, kept in the database so every worker counts the same ones."""

    def record_failure(self, device_id: str, at: datetime) -> None: ...

    def failures_since(self, since: datetime, device_id: str | None = None) -> list[datetime]:
        """Times of failures at or after ``since``, oldest first; for one device or the whole tenant."""
        ...

    def clear_device(self, device_id: str) -> None: ...


class IdempotencyRepository(Protocol):
    def get(self, key: str) -> IdempotencyRecord | None: ...

    def claim(self, record: IdempotencyRecord) -> bool:
        """Insert a new record; ``False`` when the key is already taken."""
        ...

    def save(self, record: IdempotencyRecord) -> None: ...

    def delete(self, key: str) -> None: ...
