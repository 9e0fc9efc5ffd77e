"""SQLite connections kept open between transactions (docs/adr/0035-driver-lane.md).

Checking a connection out of SQLAlchemy's pool and back in costs more than a short SQLite transaction:
a new ``Connection`` object, the pool's events and bookkeeping, a ``ROLLBACK`` on return. The writer's
one connection and the readers' few are kept instead, each used by one transaction at a time. What a
transaction leaves uncommitted is rolled back when it hands the connection back (what closing did); a
connection that fails that is invalidated and not kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine


class KeptConnections:
    """Up to ``limit`` idle connections of ``engine``; more are opened (and closed) as needed."""

    def __init__(self, engine: Engine, limit: int) -> None:
        self.engine = engine
        self.limit = limit
        self._idle: list[Connection] = []  # list.pop/append are atomic: no lock needed
        self._closed = False

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        conn = self._take()
        try:
            yield conn
        finally:
            self._give_back(conn)

    def _take(self) -> Connection:
        while True:
            try:
                conn = self._idle.pop()
            except IndexError:
                return self.engine.connect()
            if not (conn.closed or conn.invalidated):
                return conn

    def _give_back(self, conn: Connection) -> None:
        try:
            if conn.in_transaction():
                conn.rollback()
        except Exception:  # a broken connection: not kept; the transaction's own error matters more
            conn.invalidate()
            return
        if self._closed or len(self._idle) >= self.limit or conn.invalidated:
            conn.close()
        else:
            self._idle.append(conn)

    def close(self) -> None:
        """Close the idle connections; those in use are closed when handed back."""
        self._closed = True
        while self._idle:
            self._idle.pop().close()
