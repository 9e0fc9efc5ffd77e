"""Helpers shared by the HTTP tests (a uniquely named module: several rootless conftest.py files exist)."""

from __future__ import annotations

import warnings
from typing import Any

from nexus_core.services.runner import Nexus
from nexus_core.services.tenants import CreateTenant, TenantCreated, create_tenant

with warnings.catch_warnings():  # starlette asks for httpx2; httpx is what the project ships
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

__all__ = [
    "OWNER_PIN",
    "PARCELS_EMAIL",
    "PARCELS_PASSWORD",
    "TestClient",
    "add_employee",
    "bearer",
    "count_rows",
    "deactivate",
    "login",
    "make_shop",
]

OWNER_PIN = "1234"
PARCELS_EMAIL = "ops@paqueteria.example"
PARCELS_PASSWORD = "s3cret-pass"


def make_shop(nexus: Nexus, name: str = "Refaccionaria Perez", pin: str = OWNER_PIN) -> TenantCreated:
    return nexus.run_platform(
        create_tenant, CreateTenant(name=name, owner_name="Ana Perez", owner_pin=pin, branch_name="Sucursal Centro")
    )


def login(client: TestClient, tenant_id: int, pin: str, device: str | None = "tablet-01") -> Any:
    body: dict[str, Any] = {"tenant_id": tenant_id, "pin": pin}
    if device is not None:
        body["device_id"] = device
    return client.post("/pos/api/auth/login", json=body)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def add_employee(client: TestClient, headers: dict[str, str], **fields: Any) -> int:
    body = {"name": "Juan Lopez", "role": "cashier", "pin": "5678", **fields}
    r = client.post("/pos/api/config/employees", json=body, headers=headers)
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def deactivate(nexus: Nexus, employee_id: int) -> None:
    """No use case deactivates employees yet; flip the committed row of the fake store directly."""
    store = nexus.uows.store  # type: ignore[attr-defined]
    with store.lock:
        store.tables.employees[employee_id].is_active = False


def count_rows(nexus: Nexus, table: str, tenant_id: int) -> int:
    rows = getattr(nexus.uows.store.tables, table)  # type: ignore[attr-defined]
    return sum(1 for r in rows.values() if r.tenant_id == tenant_id)
