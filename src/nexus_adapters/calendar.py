"""The business calendar over the system clock and the IANA time zone database (``zoneinfo``)."""

from __future__ import annotations

from datetime import date, datetime
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


class ZoneInfoCalendar:
    """Implements :class:`nexus_core.ports.calendar.BusinessCalendar`."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def local_now(self, zone: str) -> datetime:
        return self._clock.now().astimezone(_zone(zone))

    def today(self, zone: str) -> date:
        return self.local_now(zone).date()

    def is_zone(self, zone: str) -> bool:
        return is_zone(zone)
