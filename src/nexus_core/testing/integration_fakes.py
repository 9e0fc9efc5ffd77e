"""In-memory repositories of the integrations: provider settings and the outbox (same rules as SQL)."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import TYPE_CHECKING

import attrs

from nexus_core.domain.outbox import OutboxMessage, OutboxStatus
from nexus_core.domain.whatsapp import WhatsAppMessage
from nexus_core.errors import Conflict
from nexus_core.ports.provider_settings import ProviderConfig
from nexus_core.testing.fake_repo import FakeRepo

if TYPE_CHECKING:
    from nexus_core.testing.fakes import _Tx


@attrs.define
class IntegrationTables:
    settings: dict[tuple[int, str], ProviderConfig] = attrs.Factory(dict)
    outbox: dict[int, OutboxMessage] = attrs.Factory(dict)
    next_outbox_id: int = 0
    whatsapp: dict[int, WhatsAppMessage] = attrs.Factory(dict)
    next_whatsapp_id: int = 0


class _Repo(FakeRepo):
    @property
    def _t(self) -> IntegrationTables:
        return self._all.integrations


class InMemoryProviderSettings(_Repo):
    def get(self, provider_id: str) -> ProviderConfig | None:
        found = self._t.settings.get((self._tid, provider_id))
        return None if found is None else ProviderConfig(found.provider_id, found.enabled, dict(found.credentials))

    def save(self, config: ProviderConfig) -> None:
        self._t.settings[(self._tid, config.provider_id)] = ProviderConfig(
            config.provider_id, config.enabled, dict(config.credentials)
        )

    def list(self) -> list[ProviderConfig]:
        keys = sorted(k for k in self._t.settings if k[0] == self._tid)
        return [p for p in (self.get(k[1]) for k in keys) if p is not None]


class InMemoryOutbox(_Repo):
    def add(self, message: OutboxMessage) -> int:
        if message.tenant_id != self._tid:
            raise ValueError(f"entity of tenant {message.tenant_id} given to tenant {self._tid}'s repository")
        self._t.next_outbox_id += 1
        message.id = self._t.next_outbox_id
        self._t.outbox[message.id] = copy.deepcopy(message)
        return message.id

    def lock(self, message_id: int) -> OutboxMessage | None:
        found = self._t.outbox.get(message_id)
        return copy.deepcopy(found) if found is not None and found.tenant_id == self._tid else None

    def save(self, message: OutboxMessage) -> None:
        assert message.id is not None and message.tenant_id == self._tid
        self._t.outbox[message.id] = copy.deepcopy(message)

    def for_subject(self, topic: str, subject_id: int) -> list[OutboxMessage]:
        return [
            copy.deepcopy(m)
            for _, m in sorted(self._t.outbox.items())
            if m.tenant_id == self._tid and m.topic == topic and m.subject_id == subject_id
        ]


class InMemoryOutboxQueue:
    def __init__(self, tx: _Tx) -> None:
        self._tx = tx

    def due(self, now: datetime, limit: int) -> list[tuple[int, int]]:
        rows = [
            m
            for m in self._tx.work.integrations.outbox.values()
            if m.status is OutboxStatus.PENDING and m.next_attempt_at <= now
        ]
        rows.sort(key=lambda m: (m.next_attempt_at, m.id or 0))
        return [(m.tenant_id, m.id) for m in rows[:limit] if m.id is not None]


class InMemoryWhatsAppMessages(_Repo):
    def add(self, message: WhatsAppMessage) -> int:
        if message.tenant_id != self._tid:
            raise ValueError(f"entity of tenant {message.tenant_id} given to tenant {self._tid}'s repository")
        if message.wa_message_id is not None and self.by_wa_id(message.wa_message_id) is not None:
            raise Conflict(f"message {message.wa_message_id} already stored")
        self._t.next_whatsapp_id += 1
        message.id = self._t.next_whatsapp_id
        self._t.whatsapp[message.id] = copy.deepcopy(message)
        return message.id

    def get(self, message_id: int) -> WhatsAppMessage | None:
        found = self._t.whatsapp.get(message_id)
        return copy.deepcopy(found) if found is not None and found.tenant_id == self._tid else None

    def by_wa_id(self, wa_message_id: str) -> WhatsAppMessage | None:
        for m in self._t.whatsapp.values():
            if m.tenant_id == self._tid and m.wa_message_id == wa_message_id:
                return copy.deepcopy(m)
        return None

    def save(self, message: WhatsAppMessage) -> None:
        assert message.id is not None and message.tenant_id == self._tid
        self._t.whatsapp[message.id] = copy.deepcopy(message)

    def recent(self, limit: int) -> list[WhatsAppMessage]:
        mine = [m for _, m in sorted(self._t.whatsapp.items(), reverse=True) if m.tenant_id == self._tid]
        return [copy.deepcopy(m) for m in mine[:limit]]
