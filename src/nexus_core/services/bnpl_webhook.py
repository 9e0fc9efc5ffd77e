"""A BNPL provider's webhook (docs/integrations.md#bnpl, ADR 30), public and signed.

Checked in this order, each refusal changing nothing: the signature over the raw body with the shop's
``webhook_secret`` (the shop is the ``tenant_id`` of the callback URL; a disabled provider or an unknown
shop looks exactly like a wrong secret: 401), then the body (400), then the application (404). An event
id seen before is ignored. An approval posts the tender through the one posting path
(:func:`~nexus_core.domain.bnpl_rules.bnpl_settlement`) and lowers the sale's charge and the customer's
balance exactly as a customer payment does
(:func:`~nexus_core.services.customer_payments.apply_to_account`).
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.bnpl import BnplApplication, BnplState
from nexus_core.domain.bnpl_rules import BnplSettlement, bnpl_settlement
from nexus_core.domain.bnpl_webhook import SIGNATURE_HEADERS, BnplEvent, parse_event, signature_valid
from nexus_core.domain.providers import ProviderSpec
from nexus_core.errors import InvalidInput, NotFound, Unauthorized
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.bnpl import WEBHOOK_SECRET, bnpl_provider
from nexus_core.services.business_day import business_today
from nexus_core.services.customer_payments import apply_to_account
from nexus_core.services.customers import find_customer
from nexus_core.services.posting import PostEntry, post_entry
from nexus_core.services.runner import Deps


@attrs.frozen
class ReceiveBnplWebhook:
    provider: str
    raw: bytes
    headers: dict[str, str]  # lower-case names


@attrs.frozen
class WebhookResult:
    application_id: int | None
    state: str | None
    applied: bool  # False: a replayed event, or a move the state machine does not make


def receive_webhook(cmd: ReceiveBnplWebhook, uow: UnitOfWork, deps: Deps) -> WebhookResult:
    try:
        spec = bnpl_provider(cmd.provider)
    except InvalidInput as unknown:
        raise NotFound(unknown.message, field="provider") from None
    config = uow.provider_settings.get(spec.id)
    secret = config.credentials.get(WEBHOOK_SECRET, "") if config is not None and config.enabled else ""
    header = SIGNATURE_HEADERS[spec.id]
    if not signature_valid(spec.id, cmd.raw, cmd.headers.get(header), secret):
        raise Unauthorized(f"invalid or missing {header}")
    event = parse_event(_json(cmd.raw))
    application = _application(uow, spec, event)
    assert application.id is not None
    now = deps.clock.now()
    if not uow.bnpl_events.add_new(spec.id, event.event_id, application.id, now):
        return WebhookResult(application.id, application.state.value, applied=False)
    if event.provider_ref is not None and application.provider_ref is None:
        application.provider_ref = event.provider_ref[:120]
    error = event.reason if event.status in (BnplState.REJECTED, BnplState.CANCELLED, BnplState.EXPIRED) else None
    steps = application.move(event.status, now, error=error)
    if BnplState.APPROVED in steps:
        application.entry_id = _settle(uow, deps, spec, application, now)
    uow.bnpl_applications.save(application)
    return WebhookResult(application.id, application.state.value, applied=bool(steps))


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("the body is not JSON", field="body") from None


def _application(uow: UnitOfWork, spec: ProviderSpec, event: BnplEvent) -> BnplApplication:
    found = None
    if event.reference is not None:
        found = uow.bnpl_applications.lock(event.reference)
    elif event.provider_ref is not None:
        found = uow.bnpl_applications.by_provider_ref(spec.id, event.provider_ref)
    if found is None or found.provider != spec.id:
        raise NotFound("no application of this provider matches the event", field="reference")
    if event.provider_ref is not None and found.provider_ref not in (None, event.provider_ref):
        raise InvalidInput("application_id does not match the application's", field="application_id")
    return found


def _settle(uow: UnitOfWork, deps: Deps, spec: ProviderSpec, application: BnplApplication, now: datetime) -> int:
    """The approval's entry and its application to the sale's charge; returns the entry's id."""
    customer = find_customer(uow, application.customer_id, lock=True)
    assert customer.id is not None
    charge = uow.receivables.by_reference(customer.id, application.sale_folio)
    applied = min(application.amount, charge.open_amount) if charge is not None else Decimal("0.00")
    day = business_today(uow, deps)
    fact = BnplSettlement(
        date=day,
        folio=application.sale_folio,
        provider=spec.name,
        amount=application.amount,
        applied=applied,
        charge_total=charge.amount if charge is not None else application.amount,
        charge_tax=charge.tax if charge is not None else Decimal("0.00"),
        paid_before=charge.paid if charge is not None else Decimal("0.00"),
    )
    entry_id = post_entry(PostEntry(bnpl_settlement(fact), f"{spec.name} (webhook)"), uow, deps).id
    if charge is not None and applied > 0:
        reference = f"BNPL-{application.id}"
        apply_to_account(uow, customer, [(charge, applied)], reference=reference, day=day, now=now)
    if applied < application.amount:
        application.error = f"{application.amount - applied} above the sale's open balance kept as an advance"
    assert entry_id is not None
    return entry_id
