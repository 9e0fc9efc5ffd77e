"""WhatsApp Cloud: the message store, and the client of the Graph API (real or sandbox)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import attrs

from nexus_core.domain.whatsapp import WhatsAppMessage
from nexus_core.ports.provider_settings import ProviderConfig


class WhatsAppMessageRepository(Protocol):
    """Reached as ``uow.whatsapp_messages``."""

    def add(self, message: WhatsAppMessage) -> int: ...

    def get(self, message_id: int) -> WhatsAppMessage | None: ...

    def by_wa_id(self, wa_message_id: str) -> WhatsAppMessage | None:
        """The tenant's message with the Graph API's id (``wamid...``), either direction."""
        ...

    def save(self, message: WhatsAppMessage) -> None:
        """Store ``status``, ``wa_message_id``, ``error`` and ``updated_at``."""
        ...

    def recent(self, limit: int) -> list[WhatsAppMessage]:
        """The newest messages first."""
        ...


@attrs.frozen
class OutgoingMessage:
    to: str
    body: str | None
    template: str | None
    language: str | None
    parameters: tuple[str, ...]


@attrs.frozen
class PhoneStatus:
    display_phone_number: str
    verified_name: str
    quality_rating: str | None


@attrs.frozen
class Template:
    name: str
    language: str
    category: str
    status: str


class WhatsAppClient(Protocol):
    """Calls to the Graph API with the tenant's credentials. Failures are
    :class:`~nexus_core.errors.ExternalServiceError` (a ``PermanentDeliveryError`` when no retry helps)."""

    def send(self, config: ProviderConfig, message: OutgoingMessage) -> str:
        """Send; returns the message id the API assigned (``wamid...``)."""
        ...

    def phone_status(self, config: ProviderConfig) -> PhoneStatus: ...

    def templates(self, config: ProviderConfig) -> Sequence[Template]:
        """The business account's approved templates."""
        ...
