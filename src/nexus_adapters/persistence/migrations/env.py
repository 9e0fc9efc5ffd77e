"""Alembic environment: migrates the connection handed over by ``migrate.upgrade_database``.

Run from the ``alembic`` command line (to write a new revision), it reads the URL from
``-x url=...`` or ``NEXUS_DATABASE_URL``.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection

from nexus_adapters.persistence.engine import make_engine
from nexus_adapters.persistence.tables import metadata

config = context.config


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        transactional_ddl=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    if context.is_offline_mode():
        raise RuntimeError("offline (--sql) migrations are not supported")
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get(
        "NEXUS_DATABASE_URL", "sqlite:///var/nexus.db"
    )
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            _migrate(conn)
    finally:
        engine.dispose()


run()
