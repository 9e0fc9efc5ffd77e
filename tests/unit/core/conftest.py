from __future__ import annotations

import pytest

from nexus_core.services.authz import Actor
from nexus_core.services.runner import Nexus
from nexus_core.services.tenants import TenantCreated
from nexus_core.testing import FakeClock, in_memory_nexus
from nexus_core.testing.builders import create_shop, login


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def nexus(clock: FakeClock) -> Nexus:
    return in_memory_nexus(clock)


@pytest.fixture
def shop(nexus: Nexus) -> TenantCreated:
    return create_shop(nexus)


@pytest.fixture
def owner(nexus: Nexus, shop: TenantCreated) -> Actor:
    return login(nexus, shop.tenant_id, "1234")[1]
