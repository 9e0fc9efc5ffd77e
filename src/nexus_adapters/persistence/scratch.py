"""A throw-away PostgreSQL server for the test suite and the benchmarks.

``pgserver`` (a dev dependency whose wheel ships PostgreSQL 16) is imported only when no server URL is
configured, so production never needs it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from nexus_adapters.persistence.engine import normalize_url


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
    server = pgserver.get_server(pgdata, cleanup_mode="stop")
    try:
        yield normalize_url(server.get_uri()).render_as_string(hide_password=False)
    finally:
        server.cleanup()
        shutil.rmtree(pgdata.parent, ignore_errors=True)
