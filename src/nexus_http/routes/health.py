"""Seed section 10: health check. No authentication and no database, so it stays fast."""

from __future__ import annotations

from nexus_http.endpoints import Call, RouteTable

routes = RouteTable("health")


@routes.get("/pos/health", summary="Health check", public=True, inline=True, example={"status": "ok"})
def health(call: Call) -> dict[str, str]:
    return {"status": "ok"}
