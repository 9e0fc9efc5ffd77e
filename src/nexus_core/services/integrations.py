"""What the entry points need of the integrations: the outbox topics and the clients used on request."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from nexus_core.ports.bnpl import BnplProvider
from nexus_core.ports.whatsapp import WhatsAppClient
from nexus_core.services.outbox import Topic


@attrs.frozen
class Integrations:
    topics: Mapping[str, Topic]
    whatsapp: WhatsAppClient
    bnpl: Mapping[str, BnplProvider] = attrs.field(factory=dict)  # by provider id
