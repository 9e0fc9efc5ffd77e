"""What entry points may ask about the configured database without importing SQLAlchemy.

The command line answers an unusable configuration with one line and exit 2 (docs/cli.md); these
helpers turn the database library's exceptions into that line, and tell which backend a URL names
(several worker processes need PostgreSQL: SQLite allows one writer process).
"""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError, ProgrammingError

from nexus_adapters.persistence.engine import normalize_url

URL_HELP = "use sqlite:///path/to/nexus.db or postgresql+psycopg://user:password@host:5432/dbname"


class UnusableDatabase(ValueError):
    """The configured database cannot be used; the message says why in one line."""


def backend_of(url: str) -> str:
    """``"sqlite"`` or ``"postgresql"`` (or whatever else the URL names); :class:`UnusableDatabase` if no URL."""
    try:
        return normalize_url(url).get_backend_name()
    except ArgumentError:
        raise UnusableDatabase(f"NEXUS_DATABASE_URL is not a database URL: {url!r} ({URL_HELP})") from None


def safe_url(url: str) -> str:
    """The URL with its password hidden, or the raw text when it is not a URL."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return repr(url)


def describe_problem(error: BaseException, url: str) -> str | None:
    """One line saying what is wrong with the database at ``url``, or ``None`` if ``error`` is no such problem."""
    if isinstance(error, UnusableDatabase):
        return str(error)
    if isinstance(error, ArgumentError):
        return f"NEXUS_DATABASE_URL is not a database URL: {url!r} ({URL_HELP})"
    if isinstance(error, NoSuchModuleError) or (
        isinstance(error, ValueError) and str(error).startswith("unsupported database")
    ):
        return f"NEXUS_DATABASE_URL names an unsupported database: {safe_url(url)} ({URL_HELP})"
    if isinstance(error, OperationalError | ProgrammingError) and _no_schema(error):
        return f"the database {safe_url(url)} has no Nexus schema yet: run `nexus db upgrade` first"
    if isinstance(error, OperationalError | ProgrammingError):
        return f"cannot use the database {safe_url(url)}: {_first_line(error)}"
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return f"lost the connection to the database {safe_url(url)}: {_first_line(error)}"
    return None


def _no_schema(error: DBAPIError) -> bool:
    """SQLite's ``no such table: x`` or PostgreSQL's ``relation "x" does not exist``."""
    line = _first_line(error)
    return line.startswith("no such table") or (line.startswith("relation ") and line.endswith("does not exist"))


def _first_line(error: DBAPIError) -> str:
    text = str(error.orig) if error.orig is not None else str(error)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[0] if lines else type(error.orig or error).__name__
