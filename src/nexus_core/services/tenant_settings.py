"""The tenant's business settings: its name, RFC and time zone (what fixes its business day)."""

from __future__ import annotations

import attrs

from nexus_core.domain.tenancy import Tenant, parse_timezone
from nexus_core.errors import NotFound
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.runner import Deps, read_only


@attrs.frozen
class BusinessSettings:
    name: str
    rfc: str | None
    timezone: str


def _settings(tenant: Tenant) -> BusinessSettings:
    return BusinessSettings(name=tenant.name, rfc=tenant.rfc, timezone=tenant.timezone)


def _tenant(uow: UnitOfWork) -> Tenant:
    tenant = uow.tenant.get()
    if tenant is None:
        raise NotFound(f"tenant {uow.tenant_id} not found", field="tenant_id")
    return tenant


@attrs.frozen
class GetBusinessSettings:
    actor: Actor


@read_only
def get_business_settings(cmd: GetBusinessSettings, uow: UnitOfWork, deps: Deps) -> BusinessSettings:
    return _settings(_tenant(uow))


@attrs.frozen
class UpdateBusinessSettings:
    actor: Actor
    timezone: str | None = None


def update_business_settings(cmd: UpdateBusinessSettings, uow: UnitOfWork, deps: Deps) -> BusinessSettings:
    """Change the time zone: dates posted from now on are local to it; what is posted keeps its date."""
    authorize(uow, cmd.actor, "config.edit")
    tenant = _tenant(uow)
    if cmd.timezone is not None:
        tenant.timezone = parse_timezone(cmd.timezone, is_zone=deps.calendar.is_zone)
        uow.tenant.update(tenant)
        deps.calendar.forget_zone(uow.tenant_id)  # this process sees the new zone at once; others within 1 s
    return _settings(tenant)
