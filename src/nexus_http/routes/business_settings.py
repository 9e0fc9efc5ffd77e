"""The tenant's business settings under ``/pos/api/config``: name, RFC and time zone.

The time zone fixes the tenant's business day: posting dates, report defaults and which months
can be closed are local to it (docs/adr/0016-tenant-business-day.md).
"""

from __future__ import annotations

from typing import Any

import attrs

from nexus_core.services import tenant_settings
from nexus_http.endpoints import Call, RouteTable

routes = RouteTable("config")

PATH = "/pos/api/config/business"


@attrs.frozen
class BusinessIn:
    timezone: str | None = None


@attrs.frozen
class BusinessOut:
    name: str
    rfc: str | None
    timezone: str


def _settings(s: tenant_settings.BusinessSettings) -> dict[str, Any]:
    return {"name": s.name, "rfc": s.rfc, "timezone": s.timezone}


@routes.get(
    PATH,
    summary="The tenant's business settings (its time zone fixes the business day)",
    response=BusinessOut,
    example={"name": "Refaccionaria Demo", "rfc": None, "timezone": "America/Mexico_City"},
)
def get_business_settings(call: Call) -> dict[str, Any]:
    return _settings(call.run(tenant_settings.get_business_settings, tenant_settings.GetBusinessSettings(call.actor)))


@routes.put(
    PATH,
    summary="Change the tenant's time zone (an IANA name such as America/Mexico_City)",
    permission="config.edit",
    body=BusinessIn,
    response=BusinessOut,
    example={"name": "Refaccionaria Demo", "rfc": None, "timezone": "America/Tijuana"},
)
def update_business_settings(call: Call) -> dict[str, Any]:
    body: BusinessIn = call.body
    cmd = tenant_settings.UpdateBusinessSettings(call.actor, timezone=body.timezone)
    return _settings(call.run(tenant_settings.update_business_settings, cmd))
