"""SQL repositories of provider settings (credentials sealed) and the outbox. Filtered by ``tenant_id``."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select, update

from nexus_adapters.persistence.credentials import CredentialCipher
from nexus_adapters.persistence.integration_tables import outbox, provider_settings
from nexus_adapters.persistence.sql import check_tenant, dialect_insert, insert_row_id, written
from nexus_core.domain.outbox import OutboxMessage, OutboxStatus
from nexus_core.ports.provider_settings import ProviderConfig


class SqlProviderSettingsRepository:
    def __init__(self, conn: Connection, tenant_id: int, cipher: Callable[[], CredentialCipher]) -> None:
        self._conn, self._tid, self._cipher = conn, tenant_id, cipher

    def _config(self, row: Any) -> ProviderConfig:
        credentials = self._cipher().open(self._tid, row.provider_id, row.credentials)
        return ProviderConfig(provider_id=row.provider_id, enabled=row.enabled, credentials=credentials)

    def get(self, provider_id: str) -> ProviderConfig | None:
        t = provider_settings
        row = self._conn.execute(
            select(t).where(t.c.tenant_id == self._tid, t.c.provider_id == provider_id)
        ).one_or_none()
        return None if row is None else self._config(row)

    def save(self, config: ProviderConfig) -> None:
        sealed = self._cipher().seal(self._tid, config.provider_id, config.credentials)
        values = {"enabled": config.enabled, "credentials": sealed, "updated_at": datetime.now(UTC)}
        stmt = dialect_insert(self._conn, provider_settings).values(
            tenant_id=self._tid, provider_id=config.provider_id, **values
        )
        self._conn.execute(stmt.on_conflict_do_update(index_elements=["tenant_id", "provider_id"], set_=values))

    def list(self) -> list[ProviderConfig]:
        t = provider_settings
        rows = self._conn.execute(select(t).where(t.c.tenant_id == self._tid).order_by(t.c.provider_id))
        return [self._config(row) for row in rows]


def _message(row: Any) -> OutboxMessage:
    return OutboxMessage(
        id=row.id,
        tenant_id=row.tenant_id,
        topic=row.topic,
        subject_id=row.subject_id,
        payload=json.loads(row.payload),
        status=OutboxStatus(row.status),
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        created_at=row.created_at,
        last_error=row.last_error,
        delivered_at=row.delivered_at,
    )


class SqlOutboxRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, message: OutboxMessage) -> int:
        check_tenant(message, self._tid)
        values = {
            "tenant_id": self._tid,
            "topic": message.topic,
            "subject_id": message.subject_id,
            "payload": json.dumps(dict(message.payload), sort_keys=True),
            "status": message.status.value,
            "attempts": message.attempts,
            "next_attempt_at": message.next_attempt_at,
            "last_error": message.last_error,
            "created_at": message.created_at,
            "delivered_at": message.delivered_at,
        }
        message.id = insert_row_id(self._conn, outbox, values)
        return message.id

    def lock(self, message_id: int) -> OutboxMessage | None:
        stmt = select(outbox).where(outbox.c.tenant_id == self._tid, outbox.c.id == message_id)
        if self._conn.dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        row = self._conn.execute(stmt).one_or_none()
        return None if row is None else _message(row)

    def save(self, message: OutboxMessage) -> None:
        check_tenant(message, self._tid)
        self._conn.execute(
            update(outbox)
            .where(outbox.c.tenant_id == self._tid, outbox.c.id == message.id)
            .values(
                status=message.status.value,
                attempts=message.attempts,
                next_attempt_at=message.next_attempt_at,
                last_error=message.last_error,
                delivered_at=message.delivered_at,
            )
        )

    def for_subject(self, topic: str, subject_id: int) -> list[OutboxMessage]:
        t = outbox
        rows = self._conn.execute(
            select(t)
            .where(t.c.tenant_id == self._tid, t.c.topic == topic, t.c.subject_id == subject_id)
            .order_by(t.c.id)
        )
        return [_message(row) for row in rows]


class SqlOutboxQueue:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def due(self, now: datetime, limit: int) -> list[tuple[int, int]]:
        t = outbox
        rows = self._conn.execute(
            select(t.c.tenant_id, t.c.id)
            .where(t.c.status == written(OutboxStatus.PENDING.value), t.c.next_attempt_at <= now)
            .order_by(t.c.next_attempt_at, t.c.id)
            .limit(limit)
        )
        return [(row.tenant_id, row.id) for row in rows]
