"""Engines for the two supported databases, configured the one way Nexus needs them.

SQLite: WAL, foreign keys on, a 5 s busy timeout, and every transaction opened with
``BEGIN IMMEDIATE``. With the default deferred ``BEGIN`` a transaction that reads and then
writes cannot be upgraded to a writer while another connection writes, and fails at once with
"database is locked" whatever the busy timeout (docs/adr/0005-persistence-sqlalchemy-core.md). pysqlite's own
transaction handling is switched off so that SQLAlchemy's ``begin`` event owns the ``BEGIN``
(SQLAlchemy docs, "Enabling Non-Legacy SQLite Transactional Modes").

PostgreSQL: the psycopg 3 driver, with pre-ping so a restarted server does not fail requests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
    "PRAGMA synchronous=NORMAL",
)


def normalize_url(url: str | URL) -> URL:
    """``postgresql://`` and ``postgres://`` mean psycopg 3 here (the only PostgreSQL driver we ship)."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    """An engine for a SQLite or PostgreSQL URL; extra keyword arguments go to ``create_engine``."""
    parsed = normalize_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed, **kwargs)
    if backend == "postgresql":
        return create_engine(parsed, pool_pre_ping=True, **kwargs)
    raise ValueError(f"unsupported database {backend!r}: use sqlite:/// or postgresql+psycopg://")


def is_sqlite_memory(url: URL) -> bool:
    database = url.database or ""
    return database in ("", ":memory:") or url.query.get("mode") == "memory"


def _sqlite_engine(url: URL, **kwargs: Any) -> Engine:
    if is_sqlite_memory(url):
        # One shared connection, or each checkout would see its own empty database.
        kwargs.setdefault("poolclass", StaticPool)
        kwargs.setdefault("connect_args", {"check_same_thread": False})
    else:
        Path(url.database or "").expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def _on_sqlite_connect(dbapi_connection: Any, connection_record: Any) -> None:
    # Autocommit at the driver level: no implicit BEGIN/COMMIT from pysqlite; ours come from _on_sqlite_begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")
