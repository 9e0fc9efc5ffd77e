"""In-memory fakes of every port, for tests and for scripts that want Nexus without a database.

Never imported by production code (an import-linter contract checks it).
"""

from nexus_core.testing.fake_ports import FakeCalendar, FakeClock, FakeDigester, FakeHasher, FakeTokenCodec
from nexus_core.testing.fakes import (
    InMemoryStore,
    InMemoryUnitOfWorkFactory,
    in_memory_nexus,
)

__all__ = [
    "FakeCalendar",
    "FakeClock",
    "FakeDigester",
    "FakeHasher",
    "FakeTokenCodec",
    "InMemoryStore",
    "InMemoryUnitOfWorkFactory",
    "in_memory_nexus",
]
