"""The inventory unit tests run on the in-memory fakes."""

from __future__ import annotations

import pytest

from contract.stock_shop import Shop, make_shop
from nexus_core.testing import in_memory_nexus


@pytest.fixture
def shop() -> Shop:
    return make_shop(in_memory_nexus())
