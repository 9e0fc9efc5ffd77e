"""Statements built once per dialect (docs/adr/0033-counter-speed.md).

Building a SQLAlchemy statement (coercing every expression, an ``excluded`` alias, the cache key) costs
more than running it on SQLite. The statements on a sale's path are built once, their values bound as
parameters, and the built object is reused: SQLAlchemy's compiled cache then finds it by identity-cheap
cache keys. ``once(conn, "name", build)`` keeps one per (dialect, name); statements that render the same
on every dialect are plain module constants instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Connection

T = TypeVar("T")

_BUILT: dict[tuple[str, str], Any] = {}


def once(conn: Connection, name: str, build: Callable[[Connection], T]) -> T:
    """The statement ``name`` for ``conn``'s dialect, built by ``build(conn)`` the first time."""
    key = (conn.dialect.name, name)
    found = _BUILT.get(key)
    if found is None:
        found = _BUILT[key] = build(conn)
    return found  # type: ignore[no-any-return]
