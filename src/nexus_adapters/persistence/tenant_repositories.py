"""SQL repositories of tenants: the platform's directory, and a unit of work's own tenant row."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, RowMapping, bindparam, func, select, update

from nexus_adapters.persistence.sql import insert_id
from nexus_adapters.persistence.tables import tenants
from nexus_core.domain.tenancy import Tenant
from nexus_core.errors import NotFound


def _tenant_values(tenant: Tenant) -> dict[str, Any]:
    return {
        "name": tenant.name,
        "name_key": tenant.name.casefold(),
        "rfc": tenant.rfc,
        "theme": tenant.theme,
        "created_at": tenant.created_at,
        "timezone": tenant.timezone,
    }


def _to_tenant(row: RowMapping) -> Tenant:
    return Tenant(
        id=row["id"],
        name=row["name"],
        rfc=row["rfc"],
        theme=row["theme"],
        created_at=row["created_at"],
        timezone=row["timezone"],
    )


class SqlTenantDirectory:
    """All tenants (platform level)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, tenant: Tenant) -> int:
        tenant.id = insert_id(self._conn, tenants.insert().values(_tenant_values(tenant)))
        return tenant.id

    def get(self, tenant_id: int) -> Tenant | None:
        row = self._conn.execute(select(tenants).where(tenants.c.id == tenant_id)).mappings().first()
        return _to_tenant(row) if row else None

    def count(self) -> int:
        return int(self._conn.execute(select(func.count()).select_from(tenants)).scalar_one())

    def find_by_name(self, name: str) -> Tenant | None:
        stmt = select(tenants).where(tenants.c.name_key == name.casefold())
        row = self._conn.execute(stmt).mappings().first()
        return _to_tenant(row) if row else None


_GET_TENANT = select(tenants).where(tenants.c.id == bindparam("w_tid"))  # every report's time zone: built once


class SqlTenantRepository:
    """The unit of work's own tenant row."""

    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def get(self) -> Tenant | None:
        row = self._conn.execute(_GET_TENANT, {"w_tid": self._tid}).mappings().first()
        return _to_tenant(row) if row else None

    def update(self, tenant: Tenant) -> None:
        values = _tenant_values(tenant)
        del values["created_at"]
        result = self._conn.execute(update(tenants).where(tenants.c.id == self._tid).values(values))
        if result.rowcount != 1:
            raise NotFound("tenant not found")
