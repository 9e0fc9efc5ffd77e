"""BNPL applications for a sale and the providers' signed webhooks (docs/integrations.md#bnpl, ADR 30)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.days import instant_text
from nexus_core.errors import Unauthorized
from nexus_core.services import bnpl, bnpl_webhook
from nexus_core.services.outbox import deliver_one
from nexus_http.endpoints import Call, RouteTable
from nexus_http.reply import Reply

routes = RouteTable("bnpl-applications")

B = "/pos/api/bnpl"


@attrs.frozen
class BnplCustomerIn:
    name: str
    phone: str


@attrs.frozen
class BnplApplicationIn:
    sale_id: int
    amount: Decimal
    provider: str
    customer: BnplCustomerIn


@attrs.frozen
class BnplApplicationOut:
    id: int
    provider: str
    sale_id: int
    sale_folio: str
    amount: Decimal
    customer: dict[str, str]
    status: str
    provider_application_id: str | None
    redirect_url: str | None
    entry_id: int | None
    error: str | None
    attempts: int
    created_at: str
    updated_at: str


@attrs.frozen
class BnplWebhookOut:
    application_id: int | None
    status: str | None
    applied: bool


_EXAMPLE = {
    "id": 1,
    "provider": "aplazo",
    "sale_id": 123,
    "sale_folio": "V-0123",
    "amount": Decimal("1500.00"),
    "customer": {"name": "Juan Perez", "phone": "5512345678"},
    "status": "pending",
    "provider_application_id": "sbx_aplazo_5f2c9a1e0b7d4c36",
    "redirect_url": "https://sandbox.nexus.invalid/aplazo/checkout/sbx_aplazo_5f2c9a1e0b7d4c36",
    "entry_id": None,
    "error": None,
    "attempts": 1,
    "created_at": "2026-04-01T15:00:00Z",
    "updated_at": "2026-04-01T15:00:01Z",
}


def _application(view: bnpl.ApplicationView) -> dict[str, Any]:
    a = view.application
    return {
        "id": a.id,
        "provider": a.provider,
        "sale_id": a.sale_id,
        "sale_folio": a.sale_folio,
        "amount": a.amount,
        "customer": {"name": a.customer_name, "phone": a.customer_phone},
        "status": a.state.value,
        "provider_application_id": a.provider_ref,
        "redirect_url": a.redirect_url,
        "entry_id": a.entry_id,
        "error": a.error or view.last_error,
        "attempts": view.attempts,
        "created_at": instant_text(a.created_at),
        "updated_at": instant_text(a.updated_at),
    }


@routes.post(
    f"{B}/applications",
    summary='Finance (part of) a sale\'s unpaid balance with a BNPL provider ("ap lazo" is aplazo)',
    permission="pos.sell",
    body=BnplApplicationIn,
    response=BnplApplicationOut,
    status=201,
    errors=(400, 404),
    example=_EXAMPLE,
)
def create_bnpl_application(call: Call) -> Reply:
    b: BnplApplicationIn = call.body
    customer = {"name": b.customer.name, "phone": b.customer.phone}
    opened = call.run(
        bnpl.create_application, bnpl.CreateApplication(call.actor, b.sale_id, b.amount, b.provider, customer)
    )
    if call.integrations is not None:  # try at once, outside the transaction; the worker retries if need be
        deliver_one(call.nexus, call.integrations.topics, call.actor.tenant_id, opened.outbox_id)
    assert opened.application.id is not None
    view = call.run(bnpl.get_application, bnpl.GetApplication(call.actor, opened.application.id))
    return Reply(_application(view), 201)


@routes.get(
    f"{B}/applications/{{application_id}}",
    summary="An application: its status, the provider's id and checkout URL, the last delivery error if any",
    permission="pos.view",
    response=BnplApplicationOut,
    errors=(404,),
    example={**_EXAMPLE, "status": "approved", "entry_id": 42},
)
def get_bnpl_application(call: Call) -> dict[str, Any]:
    cmd = bnpl.GetApplication(call.actor, call.path_int("application_id"))
    return _application(call.run(bnpl.get_application, cmd))


def _tenant(call: Call) -> int:
    raw = call.query.get("tenant_id", "")
    if not raw.isdigit() or len(raw) > 18:
        raise Unauthorized("the webhook URL must carry ?tenant_id=<the shop's id>")
    return int(raw)


@routes.post(
    f"{B}/webhook/{{provider}}",
    summary="A provider's status webhook, HMAC-SHA256 of the raw body with the shop's webhook_secret",
    public=True,
    raw_body=True,
    response=BnplWebhookOut,
    errors=(400, 401, 404),
    example={"application_id": 1, "status": "approved", "applied": True},
)
def receive_bnpl_webhook(call: Call) -> dict[str, Any]:
    headers = {k.lower(): v for k, v in call.headers.items()}
    cmd = bnpl_webhook.ReceiveBnplWebhook(call.path_params.get("provider", ""), call.raw, headers)
    done = call.run(bnpl_webhook.receive_webhook, cmd, tenant_id=_tenant(call))
    return {"application_id": done.application_id, "status": done.state, "applied": done.applied}
