"""WhatsApp Cloud use cases (docs/integrations.md#whatsapp-cloud): send through the outbox, receive
webhooks (verified by ``X-Hub-Signature-256``), answer Meta's subscription check, read status and templates.

The webhook endpoints are public: Meta calls them without a token. The tenant is the ``tenant_id`` in the
callback URL the shop registers with Meta; its ``app_secret`` signs every notification, its
``verify_token`` answers the subscription check. An unknown tenant looks exactly like a wrong secret.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import attrs

from nexus_core.domain.outbox import OutboxMessage
from nexus_core.domain.providers import ProviderKind, provider
from nexus_core.domain.webhooks import signature_matches
from nexus_core.domain.whatsapp import MessageStatus, WhatsAppMessage
from nexus_core.domain.whatsapp_webhook import parse_notification
from nexus_core.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from nexus_core.ports.provider_settings import ProviderConfig
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.ports.whatsapp import OutgoingMessage, PhoneStatus, Template, WhatsAppClient
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.outbox import enqueue
from nexus_core.services.providers import enabled_config
from nexus_core.services.runner import Deps, Nexus, read_only

PROVIDER = "whatsapp_cloud"
TOPIC = "whatsapp.send"
SIGNATURE_PREFIX = "sha256="
RECENT = 50


def _config(uow: UnitOfWork) -> ProviderConfig:
    return enabled_config(uow, provider(PROVIDER, kind=ProviderKind.MESSAGING))


@attrs.frozen
class SendMessage:
    actor: Actor
    to: object
    body: object = None
    template: object = None
    parameters: Sequence[object] = ()
    language: object = None


@attrs.frozen
class Queued:
    message: WhatsAppMessage
    outbox_id: int


def send_message(cmd: SendMessage, uow: UnitOfWork, deps: Deps) -> Queued:
    """Queue a message: the row and its outbox entry commit together; the worker sends it."""
    authorize(uow, cmd.actor, "pos.sell")
    _config(uow)
    now = deps.clock.now()
    message = WhatsAppMessage.outbound(
        tenant_id=uow.tenant_id,
        to=cmd.to,
        body=cmd.body,
        template=cmd.template,
        parameters=cmd.parameters,
        language=cmd.language,
        now=now,
    )
    message.id = uow.whatsapp_messages.add(message)
    queued = enqueue(uow, topic=TOPIC, subject_id=message.id, now=now)
    assert queued.id is not None
    return Queued(message, queued.id)


@attrs.frozen
class GetMessage:
    actor: Actor
    message_id: int


@attrs.frozen
class MessageView:
    message: WhatsAppMessage
    attempts: int
    last_error: str | None


@read_only
def get_message(cmd: GetMessage, uow: UnitOfWork, deps: Deps) -> MessageView:
    cmd.actor.require("pos.view")
    message = uow.whatsapp_messages.get(cmd.message_id)
    if message is None:
        raise NotFound(f"message {cmd.message_id} not found", field="message_id")
    deliveries = uow.outbox.for_subject(TOPIC, cmd.message_id)
    last = deliveries[-1] if deliveries else None
    return MessageView(message, last.attempts if last else 0, last.last_error if last else None)


@attrs.frozen
class SendTopic:
    """The outbox topic that sends a queued message through the Graph API (or the sandbox)."""

    client: WhatsAppClient
    name: str = TOPIC

    def prepare(self, uow: UnitOfWork, message: OutboxMessage) -> tuple[ProviderConfig, OutgoingMessage]:
        found = uow.whatsapp_messages.get(message.subject_id)
        if found is None:
            raise NotFound(f"message {message.subject_id} not found")
        outgoing = OutgoingMessage(found.phone, found.body, found.template, found.language, found.parameters)
        return _config(uow), outgoing

    def call(self, request: tuple[ProviderConfig, OutgoingMessage]) -> str:
        return self.client.send(*request)

    def apply(self, uow: UnitOfWork, message: OutboxMessage, result: Any, now: datetime) -> None:
        found = uow.whatsapp_messages.get(message.subject_id)
        if found is not None:
            found.sent(str(result), now)
            uow.whatsapp_messages.save(found)

    def failed(self, uow: UnitOfWork, message: OutboxMessage, now: datetime) -> None:
        found = uow.whatsapp_messages.get(message.subject_id)
        if found is not None:
            found.advance(MessageStatus.FAILED, now, error=message.last_error)
            uow.whatsapp_messages.save(found)


@attrs.frozen
class VerifySubscription:
    mode: str | None
    token: str | None
    challenge: str | None


@read_only
def verify_subscription(cmd: VerifySubscription, uow: UnitOfWork, deps: Deps) -> str:
    """Meta's GET check: echo ``hub.challenge`` only for ``hub.mode=subscribe`` and the shop's token."""
    config = uow.provider_settings.get(PROVIDER)
    expected = config.credentials.get("verify_token") if config is not None else None
    if cmd.mode != "subscribe" or not expected or not cmd.challenge or not signature_equal(cmd.token, expected):
        raise Forbidden("verification failed")
    return cmd.challenge


def signature_equal(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


@attrs.frozen
class ReceiveWebhook:
    raw: bytes
    signature: str | None


@attrs.frozen
class Received:
    messages: int
    statuses: int


def receive_webhook(cmd: ReceiveWebhook, uow: UnitOfWork, deps: Deps) -> Received:
    """Check the signature over the raw body first (401, nothing read), then the body (400, nothing
    stored), then store new inbound messages and apply status updates (repeats change nothing)."""
    config = uow.provider_settings.get(PROVIDER)
    secret = config.credentials.get("app_secret", "") if config is not None and config.enabled else ""
    if not signature_matches(cmd.raw, cmd.signature, secret, prefix=SIGNATURE_PREFIX):
        raise Unauthorized("invalid or missing X-Hub-Signature-256")
    notification = parse_notification(_json(cmd.raw))
    stored = 0
    for m in notification.messages:
        if uow.whatsapp_messages.by_wa_id(m.wa_message_id) is None:
            uow.whatsapp_messages.add(
                WhatsAppMessage.inbound(
                    tenant_id=uow.tenant_id, sender=m.sender, wa_message_id=m.wa_message_id, body=m.body, at=m.at
                )
            )
            stored += 1
    applied = 0
    for s in notification.statuses:
        found = uow.whatsapp_messages.by_wa_id(s.wa_message_id)
        if found is not None:
            before = found.status
            found.advance(s.status, deps.clock.now(), error=s.error)
            if found.status is not before:
                uow.whatsapp_messages.save(found)
                applied += 1
    return Received(stored, applied)


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("the body is not JSON", field="body") from None


@attrs.frozen
class ReadConfig:
    actor: Actor


@read_only
def read_config(cmd: ReadConfig, uow: UnitOfWork, deps: Deps) -> ProviderConfig:
    cmd.actor.require("pos.view")
    return _config(uow)


def phone_status(nexus: Nexus, client: WhatsAppClient, actor: Actor) -> PhoneStatus:
    """The connection's state from the Graph API: the settings are read first, the call made after."""
    config = nexus.run(actor.tenant_id, read_config, ReadConfig(actor))
    return client.phone_status(config)


def approved_templates(nexus: Nexus, client: WhatsAppClient, actor: Actor) -> list[Template]:
    config = nexus.run(actor.tenant_id, read_config, ReadConfig(actor))
    return [t for t in client.templates(config) if t.status.upper() == "APPROVED"]


@read_only
def recent_messages(cmd: ReadConfig, uow: UnitOfWork, deps: Deps) -> list[WhatsAppMessage]:
    cmd.actor.require("pos.view")
    return uow.whatsapp_messages.recent(RECENT)
