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
    """The unit of work's tenant's IANA time zone; a tenant that does not exist is a 404."""
    tenant = uow.tenant.get()
    if tenant is None:
        raise NotFound(f"tenant {uow.tenant_id} not found", field="tenant_id")
    return tenant.timezone


def business_today(uow: UnitOfWork, deps: Deps) -> date:
    """Today in the tenant's time zone."""
    return deps.calendar.today(tenant_timezone(uow))


def business_now(uow: UnitOfWork, deps: Deps) -> datetime:
    """Now, as an aware datetime in the tenant's time zone."""
    return deps.calendar.local_now(tenant_timezone(uow))
