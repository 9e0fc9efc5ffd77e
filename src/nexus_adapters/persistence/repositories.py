"""SQL repositories: explicit row <-> attrs mapping, one class per port.

Each tenant repository is bound to one connection and one tenant id, and every statement it
issues filters by that tenant id: another tenant's rows are not hidden afterwards, they are never
read. Rows become domain objects only through the ``_to_*`` functions (no ``Cls(**row)``), so a
column added for the database's sake (``tenants.name_key``) never leaks into the domain.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, bindparam, delete, select, update

from nexus_adapters.persistence.fast import run
from nexus_adapters.persistence.sql import check_tenant, insert_id
from nexus_adapters.persistence.stock_rollup import touch_all
from nexus_adapters.persistence.tables import (
    branches,
    employees,
    login_failures,
    user_emails,
    users,
)
from nexus_adapters.persistence.tenant_repositories import SqlTenantDirectory as SqlTenantDirectory
from nexus_adapters.persistence.tenant_repositories import SqlTenantRepository as SqlTenantRepository
from nexus_core.domain.staff import Employee, Role
from nexus_core.domain.tenancy import Branch
from nexus_core.domain.users import User, UserRole
from nexus_core.errors import NotFound

# --- branches ------------------------------------------------------------------------------------


def _to_branch(row: RowMapping) -> Branch:
    return Branch(
        id=row["id"],
        tenant_id=row["tenant_id"],
        name=row["name"],
        address=row["address"],
        phone=row["phone"],
        is_active=row["is_active"],
    )


class SqlBranchRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, branch: Branch) -> int:
        check_tenant(branch, self._tid)
        values = {
            "tenant_id": self._tid,
            "name": branch.name,
            "address": branch.address,
            "phone": branch.phone,
            "is_active": branch.is_active,
        }
        branch.id = insert_id(self._conn, branches.insert().values(values))
        touch_all(self._conn, self._tid)  # every item gets its zero row there (ADR 34)
        return branch.id

    def get(self, branch_id: int) -> Branch | None:
        stmt = select(branches).where(branches.c.tenant_id == self._tid, branches.c.id == branch_id)
        row = self._conn.execute(stmt).mappings().first()
        return _to_branch(row) if row else None

    def list(self) -> list[Branch]:
        stmt = select(branches).where(branches.c.tenant_id == self._tid).order_by(branches.c.id)
        return [_to_branch(row) for row in self._conn.execute(stmt).mappings()]


# --- employees -----------------------------------------------------------------------------------


def _employee_values(employee: Employee) -> dict[str, Any]:
    return {
        "branch_id": employee.branch_id,
        "name": employee.name,
        "role": employee.role.value,
        "email": employee.email,
        "phone": employee.phone,
        "max_discount_pct": employee.max_discount_pct,
        "is_active": employee.is_active,
        "pin_lookup": employee.pin_lookup,
        "pin_hash": employee.pin_hash,
    }


def _to_employee(row: RowMapping) -> Employee:
    return Employee(
        id=row["id"],
        tenant_id=row["tenant_id"],
        branch_id=row["branch_id"],
        name=row["name"],
        role=Role(row["role"]),
        email=row["email"],
        phone=row["phone"],
        max_discount_pct=row["max_discount_pct"],
        is_active=row["is_active"],
        pin_lookup=row["pin_lookup"],
        pin_hash=row["pin_hash"],
        created_at=row["created_at"],
    )


# Every write re-reads its employee (authorize): built once, the ids travel as parameters.
_GET_EMPLOYEE = select(employees).where(
    employees.c.tenant_id == bindparam("w_tid"), employees.c.id == bindparam("w_id")
)


class SqlEmployeeRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, employee: Employee) -> int:
        check_tenant(employee, self._tid)
        values = {**_employee_values(employee), "tenant_id": self._tid, "created_at": employee.created_at}
        employee.id = insert_id(self._conn, employees.insert().values(values))
        return employee.id

    def get(self, employee_id: int) -> Employee | None:
        row = run(self._conn, _GET_EMPLOYEE, {"w_tid": self._tid, "w_id": employee_id}).mappings().first()
        return _to_employee(row) if row else None

    def list(self) -> list[Employee]:
        stmt = select(employees).where(employees.c.tenant_id == self._tid).order_by(employees.c.id)
        return [_to_employee(row) for row in self._conn.execute(stmt).mappings()]

    def find_active_by_pin(self, pin_lookup: str) -> Employee | None:
        stmt = select(employees).where(
            employees.c.tenant_id == self._tid,
            employees.c.pin_lookup == pin_lookup,
            employees.c.is_active.is_(True),
        )
        row = self._conn.execute(stmt).mappings().first()
        return _to_employee(row) if row else None

    def update(self, employee: Employee) -> None:
        stmt = (
            update(employees)
            .where(employees.c.tenant_id == self._tid, employees.c.id == employee.id)
            .values(_employee_values(employee))
        )
        if self._conn.execute(stmt).rowcount != 1:
            raise NotFound(f"employee {employee.id} not found")


# --- users ---------------------------------------------------------------------------------------


def _to_user(row: RowMapping) -> User:
    return User(
        id=row["id"],
        tenant_id=row["tenant_id"],
        email=row["email"],
        name=row["name"],
        role=UserRole(row["role"]),
        password_hash=row["password_hash"],
        is_active=row["is_active"],
        created_at=row["created_at"],
    )


class SqlUserRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, user: User) -> int:
        check_tenant(user, self._tid)
        values = {
            "tenant_id": self._tid,
            "email": user.email,
            "name": user.name,
            "role": user.role.value,
            "password_hash": user.password_hash,
            "is_active": user.is_active,
            "created_at": user.created_at,
        }
        user.id = insert_id(self._conn, users.insert().values(values))
        # The platform row that keeps emails unique across tenants (a duplicate is a Conflict).
        self._conn.execute(user_emails.insert().values(email=user.email, tenant_id=self._tid, user_id=user.id))
        return user.id

    def get(self, user_id: int) -> User | None:
        stmt = select(users).where(users.c.tenant_id == self._tid, users.c.id == user_id)
        row = self._conn.execute(stmt).mappings().first()
        return _to_user(row) if row else None


class SqlUserDirectory:
    """Users by email across tenants (platform level): login names no tenant."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get_by_email(self, email: str) -> User | None:
        e = user_emails.c
        stmt = select(users).join(user_emails, (users.c.tenant_id == e.tenant_id) & (users.c.id == e.user_id))
        row = self._conn.execute(stmt.where(e.email == email.lower())).mappings().first()
        return _to_user(row) if row else None


# --- login attempts ------------------------------------------------------------------------------


class SqlLoginAttemptRepository:
    """Failed PIN attempts; counted in the database so every worker sees the same ones."""

    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def record_failure(self, device_id: str, at: datetime) -> None:
        insert_id(self._conn, login_failures.insert().values(tenant_id=self._tid, device_id=device_id, at=at))

    def failures_since(self, since: datetime, device_id: str | None = None) -> list[datetime]:
        c = login_failures.c
        stmt = select(c.at).where(c.tenant_id == self._tid, c.at >= since).order_by(c.at)
        if device_id is not None:
            stmt = stmt.where(c.device_id == device_id)
        return list(self._conn.execute(stmt).scalars())

    def clear_device(self, device_id: str) -> None:
        c = login_failures.c
        self._conn.execute(delete(login_failures).where(c.tenant_id == self._tid, c.device_id == device_id))


# --- idempotency: its own module (ADR 6), re-exported for the unit of work -------------------------

from nexus_adapters.persistence.idempotency_repository import (  # noqa: E402
    SqlIdempotencyRepository as SqlIdempotencyRepository,
)
