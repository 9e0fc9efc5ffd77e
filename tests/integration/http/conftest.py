"""HTTP tests: the app on the in-memory fakes, driven through Starlette's TestClient."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from http_support import (
    OWNER_PIN,
    PARCELS_EMAIL,
    PARCELS_PASSWORD,
    TestClient,
    add_employee,
    bearer,
    login,
    make_shop,
)

from nexus_core.services.runner import Nexus
from nexus_core.services.tenants import CreateUser, TenantCreated, create_user
from nexus_core.testing import FakeClock, in_memory_nexus
from nexus_http import create_app


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def nexus(clock: FakeClock) -> Nexus:
    return in_memory_nexus(clock)


@pytest.fixture
def client(nexus: Nexus) -> Iterator[TestClient]:
    with TestClient(create_app(nexus), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def shop(nexus: Nexus) -> TenantCreated:
    return make_shop(nexus)


@pytest.fixture
def other_shop(nexus: Nexus, shop: TenantCreated) -> TenantCreated:
    return make_shop(nexus, name="Autopartes Lopez", pin="9999")


@pytest.fixture
def owner_headers(client: TestClient, shop: TenantCreated) -> dict[str, str]:
    r = login(client, shop.tenant_id, OWNER_PIN)
    assert r.status_code == 200, r.text
    return bearer(r.json()["token"])


@pytest.fixture
def cashier_headers(client: TestClient, shop: TenantCreated, owner_headers: dict[str, str]) -> dict[str, str]:
    add_employee(client, owner_headers, name="Carla Cajera", role="cashier", pin="5678")
    r = login(client, shop.tenant_id, "5678")
    assert r.status_code == 200, r.text
    return bearer(r.json()["token"])


@pytest.fixture
def parcels_user(nexus: Nexus, shop: TenantCreated) -> int:
    return nexus.run_platform(
        create_user, CreateUser(tenant_id=shop.tenant_id, email=PARCELS_EMAIL, password=PARCELS_PASSWORD)
    )


@pytest.fixture
def parcels_headers(client: TestClient, parcels_user: int) -> dict[str, str]:
    r = client.post("/api/auth/login", json={"email": PARCELS_EMAIL, "password": PARCELS_PASSWORD})
    assert r.status_code == 200, r.text
    return bearer(r.json()["data"]["token"])
