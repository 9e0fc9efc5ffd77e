"""The tenant's business day, for every use case that needs "today" or "now" in local time.

Dates the business sees (posting dates, report defaults, period-close eligibility, and later
folios, cash cuts and CFDI dates) are local to the tenant's time zone; instants stay UTC
(docs/adr/0016-tenant-business-day.md).
"""

from __future__ import annotations

from datetime import date, datetime

from nexus_core.errors import NotFound
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.runner import Deps


def tenant_timezone(uow: UnitOfWork) -> str:
    """The unit of work's tenant's IANA time zone, read from its row; a tenant that does not exist is a 404."""
    tenant = uow.tenant.get()
    if tenant is None:
        raise NotFound(f"tenant {uow.tenant_id} not found", field="tenant_id")
    return tenant.timezone


def current_timezone(uow: UnitOfWork, deps: Deps) -> str:
    """The tenant's zone for "today" and "now": kept by the calendar per process for about a second
    (:meth:`~nexus_core.ports.calendar.BusinessCalendar.tenant_zone`), so most requests read no row."""
    return deps.calendar.tenant_zone(uow.tenant_id, lambda: tenant_timezone(uow))


def business_today(uow: UnitOfWork, deps: Deps) -> date:
    """Today in the tenant's time zone."""
    return deps.calendar.today(current_timezone(uow, deps))


def business_now(uow: UnitOfWork, deps: Deps) -> datetime:
    """Now, as an aware datetime in the tenant's time zone."""
    return deps.calendar.local_now(current_timezone(uow, deps))
