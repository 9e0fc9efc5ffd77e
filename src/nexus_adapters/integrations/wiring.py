"""Which adapter serves each provider, and the outbox topics built on them (selected by
``NEXUS_INTEGRATIONS_MODE``: ``sandbox``, the default, or ``live``)."""

from __future__ import annotations

from nexus_adapters.integrations.settings import IntegrationSettings
from nexus_adapters.integrations.whatsapp_graph import GraphWhatsAppClient
from nexus_adapters.integrations.whatsapp_sandbox import SandboxWhatsAppClient
from nexus_core.ports.whatsapp import WhatsAppClient
from nexus_core.services import whatsapp
from nexus_core.services.integrations import Integrations
from nexus_core.services.outbox import Topic


def build_integrations(settings: IntegrationSettings) -> Integrations:
    """The clients of ``settings.mode`` and every outbox topic on them."""
    client: WhatsAppClient
    if settings.mode == "live":
        client = GraphWhatsAppClient(timeout=settings.timeout_seconds)
    else:
        client = SandboxWhatsAppClient()
    topics: list[Topic] = [whatsapp.SendTopic(client)]
    return Integrations(topics={t.name: t for t in topics}, whatsapp=client)
