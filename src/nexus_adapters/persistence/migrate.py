"""Bringing a database to the newest schema with Alembic, from code (no ``alembic.ini`` needed).

Migrations are the only way the schema is created. On PostgreSQL an advisory lock makes workers
that start together upgrade one after the other (the later ones then find nothing to do); on
SQLite the ``BEGIN IMMEDIATE`` of the migration's transaction does the same.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import URL

from nexus_adapters.persistence.engine import make_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Arbitrary, fixed key for pg_advisory_xact_lock: "nexus-migrate".
_MIGRATION_LOCK_KEY = 0x6E657875_73_6D67


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration built in code; ``connection`` is what ``env.py`` migrates."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade_database(url_or_engine: str | URL | Engine, revision: str = "head") -> None:
    """Apply every migration up to ``revision`` in one transaction."""
    _migrate(url_or_engine, lambda config: command.upgrade(config, revision))


def downgrade_database(url_or_engine: str | URL | Engine, revision: str) -> None:
    """Undo migrations down to ``revision`` in one transaction (for tests of the migrations)."""
    _migrate(url_or_engine, lambda config: command.downgrade(config, revision))


def _migrate(url_or_engine: str | URL | Engine, run: Callable[[Config], None]) -> None:
    owned = not isinstance(url_or_engine, Engine)
    engine = make_engine(url_or_engine) if not isinstance(url_or_engine, Engine) else url_or_engine
    try:
        with engine.connect() as conn:
            sqlite = conn.dialect.name == "sqlite"
            if sqlite:
                # SQLite rebuilds a table to change its keys (drop, then rename the copy): foreign keys
                # must not be enforced meanwhile, and this pragma only takes effect outside a transaction.
                _sqlite_pragma(conn, "PRAGMA foreign_keys=OFF")
            try:
                with conn.begin():
                    if conn.dialect.name == "postgresql":
                        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
                    run(alembic_config(conn))
                    if sqlite:
                        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                        if broken:
                            raise RuntimeError(f"migration left rows that break foreign keys: {broken[:5]}")
            finally:
                if sqlite:
                    _sqlite_pragma(conn, "PRAGMA foreign_keys=ON")
    finally:
        if owned:
            engine.dispose()


def _sqlite_pragma(conn: Connection, pragma: str) -> None:
    """Run a pragma on the driver connection, outside any transaction (SQLAlchemy would begin one)."""
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(pragma)
    finally:
        cursor.close()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at; ``None`` for an empty database."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    """The newest revision this code ships."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head
