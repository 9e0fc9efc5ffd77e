"""Reading a WhatsApp Cloud API webhook body (Meta's ``whatsapp_business_account`` notification).

Shape: ``{"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages", "value":
{"messages": [...], "statuses": [...]}}]}]}``. Inbound ``messages`` carry ``from``, ``id``, ``timestamp``
(Unix seconds), ``type`` and, for text, ``text.body``; ``statuses`` carry the sent message's ``id``, a
``status`` (sent, delivered, read, failed) and, when failed, ``errors[0].title``. Anything else in a
well-formed body is ignored; a body that is not this shape is refused whole (nothing stored).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import attrs

from nexus_core.domain.whatsapp import MessageStatus
from nexus_core.errors import InvalidInput

_STATUSES = {
    s.value: s for s in (MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.READ, MessageStatus.FAILED)
}


@attrs.frozen
class Inbound:
    wa_message_id: str
    sender: str
    body: str | None
    at: datetime


@attrs.frozen
class StatusUpdate:
    wa_message_id: str
    status: MessageStatus
    at: datetime
    error: str | None = None


@attrs.frozen
class Notification:
    messages: tuple[Inbound, ...]
    statuses: tuple[StatusUpdate, ...]


def _dict(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidInput(f"{where} must be an object", field=where)
    return value


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidInput(f"{where} must be a list", field=where)
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value or len(value) > 256:
        raise InvalidInput(f"{where} must be text", field=where)
    return value


def _at(value: Any, where: str) -> datetime:
    if not isinstance(value, str) or not value.isdigit() or len(value) > 12:
        raise InvalidInput(f"{where} must be Unix seconds", field=where)
    return datetime.fromtimestamp(int(value), tz=UTC)


def parse_notification(payload: Any) -> Notification:
    body = _dict(payload, "body")
    if body.get("object") != "whatsapp_business_account":
        raise InvalidInput("object must be whatsapp_business_account", field="object")
    messages: list[Inbound] = []
    statuses: list[StatusUpdate] = []
    for i, entry in enumerate(_list(body.get("entry"), "entry")):
        for j, change in enumerate(_list(_dict(entry, f"entry[{i}]").get("changes"), f"entry[{i}].changes")):
            where = f"entry[{i}].changes[{j}]"
            change = _dict(change, where)
            if change.get("field") != "messages":
                continue
            value = _dict(change.get("value"), f"{where}.value")
            for k, m in enumerate(_list(value.get("messages"), f"{where}.value.messages")):
                w = f"{where}.value.messages[{k}]"
                m = _dict(m, w)
                text = m.get("text") if m.get("type") == "text" else None
                body_text = _text(_dict(text, f"{w}.text").get("body"), f"{w}.text.body") if text is not None else None
                messages.append(
                    Inbound(
                        _text(m.get("id"), f"{w}.id"),
                        _text(m.get("from"), f"{w}.from"),
                        body_text,
                        _at(m.get("timestamp"), f"{w}.timestamp"),
                    )
                )
            for k, s in enumerate(_list(value.get("statuses"), f"{where}.value.statuses")):
                w = f"{where}.value.statuses[{k}]"
                s = _dict(s, w)
                status = _STATUSES.get(str(s.get("status")))
                if status is None:
                    raise InvalidInput(f"{w}.status must be sent, delivered, read or failed", field=f"{w}.status")
                errors = _list(s.get("errors"), f"{w}.errors")
                error = None
                if errors:
                    first = _dict(errors[0], f"{w}.errors[0]")
                    error = str(first.get("title") or first.get("message") or first.get("code") or "failed")[:300]
                statuses.append(
                    StatusUpdate(
                        _text(s.get("id"), f"{w}.id"), status, _at(s.get("timestamp"), f"{w}.timestamp"), error
                    )
                )
    return Notification(tuple(messages), tuple(statuses))
