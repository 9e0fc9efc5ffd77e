"""A throw-away PostgreSQL server for the test suite and the benchmarks.

``pgserver`` (a dev dependency whose wheel ships PostgreSQL 16) is imported only when no server URL is
configured, so production never needs it.

Starting one is serialized across processes with a file lock. Run as root, ``pgserver`` creates a
system user ``pgserver`` with ``useradd`` the first time, *before* taking its own inter-process
lock; two processes starting servers together on a fresh machine (two pytest-xdist workers, the
first ``make test`` there) raced on it: one chowned its data directory to the uid it read while the
other's ``useradd`` was still writing ``/etc/passwd``, the user then got another uid, and ``initdb``
(run as that user) failed with "could not change permissions of directory ...: Operation not
permitted". The test suite also starts one server per session for all workers (tests/conftest.py).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from nexus_adapters.persistence.engine import normalize_url

LOCK_FILE = Path(tempfile.gettempdir()) / "nexus-pgserver-start.lock"


@contextmanager
def postgres_server(configured_url: str | None = None) -> Iterator[str]:
    """The URL of a server's maintenance database (psycopg 3 driver): ``configured_url`` when given,
    otherwise a fresh server in a new temp directory, stopped and removed afterwards."""
    if configured_url:
        yield normalize_url(configured_url).render_as_string(hide_password=False)
        return
    import pgserver

    # Not under pytest's tmp root: run as root, pgserver serves as another user, and every new pytest
    # session chmods that root to 0700, which would cut a running server off from its own files.
    pgdata = Path(tempfile.mkdtemp(prefix="nexus-pg-")) / "pgdata"
    with _one_start_at_a_time():
        server = pgserver.get_server(pgdata, cleanup_mode="stop")
    try:
        yield normalize_url(server.get_uri()).render_as_string(hide_password=False)
    finally:
        server.cleanup()
        shutil.rmtree(pgdata.parent, ignore_errors=True)


@contextmanager
def _one_start_at_a_time() -> Iterator[None]:
    if sys.platform == "win32":  # pgserver creates no system user there
        yield
        return
    import fcntl

    with LOCK_FILE.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
