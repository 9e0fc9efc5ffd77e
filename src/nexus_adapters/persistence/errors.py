"""Database errors that mean "someone else got there first", translated to :class:`Conflict`.

A unique violation here is a concurrent duplicate (services check for duplicates first and refuse
them as rule violations); a lock timeout or a serialization failure is a collision the client may
retry. Anything else is a bug and propagates unchanged.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

from nexus_core.errors import Conflict

# PostgreSQL SQLSTATEs: unique_violation, serialization_failure, deadlock_detected, lock_not_available.
_PG_UNIQUE = "23505"
_PG_RETRYABLE = frozenset({"40001", "40P01", "55P03"})
_SQLITE_UNIQUE = frozenset({"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"})
_SQLITE_BUSY_MESSAGES = ("database is locked", "database table is locked")
_PG_READ_ONLY = "25006"  # read_only_sql_transaction


def as_conflict(error: BaseException) -> Conflict | None:
    """The :class:`Conflict` that ``error`` stands for, or ``None`` when it is not a conflict."""
    if not isinstance(error, DBAPIError):
        return None
    orig = error.orig
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate == _PG_UNIQUE or _is_sqlite_unique(orig):
        return Conflict("a concurrent request created the same record; retry the request")
    if sqlstate in _PG_RETRYABLE or any(m in str(orig) for m in _SQLITE_BUSY_MESSAGES):
        return Conflict("the database is busy with a concurrent change; retry the request")
    return None


def _is_sqlite_unique(orig: BaseException | None) -> bool:
    name = getattr(orig, "sqlite_errorname", None)
    if name is not None:
        return name in _SQLITE_UNIQUE
    message = str(orig)
    return message.startswith(("UNIQUE constraint failed", "PRIMARY KEY must be unique"))


def is_read_only_violation(error: BaseException) -> bool:
    """Whether ``error`` is a write refused by a read-only transaction (a mis-declared use case)."""
    if not isinstance(error, DBAPIError):
        return False
    orig = error.orig
    if getattr(orig, "sqlstate", None) == _PG_READ_ONLY:
        return True
    name = getattr(orig, "sqlite_errorname", None)
    return name == "SQLITE_READONLY" or "attempt to write a readonly database" in str(orig)
