"""Builders for tests and scripts: a shop with an owner, and logged-in actors."""

from __future__ import annotations

from nexus_core.services.auth import PinLogin, PinLoginResult, actor_from_claims, login_with_pin
from nexus_core.services.authz import Actor
from nexus_core.services.runner import Nexus
from nexus_core.services.tenants import CreateTenant, TenantCreated, create_tenant


def create_shop(nexus: Nexus, name: str = "Refaccionaria Perez", owner_pin: str = "1234") -> TenantCreated:
    return nexus.run_platform(create_tenant, CreateTenant(name=name, owner_name="Ana Perez", owner_pin=owner_pin))


def login(nexus: Nexus, tenant_id: int, pin: str, device: str = "tablet-01") -> tuple[PinLoginResult, Actor]:
    """Log in by PIN and return the login answer and the actor its token describes."""
    result = nexus.run(tenant_id, login_with_pin, PinLogin(tenant_id=tenant_id, pin=pin, device_id=device))
    return result, actor_from_claims(nexus.deps.tokens.decode(result.token))
