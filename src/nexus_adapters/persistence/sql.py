"""Statement helpers shared by every repository module."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Insert, Table
from sqlalchemy.dialects import postgresql, sqlite


def dialect_insert(conn: Connection, table: Table) -> Any:
    """An INSERT with ``on_conflict_do_*`` support, for the connection's dialect."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    if conn.dialect.name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(conn.dialect.name)


def insert_id(conn: Connection, stmt: Insert) -> int:
    """Run an INSERT and return the id the database assigned."""
    key = conn.execute(stmt).inserted_primary_key
    assert key is not None
    return int(key[0])


def check_tenant(entity: Any, tenant_id: int) -> None:
    """A repository bound to one tenant refuses another tenant's entity (a programming error)."""
    if entity.tenant_id != tenant_id:
        raise ValueError(f"entity of tenant {entity.tenant_id} given to tenant {tenant_id}'s repository")
