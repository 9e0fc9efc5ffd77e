"""The business calendar: a tenant's local date and time, from the clock and its time zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Protocol


class BusinessCalendar(Protocol):
    """Local dates and times by IANA time zone name.

    The core never converts instants itself (no ``zoneinfo``, no ``.date()`` on a UTC instant): a
    shop in Mexico City that sells at 23:30 on 31 March sells on 31 March, although it is already
    1 April in UTC. Instants are still stored in UTC; only business dates are local.
    """

    def local_now(self, zone: str) -> datetime:
        """The clock's current instant as an aware datetime in ``zone``."""
        ...

    def to_local(self, zone: str, at: datetime) -> datetime:
        """The aware instant ``at`` as a datetime in ``zone`` (when, locally, something happened)."""
        ...

    def today(self, zone: str) -> date:
        """The business date in ``zone`` now."""
        ...

    def is_zone(self, zone: str) -> bool:
        """Whether ``zone`` is a time zone this installation knows."""
        ...

    def tenant_zone(self, tenant_id: int, read: Callable[[], str]) -> str:
        """Tenant ``tenant_id``'s zone: ``read()`` (its row, in the caller's unit of work), or what it
        returned for this tenant at most about a second ago in this process (a zone change reaches
        every worker within that second). Whatever ``read`` raises propagates and is not kept."""
        ...

    def forget_zone(self, tenant_id: int) -> None:
        """Drop what :meth:`tenant_zone` kept for the tenant (its zone is being changed)."""
        ...
