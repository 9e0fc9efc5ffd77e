"""The business calendar over the system clock and the IANA time zone database (``zoneinfo``)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from nexus_core.ports.clock import Clock


@lru_cache(maxsize=256)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def is_zone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone known to this machine (or the ``tzdata`` package)."""
    try:
        _zone(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


# How long a tenant's zone is kept per process: a change reaches every worker within this (the same
# bound as the employee-state cache of nexus_http.auth).
ZONE_STALENESS = timedelta(seconds=1)
MAX_CACHED_ZONES = 4096


class ZoneInfoCalendar:
    """Implements :class:`nexus_core.ports.calendar.BusinessCalendar`; one per process and database
    (the composition root makes it with the engine), thread-safe."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._zones: dict[int, tuple[str, datetime]] = {}

    def tenant_zone(self, tenant_id: int, read: Callable[[], str]) -> str:
        now = self._clock.now()
        hit = self._zones.get(tenant_id)  # one tuple, replaced whole: no lock needed to read it
        if hit is not None and timedelta(0) <= now - hit[1] < ZONE_STALENESS:
            return hit[0]
        zone = read()
        with self._lock:
            if len(self._zones) >= MAX_CACHED_ZONES:
                self._zones.clear()
            self._zones[tenant_id] = (zone, now)
        return zone

    def forget_zone(self, tenant_id: int) -> None:
        with self._lock:
            self._zones.pop(tenant_id, None)

    def local_now(self, zone: str) -> datetime:
        return self._clock.now().astimezone(_zone(zone))

    def to_local(self, zone: str, at: datetime) -> datetime:
        return at.astimezone(_zone(zone))

    def today(self, zone: str) -> date:
        return self.local_now(zone).date()

    def is_zone(self, zone: str) -> bool:
        return is_zone(zone)
