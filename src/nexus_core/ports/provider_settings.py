"""Per-tenant settings of the outside services a shop connects (BNPL, ERP, WhatsApp Cloud).

One port for every integration, so each use case asks the same question: is the provider enabled for
this tenant, and with which credentials? Credentials are stored encrypted at rest by the adapter and are
never echoed back by any endpoint.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import attrs


@attrs.frozen
class ProviderConfig:
    """A provider's settings for one tenant: ``provider_id`` is the seed's id (``"aplazo"``, ``"odoo"``...)."""

    provider_id: str
    enabled: bool
    credentials: Mapping[str, str] = attrs.field(factory=dict)

    def missing(self, needed: tuple[str, ...]) -> tuple[str, ...]:
        """The names in ``needed`` that have no non-empty credential."""
        return tuple(name for name in needed if not self.credentials.get(name))


class ProviderSettingsRepository(Protocol):
    """Reached as ``uow.provider_settings``."""

    def get(self, provider_id: str) -> ProviderConfig | None:
        """The tenant's settings for the provider, decrypted, or ``None`` when never configured."""
        ...

    def save(self, config: ProviderConfig) -> None:
        """Create or replace the tenant's settings for ``config.provider_id``."""
        ...

    def list(self) -> list[ProviderConfig]: ...
