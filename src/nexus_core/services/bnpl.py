"""BNPL applications (docs/integrations.md#bnpl, ADR 30): open one for a sale's unpaid balance, read it,
and the outbox topic that sends it to the provider outside any transaction.

The amount may be at most what is still open on the sale's charge (a credit sale's receivable) less
what the sale's other live applications hold. The provider must be enabled with every credential it
needs, and with the ``webhook_secret`` its webhooks are checked with: without it no answer could ever
be trusted. The webhook and the approval's posting are in :mod:`.bnpl_webhook`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from nexus_core.domain.bnpl import BnplApplication, BnplState
from nexus_core.domain.outbox import OutboxMessage
from nexus_core.domain.providers import ProviderKind, ProviderSpec, canonical_id, provider
from nexus_core.domain.sales import SaleMethod, SaleStatus
from nexus_core.errors import InvalidInput, NotFound
from nexus_core.ports.bnpl import BnplCreated, BnplProvider, BnplRequest
from nexus_core.ports.provider_settings import ProviderConfig
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.outbox import enqueue
from nexus_core.services.providers import enabled_config
from nexus_core.services.runner import Deps, read_only

TOPIC = "bnpl.create"
WEBHOOK_SECRET = "webhook_secret"


def bnpl_provider(provider_id: object) -> ProviderSpec:
    """A BNPL provider by id (``"ap lazo"`` is APLAZO); an unknown one is 400 naming it."""
    if canonical_id(provider_id) is None or provider(provider_id).kind is not ProviderKind.BNPL:
        raise InvalidInput(f"unknown BNPL provider {provider_id!r} (aplazo, kueski, clip)", field="provider")
    return provider(provider_id)


def usable_config(uow: UnitOfWork, spec: ProviderSpec) -> ProviderConfig:
    """Enabled, with every needed credential and the webhook secret; else 400 naming what is missing."""
    config = enabled_config(uow, spec)
    if not config.credentials.get(WEBHOOK_SECRET):
        raise InvalidInput(f"provider {spec.id} is missing credentials: {WEBHOOK_SECRET}", field="provider")
    return config


@attrs.frozen
class CreateApplication:
    actor: Actor
    sale_id: object
    amount: object
    provider: object
    customer: object  # {"name", "phone"}


@attrs.frozen
class Opened:
    application: BnplApplication
    outbox_id: int


def _sale_id(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**62:
        raise InvalidInput("sale_id must be a positive integer", field="sale_id")
    return value


def create_application(cmd: CreateApplication, uow: UnitOfWork, deps: Deps) -> Opened:
    """Write the application and its outbox call together; the worker (or the request, right after the
    commit) sends it to the provider."""
    authorize(uow, cmd.actor, "pos.sell")
    spec = bnpl_provider(cmd.provider)
    usable_config(uow, spec)
    customer = cmd.customer if isinstance(cmd.customer, dict) else None
    if customer is None:
        raise InvalidInput("customer must be an object with name and phone", field="customer")
    sale_id = _sale_id(cmd.sale_id)
    sale = uow.sales.lock(sale_id)
    if sale is None:
        raise NotFound(f"sale {sale_id} not found", field="sale_id")
    now = deps.clock.now()
    application = BnplApplication.create(
        tenant_id=uow.tenant_id,
        provider=spec.id,
        sale_id=sale_id,
        sale_folio=sale.folio,
        customer_id=sale.customer_id or 0,
        amount=cmd.amount,
        customer_name=customer.get("name"),
        customer_phone=customer.get("phone"),
        now=now,
    )
    charge = None
    if sale.status is SaleStatus.COMPLETED and sale.payment.method is SaleMethod.CREDIT and sale.customer_id:
        charge = uow.receivables.by_reference(sale.customer_id, sale.folio)
    open_amount = charge.open_amount if charge is not None else 0
    available = open_amount - uow.bnpl_applications.live_amount(sale_id)
    if application.amount > available:
        raise InvalidInput(
            f"amount {application.amount} exceeds sale {sale.folio}'s unpaid balance of {max(available, 0):.2f}",
            field="amount",
        )
    application.id = uow.bnpl_applications.add(application)
    queued = enqueue(uow, topic=TOPIC, subject_id=application.id, now=now)
    assert queued.id is not None
    return Opened(application, queued.id)


@attrs.frozen
class GetApplication:
    actor: Actor
    application_id: int


@attrs.frozen
class ApplicationView:
    application: BnplApplication
    attempts: int
    last_error: str | None


@read_only
def get_application(cmd: GetApplication, uow: UnitOfWork, deps: Deps) -> ApplicationView:
    cmd.actor.require("pos.view")
    found = uow.bnpl_applications.get(cmd.application_id)
    if found is None:
        raise NotFound(f"application {cmd.application_id} not found", field="application_id")
    deliveries = uow.outbox.for_subject(TOPIC, cmd.application_id)
    last = deliveries[-1] if deliveries else None
    return ApplicationView(found, last.attempts if last else 0, last.last_error if last else None)


@attrs.frozen
class CreateTopic:
    """The outbox topic that opens a written application at its provider."""

    clients: Mapping[str, BnplProvider]
    name: str = TOPIC

    def prepare(self, uow: UnitOfWork, message: OutboxMessage) -> tuple[str, ProviderConfig, BnplRequest]:
        found = uow.bnpl_applications.get(message.subject_id)
        if found is None or found.id is None:
            raise NotFound(f"application {message.subject_id} not found")
        if found.state is not BnplState.CREATED:
            raise InvalidInput(f"application {found.id} is already {found.state.value}")
        config = usable_config(uow, provider(found.provider))
        request = BnplRequest(
            reference=found.id,
            sale_folio=found.sale_folio,
            amount=found.amount,
            customer_name=found.customer_name,
            customer_phone=found.customer_phone,
            tenant_id=uow.tenant_id,
        )
        return found.provider, config, request

    def call(self, request: tuple[str, ProviderConfig, BnplRequest]) -> BnplCreated:
        provider_id, config, body = request
        return self.clients[provider_id].create(config, body)

    def apply(self, uow: UnitOfWork, message: OutboxMessage, result: Any, now: datetime) -> None:
        found = uow.bnpl_applications.lock(message.subject_id)
        if found is not None and isinstance(result, BnplCreated):
            found.accepted(result.provider_ref, result.redirect_url, now)
            uow.bnpl_applications.save(found)

    def failed(self, uow: UnitOfWork, message: OutboxMessage, now: datetime) -> None:
        found = uow.bnpl_applications.lock(message.subject_id)
        if found is not None and found.state is BnplState.CREATED:  # a webhook may have moved it already
            found.move(BnplState.REJECTED, now, error=message.last_error or "the provider refused it")
            uow.bnpl_applications.save(found)
