"""Health check (docs/api.md#endpoints-available-now). No authentication and no database, so it stays fast."""

from __future__ import annotations

import attrs

from nexus_http.endpoints import Call, RouteTable

routes = RouteTable("health")


@attrs.frozen
class HealthOut:
    status: str


@routes.get(
    "/pos/health", summary="Health check", public=True, inline=True, response=HealthOut, example={"status": "ok"}
)
def health(call: Call) -> dict[str, str]:
    return {"status": "ok"}
