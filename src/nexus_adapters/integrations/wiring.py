"""Which adapter serves each provider, and the outbox topics built on them (selected by
``NEXUS_INTEGRATIONS_MODE``: ``sandbox``, the default, or ``live``)."""

from __future__ import annotations

from nexus_adapters.integrations.settings import IntegrationSettings
from nexus_core.services.outbox import Topic
from nexus_core.services.runner import Nexus


def outbox_topics(nexus: Nexus, settings: IntegrationSettings) -> dict[str, Topic]:
    """Every topic the worker delivers, by name."""
    topics: list[Topic] = []
    return {t.name: t for t in topics}
