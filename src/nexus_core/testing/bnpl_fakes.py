"""In-memory BNPL repositories (same rules as SQL: tenant-scoped, an event recorded once)."""

from __future__ import annotations

import copy
from datetime import datetime
from decimal import Decimal

import attrs

from nexus_core.domain.bnpl import LIVE, BnplApplication
from nexus_core.testing.fake_repo import FakeRepo


@attrs.define
class BnplTables:
    applications: dict[int, BnplApplication] = attrs.Factory(dict)
    next_id: int = 0
    events: set[tuple[int, str, str]] = attrs.Factory(set)


class _Repo(FakeRepo):
    @property
    def _t(self) -> BnplTables:
        return self._all.bnpl


class InMemoryBnplApplications(_Repo):
    def add(self, application: BnplApplication) -> int:
        if application.tenant_id != self._tid:
            raise ValueError(f"entity of tenant {application.tenant_id} given to tenant {self._tid}'s repository")
        self._t.next_id += 1
        application.id = self._t.next_id
        self._t.applications[application.id] = copy.deepcopy(application)
        return application.id

    def get(self, application_id: int) -> BnplApplication | None:
        found = self._t.applications.get(application_id)
        return copy.deepcopy(found) if found is not None and found.tenant_id == self._tid else None

    lock = get

    def by_provider_ref(self, provider: str, provider_ref: str) -> BnplApplication | None:
        for a in self._t.applications.values():
            if a.tenant_id == self._tid and a.provider == provider and a.provider_ref == provider_ref:
                return copy.deepcopy(a)
        return None

    def live_amount(self, sale_id: int) -> Decimal:
        mine = self._t.applications.values()
        return sum(
            (a.amount for a in mine if a.tenant_id == self._tid and a.sale_id == sale_id and a.state in LIVE),
            Decimal("0.00"),
        )

    def save(self, application: BnplApplication) -> None:
        assert application.id is not None and application.tenant_id == self._tid
        self._t.applications[application.id] = copy.deepcopy(application)


class InMemoryBnplEvents(_Repo):
    def add_new(self, provider: str, event_id: str, application_id: int | None, received_at: datetime) -> bool:
        key = (self._tid, provider, event_id)
        if key in self._t.events:
            return False
        self._t.events.add(key)
        return True
