"""SQL repository of WhatsApp messages. Every statement is filtered by ``tenant_id``."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, select, update

from nexus_adapters.persistence.integration_tables import whatsapp_messages as t
from nexus_adapters.persistence.sql import check_tenant, insert_row_id
from nexus_core.domain.whatsapp import Direction, MessageStatus, WhatsAppMessage


def _message(row: Any) -> WhatsAppMessage:
    return WhatsAppMessage(
        id=row.id,
        tenant_id=row.tenant_id,
        direction=Direction(row.direction),
        phone=row.phone,
        status=MessageStatus(row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
        body=row.body,
        template=row.template,
        language=row.language,
        parameters=tuple(json.loads(row.parameters)),
        wa_message_id=row.wa_message_id,
        error=row.error,
    )


class SqlWhatsAppMessageRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, message: WhatsAppMessage) -> int:
        check_tenant(message, self._tid)
        values = {
            "tenant_id": self._tid,
            "direction": message.direction.value,
            "phone": message.phone,
            "status": message.status.value,
            "body": message.body,
            "template": message.template,
            "language": message.language,
            "parameters": json.dumps(list(message.parameters)),
            "wa_message_id": message.wa_message_id,
            "error": message.error,
            "created_at": message.created_at,
            "updated_at": message.updated_at,
        }
        message.id = insert_row_id(self._conn, t, values)
        return message.id

    def _one(self, *where: Any) -> WhatsAppMessage | None:
        row = self._conn.execute(select(t).where(t.c.tenant_id == self._tid, *where)).one_or_none()
        return None if row is None else _message(row)

    def get(self, message_id: int) -> WhatsAppMessage | None:
        return self._one(t.c.id == message_id)

    def by_wa_id(self, wa_message_id: str) -> WhatsAppMessage | None:
        return self._one(t.c.wa_message_id == wa_message_id)

    def save(self, message: WhatsAppMessage) -> None:
        check_tenant(message, self._tid)
        self._conn.execute(
            update(t)
            .where(t.c.tenant_id == self._tid, t.c.id == message.id)
            .values(
                status=message.status.value,
                wa_message_id=message.wa_message_id,
                error=message.error,
                updated_at=message.updated_at,
            )
        )

    def recent(self, limit: int) -> list[WhatsAppMessage]:
        rows = self._conn.execute(select(t).where(t.c.tenant_id == self._tid).order_by(t.c.id.desc()).limit(limit))
        return [_message(row) for row in rows]
