"""Which adapter serves each provider, and the outbox topics built on them (selected by
``NEXUS_INTEGRATIONS_MODE``: ``sandbox``, the default, or ``live``)."""

from __future__ import annotations

from nexus_adapters.integrations.bnpl_clients import AplazoClient, ClipClient, KueskiClient
from nexus_adapters.integrations.bnpl_sandbox import Emit, HttpWebhookEmitter, SandboxBnplProvider
from nexus_adapters.integrations.settings import IntegrationSettings
from nexus_adapters.integrations.whatsapp_graph import GraphWhatsAppClient
from nexus_adapters.integrations.whatsapp_sandbox import SandboxWhatsAppClient
from nexus_core.ports.bnpl import BnplProvider
from nexus_core.ports.whatsapp import WhatsAppClient
from nexus_core.services import bnpl, whatsapp
from nexus_core.services.integrations import Integrations
from nexus_core.services.outbox import Topic

BNPL_PROVIDERS = ("aplazo", "kueski", "clip")


def build_integrations(settings: IntegrationSettings, *, emit: Emit | None = None) -> Integrations:
    """The clients of ``settings.mode`` and every outbox topic on them. The BNPL sandboxes send their
    webhooks through ``emit`` (default: over HTTP to ``settings.public_url``), deciding by themselves
    ``settings.bnpl_sandbox_decision_seconds`` after each application when that is set."""
    client: WhatsAppClient
    clients: dict[str, BnplProvider]
    if settings.mode == "live":
        client = GraphWhatsAppClient(timeout=settings.timeout_seconds)
        kw = {"timeout": settings.timeout_seconds, "public_url": settings.public_url}
        clients = {"aplazo": AplazoClient(**kw), "kueski": KueskiClient(**kw), "clip": ClipClient(**kw)}
    else:
        client = SandboxWhatsAppClient()
        sender = emit or HttpWebhookEmitter(settings.public_url, settings.timeout_seconds)
        after = settings.bnpl_sandbox_decision_seconds
        clients = {p: SandboxBnplProvider(p, emit=sender, decide_after=after) for p in BNPL_PROVIDERS}
    topics: list[Topic] = [whatsapp.SendTopic(client), bnpl.CreateTopic(clients)]
    return Integrations(topics={t.name: t for t in topics}, whatsapp=client, bnpl=clients)
