"""WhatsApp Cloud API (docs/integrations.md#whatsapp-cloud): Meta's webhook (public, signed), status,
templates, and messages sent through the outbox."""

from __future__ import annotations

import json
from typing import Any

import attrs

from nexus_core.domain.days import instant_text
from nexus_core.errors import ExternalServiceError, Forbidden, NexusError, RuleViolation, Unauthorized
from nexus_core.services import whatsapp
from nexus_core.services.outbox import deliver_one
from nexus_http.endpoints import Call, RouteTable
from nexus_http.jsonio import RawJson
from nexus_http.reply import RawBody, Reply

routes = RouteTable("whatsapp-cloud")

W = "/pos/api/whatsapp-cloud"


@attrs.frozen
class MessageIn:
    to: str
    body: str | None = None
    template: str | None = None
    parameters: list[str] = attrs.field(factory=list)
    language: str | None = None


@attrs.frozen
class MessageOut:
    id: int
    direction: str
    phone: str
    body: str | None
    template: str | None
    parameters: list[str]
    status: str
    wa_message_id: str | None
    error: str | None
    attempts: int
    created_at: str
    updated_at: str


@attrs.frozen
class StatusOut:
    connected: bool
    display_phone_number: str | None
    verified_name: str | None
    quality_rating: str | None
    error: str | None


@attrs.frozen
class TemplateOut:
    name: str
    language: str
    category: str
    status: str


@attrs.frozen
class TemplateList:
    templates: list[TemplateOut]


@attrs.frozen
class WebhookOut:
    messages: int
    statuses: int


def _tenant(call: Call, refusal: type[NexusError]) -> int:
    raw = call.query.get("tenant_id", "")
    if not raw.isdigit() or len(raw) > 18:
        raise refusal("the callback URL must carry ?tenant_id=<your shop's id>")
    return int(raw)


@routes.get(
    f"{W}/webhook",
    summary="Meta's subscription check: echoes hub.challenge when hub.verify_token is the shop's (else 403)",
    public=True,
    response=str,
    media_type="text/plain",
    errors=(403,),
    example="1158201444",
)
def verify_webhook(call: Call) -> Reply:
    q = call.query
    cmd = whatsapp.VerifySubscription(q.get("hub.mode"), q.get("hub.verify_token"), q.get("hub.challenge"))
    challenge = call.run(whatsapp.verify_subscription, cmd, tenant_id=_tenant(call, Forbidden))
    return Reply(RawBody(challenge.encode(), "text/plain; charset=utf-8"))


@routes.post(
    f"{W}/webhook",
    summary="Meta's notifications (inbound messages, status updates), signed with X-Hub-Signature-256",
    public=True,
    raw_body=True,
    response=WebhookOut,
    errors=(400, 401),
    example={"messages": 1, "statuses": 1},
)
def receive_webhook(call: Call) -> dict[str, Any]:
    cmd = whatsapp.ReceiveWebhook(call.raw, call.headers.get("x-hub-signature-256"))
    received = call.run(whatsapp.receive_webhook, cmd, tenant_id=_tenant(call, Unauthorized))
    return {"messages": received.messages, "statuses": received.statuses}


@routes.get(
    f"{W}/status",
    summary="The connection to the WhatsApp Cloud API as the API reports it",
    permission="pos.view",
    response=StatusOut,
    example={
        "connected": True,
        "display_phone_number": "+52 55 1234 5678",
        "verified_name": "Refaccionaria Perez",
        "quality_rating": "GREEN",
        "error": None,
    },
)
def status(call: Call) -> dict[str, Any]:
    try:
        s = whatsapp.phone_status(call.nexus, call.integrations.whatsapp, call.actor)
    except (RuleViolation, ExternalServiceError) as error:
        return {
            "connected": False,
            "display_phone_number": None,
            "verified_name": None,
            "quality_rating": None,
            "error": error.message,
        }
    return {
        "connected": True,
        "display_phone_number": s.display_phone_number,
        "verified_name": s.verified_name,
        "quality_rating": s.quality_rating,
        "error": None,
    }


