"""WhatsApp Cloud API messages: what a shop sends (text or an approved template) and what arrives.

Outbound messages start ``queued`` (written with their outbox row), become ``sent`` when the Graph API
answers with its message id (``wamid``), then follow the status webhooks: ``delivered``, ``read``, or
``failed``. Webhooks may arrive out of order: a status never moves back. Inbound messages are ``received``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from datetime import datetime

import attrs

from nexus_core.errors import InvalidInput

MAX_BODY = 4096
MAX_PARAMETERS = 10
MAX_PARAMETER = 1024
DEFAULT_LANGUAGE = "es_MX"
_E164_DIGITS = re.compile(r"^[1-9][0-9]{7,14}$")
_TEMPLATE = re.compile(r"^[a-z0-9_]{1,512}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")


class Direction(enum.StrEnum):
    OUTBOUND = "outbound"
    INBOUND = "inbound"


class MessageStatus(enum.StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"
    RECEIVED = "received"


_RANK = {MessageStatus.QUEUED: 0, MessageStatus.SENT: 1, MessageStatus.DELIVERED: 2, MessageStatus.READ: 3}


def recipient(value: object, *, field: str = "to") -> str:
    """A phone number in E.164 digits (country code first, no ``+``, 8-15 digits): ``5215512345678``."""
    if not isinstance(value, str) or not _E164_DIGITS.match(value):
        raise InvalidInput(f"{field} must be a phone number in E.164 digits, e.g. 5215512345678", field=field)
    return value


@attrs.define(eq=False)
class WhatsAppMessage:
    id: int | None
    tenant_id: int
    direction: Direction
    phone: str  # the recipient of an outbound message, the sender of an inbound one
    status: MessageStatus
    created_at: datetime
    updated_at: datetime
    body: str | None = None
    template: str | None = None
    language: str | None = None
    parameters: tuple[str, ...] = ()
    wa_message_id: str | None = None
    error: str | None = None

    @classmethod
    def outbound(
        cls,
        *,
        tenant_id: int,
        to: object,
        body: object,
        template: object,
        parameters: Sequence[object] = (),
        language: object = None,
        now: datetime,
    ) -> WhatsAppMessage:
        """A message to send: ``body`` text, or ``template`` (an approved template's name) with parameters.

        Given both, the template is sent (outside the 24-hour window only templates reach a customer)."""
        phone = recipient(to)
        text = _optional_text(body, "body", MAX_BODY)
        name = None
        if template is not None:
            if not isinstance(template, str) or not _TEMPLATE.match(template):
                raise InvalidInput("template must be a template name (a-z, 0-9, _)", field="template")
            name = template
        if text is None and name is None:
            raise InvalidInput("send a body or a template", field="body")
        if len(parameters) > MAX_PARAMETERS:
            raise InvalidInput(f"at most {MAX_PARAMETERS} parameters", field="parameters")
        params = tuple(_optional_text(p, f"parameters[{i}]", MAX_PARAMETER) or "" for i, p in enumerate(parameters))
        if params and name is None:
            raise InvalidInput("parameters go with a template", field="parameters")
        lang: str | None = None
        if name is not None:
            chosen = DEFAULT_LANGUAGE if language is None else language
            if not isinstance(chosen, str) or not _LANGUAGE.match(chosen):
                raise InvalidInput("language must be a code like es_MX", field="language")
            lang = chosen
        return cls(
            id=None,
            tenant_id=tenant_id,
            direction=Direction.OUTBOUND,
            phone=phone,
            status=MessageStatus.QUEUED,
            created_at=now,
            updated_at=now,
            body=None if name is not None else text,
            template=name,
            language=lang,
            parameters=params,
        )

    @classmethod
    def inbound(
        cls, *, tenant_id: int, sender: str, wa_message_id: str, body: str | None, at: datetime
    ) -> WhatsAppMessage:
        return cls(
            id=None,
            tenant_id=tenant_id,
            direction=Direction.INBOUND,
            phone=sender,
            status=MessageStatus.RECEIVED,
            created_at=at,
            updated_at=at,
            body=body,
            wa_message_id=wa_message_id,
        )

    def sent(self, wa_message_id: str, now: datetime) -> None:
        self.wa_message_id = wa_message_id
        self.advance(MessageStatus.SENT, now)

    def advance(self, status: MessageStatus, now: datetime, error: str | None = None) -> None:
        """Apply a status: ``failed`` always, the others only forward (delivered never becomes sent)."""
        if self.direction is Direction.INBOUND or self.status is MessageStatus.FAILED:
            return
        if status is MessageStatus.FAILED:
            self.status, self.error = status, error
        elif status in _RANK and _RANK[status] > _RANK.get(self.status, -1):
            self.status = status
        else:
            return
        self.updated_at = now


def _optional_text(value: object, field: str, max_len: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{field} must be non-empty text", field=field)
    if len(value) > max_len:
        raise InvalidInput(f"{field} must be at most {max_len} characters", field=field)
    return value
