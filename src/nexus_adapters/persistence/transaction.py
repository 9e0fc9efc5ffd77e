"""The connection and transaction a platform unit of work shares with the tenant views it hands out;
database errors that mean a collision or a read-only refusal become the core's errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from nexus_adapters.persistence.credentials import CredentialCipher
from nexus_adapters.persistence.errors import as_conflict, is_read_only_violation
from nexus_adapters.persistence.stock_rollup import discard_pending, flush_pending
from nexus_core.ports.unit_of_work import ReadOnlyTransactionError


class Transaction:
    """The connection shared by a platform unit of work and the tenant views it hands out."""

    def __init__(self, conn: Connection, cipher: CredentialCipher | None = None) -> None:
        self.conn = conn
        self._cipher = cipher

    def cipher(self) -> CredentialCipher:
        if self._cipher is None:
            raise RuntimeError("this unit of work has no credential cipher")
        return self._cipher

    def commit(self) -> None:
        try:
            flush_pending(self.conn)  # the stock reports' totals (ADR 34)
            self.conn.commit()
        except DBAPIError as error:
            reraise_db_error(error)

    def rollback(self) -> None:
        discard_pending(self.conn)
        self.conn.rollback()

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """``SAVEPOINT``: an exception inside rolls back to it (a database collision leaves as a Conflict)."""
        nested = self.conn.begin_nested()
        try:
            yield
        except DBAPIError as error:
            nested.rollback()
            reraise_db_error(error)
        except BaseException:
            nested.rollback()
            raise
        nested.commit()


def reraise_db_error(error: DBAPIError) -> NoReturn:
    if is_read_only_violation(error):
        raise ReadOnlyTransactionError(
            f"a read-only unit of work tried to write (a use case that writes must not be @read_only): {error.orig}"
        ) from error
    conflict = as_conflict(error)
    if conflict is None:
        raise error
    raise conflict from error
