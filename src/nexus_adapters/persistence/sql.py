"""Statement helpers shared by every repository module."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Insert, Table, func, literal_column, select, text
from sqlalchemy.dialects import postgresql, sqlite

from nexus_adapters.persistence.fast import run


def dialect_insert(conn: Connection, table: Table) -> Any:
    """An INSERT with ``on_conflict_do_*`` support, for the connection's dialect."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    if conn.dialect.name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(conn.dialect.name)


def insert_id(conn: Connection, stmt: Insert) -> int:
    """Run a one-row INSERT and return the ``id`` the database assigned.

    A tenant-owned table's primary key is ``(tenant_id, id)`` (docs/adr/0015-distributable-schema.md).
    PostgreSQL fills ``id`` from the table's sequence. SQLite assigns ids only to a lone ``INTEGER
    PRIMARY KEY``; here the row gets ``MAX(rowid) + 1``, the rowid SQLite gives it as well, so ids
    and rowids stay equal (one writer at a time: ``BEGIN IMMEDIATE``).
    """
    table = stmt.table
    assert isinstance(table, Table)
    id_column = table.c.get("id")
    if id_column is not None and len(table.primary_key.columns) > 1 and conn.dialect.name == "sqlite":
        next_id = select(func.coalesce(func.max(literal_column("rowid")), 0) + 1).select_from(table).scalar_subquery()
        stmt = stmt.values(id=next_id)
    result = conn.execute(stmt.returning(id_column) if id_column is not None else stmt)
    if id_column is not None:
        return int(result.scalar_one())
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


_INSERTS: dict[tuple[str, str], Insert] = {}


def insert_row_id(conn: Connection, table: Table, values: dict[str, Any]) -> int:
    """:func:`insert_id` for ``table.insert().values(values)``, with the statement built once per dialect
    and table (the values travel as parameters), which a write on every request's path wants."""
    key = (conn.dialect.name, table.name)
    stmt = _INSERTS.get(key)
    if stmt is None:
        stmt = table.insert()
        if len(table.primary_key.columns) > 1 and conn.dialect.name == "sqlite":
            rowid = func.coalesce(func.max(literal_column("rowid")), 0) + 1
            stmt = stmt.values(id=select(rowid).select_from(table).scalar_subquery())
        stmt = _INSERTS[key] = stmt.returning(table.c.id)
    return int(run(conn, stmt, values).scalar_one())


def check_tenant(entity: Any, tenant_id: int) -> None:
    """A repository bound to one tenant refuses another tenant's entity (a programming error)."""
    if entity.tenant_id != tenant_id:
        raise ValueError(f"entity of tenant {entity.tenant_id} given to tenant {tenant_id}'s repository")


def new_ids(conn: Connection, table: Table, n: int) -> list[int]:
    """``n`` fresh ids of a ``(tenant_id, id)`` table, in order (for a batch written with explicit ids)."""
    if conn.dialect.name == "postgresql":
        stmt = text(f"SELECT nextval('{table.name}_id_seq') FROM generate_series(1, :n)")
        return [int(v) for v in conn.execute(stmt, {"n": n}).scalars()]
    top = conn.execute(select(func.coalesce(func.max(literal_column("rowid")), 0)).select_from(table))
    first = int(top.scalar_one()) + 1
    return list(range(first, first + n))
