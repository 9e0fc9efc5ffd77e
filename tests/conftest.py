"""Shared fixtures: real databases for contract and integration tests.

* ``postgres_url``: the server URL (its maintenance database). ``NEXUS_TEST_DATABASE_URL`` when set;
  otherwise a throw-away server started with ``pgserver`` in a fresh temp directory, ONCE per test
  session: under pytest-xdist the controller starts it before the workers exist and hands them its
  URL (``workerinput``), and stops it when the session ends. Workers never start servers of their
  own, which is what made the first run on a fresh machine fail (see ``scratch.py``). Tests create
  uniquely named databases, so sharing the server is safe. PostgreSQL tests never skip.
* ``database_url``: a fresh, migrated, empty database per test, on SQLite and on PostgreSQL.
  Migrating once per session and copying (a SQLite file, a PostgreSQL ``TEMPLATE``) keeps it fast.
* ``uow_factory``: a ``UnitOfWorkFactory`` over the in-memory fakes, SQLite and PostgreSQL.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from nexus_adapters.persistence.engine import make_engine
from nexus_adapters.persistence.migrate import upgrade_database
from nexus_adapters.persistence.scratch import postgres_server
from nexus_adapters.persistence.unit_of_work import SqlUnitOfWorkFactory
from nexus_core.ports.unit_of_work import UnitOfWorkFactory
from nexus_core.testing import InMemoryUnitOfWorkFactory

# CI machines are shared and slow at times: property tests are judged on correctness, never on speed.
settings.register_profile("nexus", deadline=None, print_blob=True)
settings.load_profile("nexus")

SQL_BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]
ALL_BACKENDS = [pytest.param("fake", id="fake"), *SQL_BACKENDS]


_POSTGRES_URL = "nexus_postgres_url"
_SESSION_SERVER = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """The xdist controller starts the session's PostgreSQL before any worker exists."""
    distributed = getattr(config.option, "dist", "no") != "no"
    if hasattr(config, "workerinput") or not distributed or "not postgres" in (config.option.markexpr or ""):
        return
    stack = ExitStack()
    config.add_cleanup(stack.close)  # runs at unconfigure, after every worker has finished
    config.stash[_SESSION_SERVER] = stack.enter_context(postgres_server(os.environ.get("NEXUS_TEST_DATABASE_URL")))


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """xdist (controller side): give each worker the session's server."""
    url = node.config.stash.get(_SESSION_SERVER, None)
    if url is not None:
        node.workerinput[_POSTGRES_URL] = url


@pytest.fixture(scope="session")
def postgres_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """URL of a PostgreSQL server's maintenance database, with the psycopg 3 driver."""
    shared = getattr(request.config, "workerinput", {}).get(_POSTGRES_URL)
    if shared is not None:
        yield shared
        return
    with postgres_server(os.environ.get("NEXUS_TEST_DATABASE_URL")) as url:
        yield url


def _database_url(server_url: str, name: str) -> str:
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_admin(postgres_url: str) -> Iterator[Engine]:
    """An autocommit engine on the server, for CREATE/DROP DATABASE."""
    engine = make_engine(postgres_url, isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


def create_postgres_database(admin: Engine, template: str | None = None) -> str:
    """A new database with a unique name (unique across workers and concurrent runs on one server)."""
    name = f"nexus_test_{uuid.uuid4().hex[:12]}"
    clause = f' TEMPLATE "{template}"' if template else ""
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
    return name


def drop_postgres_database(admin: Engine, name: str) -> None:
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def empty_postgres_url(postgres_url: str, postgres_admin: Engine) -> Iterator[str]:
    """A new PostgreSQL database with no schema at all."""
    name = create_postgres_database(postgres_admin)
    yield _database_url(postgres_url, name)
    drop_postgres_database(postgres_admin, name)


@pytest.fixture(scope="session")
def _postgres_template(postgres_url: str, postgres_admin: Engine) -> Iterator[str]:
    name = create_postgres_database(postgres_admin)
    upgrade_database(_database_url(postgres_url, name))  # disposes its engine: a template must be unused
    yield name
    drop_postgres_database(postgres_admin, name)


@pytest.fixture
def _postgres_database(postgres_url: str, postgres_admin: Engine, _postgres_template: str) -> Iterator[str]:
    name = create_postgres_database(postgres_admin, template=_postgres_template)
    yield _database_url(postgres_url, name)
    drop_postgres_database(postgres_admin, name)


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "nexus.db"
    upgrade_database(f"sqlite:///{path}")  # the engine is disposed, so the WAL is checkpointed into the file
    return path


@pytest.fixture
def _sqlite_database(tmp_path: Path, _sqlite_template: Path) -> str:
    path = tmp_path / "nexus.db"
    shutil.copyfile(_sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture(params=SQL_BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    """A fresh, migrated, empty database for this test, on each SQL backend."""
    url: str = request.getfixturevalue(f"_{request.param}_database")
    return url


@pytest.fixture(params=ALL_BACKENDS)
def uow_factory(request: pytest.FixtureRequest) -> Iterator[UnitOfWorkFactory]:
    """The same ports over the in-memory fakes and over each SQL backend (fresh data per test)."""
    if request.param == "fake":
        yield InMemoryUnitOfWorkFactory()
        return
    engine = make_engine(request.getfixturevalue(f"_{request.param}_database"))
    try:
        yield SqlUnitOfWorkFactory(engine)
    finally:
        engine.dispose()
