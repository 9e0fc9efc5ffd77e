"""Configuration from the environment (the names are documented in README.md, "Configuration")."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Mapping

import attrs

from nexus_adapters.calendar import is_zone

DEFAULT_DATABASE_URL = "sqlite:///var/nexus.db"
DEFAULT_PEPPER_FILE = Path("var/pin-pepper")
LOG_LEVELS = ("critical", "error", "warning", "info", "debug", "trace")
_BOOLEANS = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}
_BOOLEANS[""] = False  # set but empty, like unset


class SettingsError(ValueError):
    """A configuration value is unusable; the message names the variable."""


@attrs.frozen
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    jwt_secret: str | None = None  # None: generated once and kept in the database
    pin_pepper: str | None = None  # None: generated once into var/pin-pepper
    token_ttl_hours: float = 8.0
    log_level: str = "info"
    default_timezone: str = "America/Mexico_City"  # of new tenants
    access_log: bool = False  # one line per request; errors and slow requests are logged regardless
    slow_request_ms: float = 500.0  # requests at least this slow are logged; 0 turns that off
    # Handler threads per process; None: 2 on SQLite (GIL-bound, one writer), 8 on PostgreSQL (waits on I/O).
    handler_threads: int | None = None

    def threads_for_handlers(self) -> int:
        """``NEXUS_HANDLER_THREADS``, else what suits the database (docs/adr/0018-serving-speed.md)."""
        if self.handler_threads is not None:
            return self.handler_threads
        return 8 if self.database_url.startswith(("postgresql", "postgres")) else 2

    def threads_for_writes(self) -> int:
        """Of those, how many may run endpoints that write: one on SQLite, whose writes take turns on one
        connection anyway (a second thread would only wait in the write queue); all on PostgreSQL."""
        if self.database_url.startswith(("postgresql", "postgres")):
            return self.threads_for_handlers()
        return 1

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        ttl_raw = env.get("NEXUS_TOKEN_TTL_HOURS", "8")
        try:
            ttl = float(ttl_raw)
        except ValueError:
            raise SettingsError(f"NEXUS_TOKEN_TTL_HOURS must be a number, got {ttl_raw!r}") from None
        if not 0 < ttl <= 24 * 30:
            raise SettingsError("NEXUS_TOKEN_TTL_HOURS must be between 0 and 720")
        level = env.get("NEXUS_LOG_LEVEL", "info").lower()
        if level not in LOG_LEVELS:
            raise SettingsError(f"NEXUS_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}")
        zone = env.get("NEXUS_DEFAULT_TIMEZONE") or "America/Mexico_City"
        if not is_zone(zone):
            raise SettingsError(f"NEXUS_DEFAULT_TIMEZONE must be an IANA time zone, got {zone!r}")
        access_raw = env.get("NEXUS_ACCESS_LOG", "0").strip().lower()
        if access_raw not in _BOOLEANS:
            raise SettingsError(f"NEXUS_ACCESS_LOG must be 1 or 0 (true/false, yes/no, on/off), got {access_raw!r}")
        slow_raw = env.get("NEXUS_SLOW_REQUEST_MS", "500")
        try:
            slow_ms = float(slow_raw)
        except ValueError:
            raise SettingsError(f"NEXUS_SLOW_REQUEST_MS must be a number, got {slow_raw!r}") from None
        if not 0 <= slow_ms <= 3_600_000:
            raise SettingsError("NEXUS_SLOW_REQUEST_MS must be between 0 (off) and 3600000")
        threads_raw = env.get("NEXUS_HANDLER_THREADS", "")
        if threads_raw and not (threads_raw.isdigit() and 1 <= int(threads_raw) <= 256):
            raise SettingsError(f"NEXUS_HANDLER_THREADS must be a whole number from 1 to 256, got {threads_raw!r}")
        return cls(
            handler_threads=int(threads_raw) if threads_raw else None,
            default_timezone=zone,
            database_url=env.get("NEXUS_DATABASE_URL") or DEFAULT_DATABASE_URL,
            jwt_secret=env.get("NEXUS_JWT_SECRET") or None,
            pin_pepper=env.get("NEXUS_PIN_PEPPER") or None,
            token_ttl_hours=ttl,
            log_level=level,
            access_log=_BOOLEANS[access_raw],
            slow_request_ms=slow_ms,
        )


def load_or_create_pepper(path: Path = DEFAULT_PEPPER_FILE) -> bytes:
    """The PIN pepper file, created once with mode 0600. Kept outside the database on purpose."""
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(32).encode()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race: use its value
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as fh:
        fh.write(value)
    return value
