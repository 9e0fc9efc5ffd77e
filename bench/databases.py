"""Scratch databases for the benchmarks: a SQLite file in a temp directory, or a database on PostgreSQL.

PostgreSQL: ``NEXUS_BENCH_DATABASE_URL`` (a server URL; a scratch database is created on it and dropped
afterwards), else a throw-away ``pgserver``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from nexus_adapters.persistence.engine import make_engine
from nexus_adapters.persistence.scratch import postgres_server


@contextmanager
def sqlite_database() -> Iterator[str]:
    tmp = Path(tempfile.mkdtemp(prefix="nexus-bench-"))
    try:
        yield f"sqlite:///{tmp / 'nexus.db'}"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def postgres_databases(count: int = 1) -> Iterator[list[str]]:
    """``count`` fresh databases on one server, dropped afterwards."""
    with postgres_server(os.environ.get("NEXUS_BENCH_DATABASE_URL")) as server_url:
        admin = make_engine(server_url, isolation_level="AUTOCOMMIT")
        names = [f"nexus_bench_{uuid.uuid4().hex[:10]}" for _ in range(count)]
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield [make_url(server_url).set(database=n).render_as_string(hide_password=False) for n in names]
        finally:
            with admin.connect() as conn:
                for name in names:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


@contextmanager
def postgres_database() -> Iterator[str]:
    with postgres_databases(1) as urls:
        yield urls[0]
