"""Engines for the two supported databases, configured the one way Nexus needs them.

SQLite: WAL, foreign keys on, a 5 s busy timeout. A write transaction opens with ``BEGIN IMMEDIATE``:
with a deferred ``BEGIN`` a transaction that reads and then writes cannot be upgraded to a writer
while another connection writes, and fails at once with "database is locked" whatever the busy
timeout (ADR 5). A read transaction (execution option ``nexus_write=False``) opens with a deferred
``BEGIN`` on a connection switched to ``PRAGMA query_only``: in WAL mode it reads its snapshot beside
the writer and never takes the write lock (ADR 12). pysqlite's own transaction handling is switched
off so that SQLAlchemy's ``begin`` event owns the ``BEGIN`` (SQLAlchemy docs, "Enabling Non-Legacy
SQLite Transactional Modes"). Each SQLite engine has, per process, one writer connection behind a
fair queue: :func:`sqlite_writer`.

PostgreSQL: the psycopg 3 driver, with pre-ping so a restarted server does not fail requests.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

from nexus_adapters.persistence.fast import run_sql
from nexus_adapters.persistence.kept import KeptConnections
from nexus_adapters.persistence.write_queue import WriteQueue

SQLITE_PRAGMAS = (
    "PRAGMA busy_timeout=5000",  # first: switching to WAL may itself have to wait for another process
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=NORMAL",
)
READERS_KEPT = 8  # idle reader connections kept per database and process: handler threads + the event loop
WRITE_OPTION = "nexus_write"
"""Execution option naming a SQLite transaction's kind; without it a transaction writes."""


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


@attrs.frozen
class SqliteWriter:
    """The one connection (pool of one) that writes to a SQLite database in this process, and the
    queue its users wait in; and the readers' connections, kept open between transactions (ADR 35).
    ``shared`` (in-memory databases): readers use the writer's connection too, because the whole
    database is one connection."""

    engine: Engine
    queue: WriteQueue
    shared: bool
    kept: KeptConnections | None = None
    readers: KeptConnections | None = None

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """The writer's connection for one turn (call it inside ``queue.turn()``)."""
        if self.kept is None:
            with self.engine.connect() as conn:
                yield conn
            return
        with self.kept.connection() as conn:
            yield conn

    def close(self) -> None:
        for kept in (self.kept, self.readers):
            if kept is not None:
                kept.close()
        if not self.shared:
            self.engine.dispose()


_WRITERS: weakref.WeakKeyDictionary[Engine, SqliteWriter] = weakref.WeakKeyDictionary()
_WRITERS_LOCK = threading.Lock()


def sqlite_writer(engine: Engine) -> SqliteWriter:
    """The writer of the SQLite database ``engine`` reads from (made once per engine, per process).

    Disposing ``engine`` disposes its writer too.
    """
    with _WRITERS_LOCK:
        writer = _WRITERS.get(engine)
        if writer is None:
            if is_sqlite_memory(engine.url):
                writer = SqliteWriter(engine, WriteQueue(), shared=True)
            else:
                writer_engine = _sqlite_engine(engine.url, pool_size=1, max_overflow=0)
                kept, readers = KeptConnections(writer_engine, 1), KeptConnections(engine, READERS_KEPT)
                writer = SqliteWriter(writer_engine, WriteQueue(), shared=False, kept=kept, readers=readers)
                event.listen(engine, "engine_disposed", lambda _engine: writer.close())
            _WRITERS[engine] = writer
        return writer


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
    write = bool(connection.get_execution_options().get(WRITE_OPTION, True))
    info = connection.connection.info  # lives as long as the DBAPI connection
    if info.get("query_only", False) == write:
        run_sql(connection, f"PRAGMA query_only={0 if write else 1}")
        info["query_only"] = not write
    run_sql(connection, "BEGIN IMMEDIATE" if write else "BEGIN")
