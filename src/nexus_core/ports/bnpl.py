"""BNPL: the applications and webhook events stores, and the provider client (real or sandbox)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Protocol

import attrs

from nexus_core.domain.bnpl import BnplApplication, BnplState
from nexus_core.ports.provider_settings import ProviderConfig


class BnplApplicationRepository(Protocol):
    """Reached as ``uow.bnpl_applications``."""

    def add(self, application: BnplApplication) -> int: ...

    def get(self, application_id: int) -> BnplApplication | None: ...

    def lock(self, application_id: int) -> BnplApplication | None:
        """The application, its row locked until the transaction ends."""
        ...

    def by_provider_ref(self, provider: str, provider_ref: str) -> BnplApplication | None:
        """The application the provider knows by ``provider_ref``, locked."""
        ...

    def live_amount(self, sale_id: int) -> Decimal:
        """What the sale's ``created`` and ``pending`` applications hold of its balance."""
        ...

    def save(self, application: BnplApplication) -> None:
        """Store ``state``, ``provider_ref``, ``redirect_url``, ``error``, ``entry_id`` and ``updated_at``."""
        ...


class BnplEventRepository(Protocol):
    """Reached as ``uow.bnpl_events``: each provider event applied once."""

    def add_new(self, provider: str, event_id: str, application_id: int | None, received_at: datetime) -> bool:
        """Record the event; ``False`` (and nothing written) when it was already recorded."""
        ...


@attrs.frozen
class BnplRequest:
    """What a provider needs to open an application: our id is the merchant reference."""

    reference: int
    sale_folio: str
    amount: Decimal
    customer_name: str
    customer_phone: str
    tenant_id: int  # the adapter builds the webhook URL (NEXUS_PUBLIC_URL + ?tenant_id=)


@attrs.frozen
class BnplCreated:
    provider_ref: str
    redirect_url: str | None
    state: BnplState = BnplState.PENDING


class BnplProvider(Protocol):
    """One BNPL provider's API with the tenant's credentials. Failures are
    :class:`~nexus_core.errors.ExternalServiceError` (a ``PermanentDeliveryError`` when no retry helps)."""

    def create(self, config: ProviderConfig, request: BnplRequest) -> BnplCreated: ...
