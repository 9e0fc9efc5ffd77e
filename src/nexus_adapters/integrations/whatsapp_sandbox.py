"""A WhatsApp Cloud sandbox that behaves like the service, for shops trying Nexus without a Meta account.

It checks what Meta checks (an access token, a known phone number id, an approved template with the right
number of parameters), assigns ``wamid.`` ids, keeps what it sent, and refuses like the Graph API does
(a permanent failure naming the reason). Selected with ``NEXUS_INTEGRATIONS_MODE=sandbox`` (the default).
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Sequence

from nexus_core.domain.outbox import PermanentDeliveryError
from nexus_core.ports.provider_settings import ProviderConfig
from nexus_core.ports.whatsapp import OutgoingMessage, PhoneStatus, Template

# The sandbox business account's templates: (name, language, category, status, body parameters).
TEMPLATES: tuple[tuple[str, str, str, str, int], ...] = (
    ("order_ready", "es_MX", "UTILITY", "APPROVED", 0),
    ("payment_reminder", "es_MX", "UTILITY", "APPROVED", 2),
    ("hello_world", "en_US", "UTILITY", "APPROVED", 0),
    ("summer_sale", "es_MX", "MARKETING", "REJECTED", 0),
)


class SandboxWhatsAppClient:
    def __init__(self) -> None:
        self.sent: list[tuple[str, OutgoingMessage]] = []
        self._lock = threading.Lock()

    @staticmethod
    def _check(config: ProviderConfig) -> None:
        if not config.credentials.get("access_token"):
            raise PermanentDeliveryError("WhatsApp Cloud API (sandbox): HTTP 401: Invalid OAuth access token")

    def send(self, config: ProviderConfig, message: OutgoingMessage) -> str:
        self._check(config)
        if message.template is not None:
            found = next((t for t in TEMPLATES if t[0] == message.template and t[1] == message.language), None)
            if found is None or found[3] != "APPROVED":
                raise PermanentDeliveryError(
                    f"WhatsApp Cloud API (sandbox): HTTP 404: template {message.template} ({message.language}) "
                    "does not exist or is not approved"
                )
            if len(message.parameters) != found[4]:
                raise PermanentDeliveryError(
                    f"WhatsApp Cloud API (sandbox): HTTP 400: template {message.template} takes {found[4]} "
                    f"parameters, got {len(message.parameters)}"
                )
        wamid = "wamid.SANDBOX" + secrets.token_hex(12).upper()
        with self._lock:
            self.sent.append((wamid, message))
        return wamid

    def phone_status(self, config: ProviderConfig) -> PhoneStatus:
        self._check(config)
        return PhoneStatus(
            display_phone_number=f"+52 {config.credentials.get('phone_number_id', '')[-10:]}",
            verified_name="Sandbox",
            quality_rating="GREEN",
        )

    def templates(self, config: ProviderConfig) -> Sequence[Template]:
        self._check(config)
        return [Template(name, lang, category, status) for name, lang, category, status, _ in TEMPLATES]
