"""Installation-wide secrets kept in the database, so every worker on it uses the same value."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, select

from nexus_adapters.persistence.sql import dialect_insert
from nexus_adapters.persistence.tables import app_secrets


def ensure_secret(engine: Engine, name: str, generate: Callable[[], str]) -> str:
    """The secret called ``name``, created with ``generate()`` the first time it is asked for.

    Insert-or-ignore then re-read: when workers start together, one insert wins and all of them
    return the winner's value.
    """
    query = select(app_secrets.c.value).where(app_secrets.c.name == name)
    with engine.connect() as conn:
        value = conn.execute(query).scalar_one_or_none()
    if value is not None:
        return str(value)
    with engine.begin() as conn:
        conn.execute(dialect_insert(conn, app_secrets).values(name=name, value=generate()).on_conflict_do_nothing())
        return str(conn.execute(query).scalar_one())