@routes.get(
    f"{W}/templates",
    summary="The business account's approved message templates",
    permission="pos.view",
    response=TemplateList,
    errors=(400, 502),
    example={"templates": [{"name": "order_ready", "language": "es_MX", "category": "UTILITY", "status": "APPROVED"}]},
)
def templates(call: Call) -> dict[str, Any]:
    found = whatsapp.approved_templates(call.nexus, call.integrations.whatsapp, call.actor)
    return {"templates": [attrs.asdict(t) for t in found]}


def _message(view: whatsapp.MessageView) -> dict[str, Any]:
    m = view.message
    assert m.id is not None
    return {
        "id": m.id,
        "direction": m.direction.value,
        "phone": m.phone,
        "body": m.body,
        "template": m.template,
        "parameters": list(m.parameters),
        "status": m.status.value,
        "wa_message_id": m.wa_message_id,
        "error": m.error or view.last_error,
        "attempts": view.attempts,
        "created_at": instant_text(m.created_at),
        "updated_at": instant_text(m.updated_at),
    }


_MESSAGE_EXAMPLE = {
    "id": 1,
    "direction": "outbound",
    "phone": "5215512345678",
    "body": None,
    "template": "order_ready",
    "parameters": [],
    "status": "sent",
    "wa_message_id": "wamid.HBgNNTIxNTUxMjM0NTY3OBUCABEYEjQ1",
    "error": None,
    "attempts": 1,
    "created_at": "2026-04-01T15:00:00Z",
    "updated_at": "2026-04-01T15:00:00Z",
}


@routes.post(
    f"{W}/messages",
    summary="Send a message (body, or an approved template with parameters) to a number in E.164 digits; "
    "a retry with the same Idempotency-Key sends nothing again",
    permission="pos.sell",
    body=MessageIn,
    response=MessageOut,
    status=201,
    errors=(400, 409),
    idempotent=True,
    example=_MESSAGE_EXAMPLE,
)
def send_message(call: Call) -> Reply:
    """The message and its outbox row commit with the key's answer (``{"id"}``), so a retry finds the
    message instead of queuing another; then the first request tries to deliver it at once (outside
    the transaction) and both answer the message as it is now."""
    body: MessageIn = call.body
    cmd = whatsapp.SendMessage(call.actor, body.to, body.body, body.template, tuple(body.parameters), body.language)
    queued: list[whatsapp.Queued] = []

    def render(q: whatsapp.Queued) -> Reply:
        queued.append(q)
        return Reply({"id": q.message.id}, 201)

    first = call.respond(whatsapp.send_message, cmd, render)
    if first.status >= 400:  # a stored refusal, answered again as it was
        return first
    if queued and call.integrations is not None:  # the worker retries if this attempt fails
        deliver_one(call.nexus, call.integrations.topics, call.actor.tenant_id, queued[0].outbox_id)
    message_id = queued[0].message.id if queued else _stored_id(first)
    assert message_id is not None
    view = call.run(whatsapp.get_message, whatsapp.GetMessage(call.actor, message_id))
    return Reply(_message(view), 201, first.headers)


def _stored_id(reply: Reply) -> int:
    """The message id a replayed answer names."""
    body = reply.body
    text = body.text if isinstance(body, RawJson) else None
    found = json.loads(text) if text is not None else body
    return int(found["id"])


@routes.get(
    f"{W}/messages/{{message_id}}",
    summary="A message: its status, the provider's id, and the last delivery error if any",
    permission="pos.view",
    response=MessageOut,
    errors=(404,),
    example=_MESSAGE_EXAMPLE,
)
def get_message(call: Call) -> dict[str, Any]:
    cmd = whatsapp.GetMessage(call.actor, call.path_int("message_id"))
    return _message(call.run(whatsapp.get_message, cmd))
