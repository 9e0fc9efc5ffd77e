"""The outside services a shop can connect, and what each needs to be configured (docs/integrations.md).

One registry for BNPL, ERP and messaging providers: ids are the seed's (``aplazo``, ``kueski``, ``clip``,
``aspel_sae``, ``contpaqi``, ``sap_b1``, ``odoo``, ``sat_contabilidad``, ``whatsapp_cloud``). The seed spells
APLAZO's id ``"ap lazo"`` once (a typo); it is accepted everywhere as an alias of ``aplazo``.

``config_needed`` are the credentials a provider cannot be enabled without (the seed's lists for BNPL);
``optional`` may be stored too (a BNPL provider's ``webhook_secret`` signs its webhooks).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

from nexus_core.errors import InvalidInput, NotFound

MAX_CREDENTIAL_LENGTH = 2000


class ProviderKind(enum.StrEnum):
    BNPL = "bnpl"
    ERP = "erp"
    MESSAGING = "messaging"


@attrs.frozen
class ProviderSpec:
    id: str
    name: str
    kind: ProviderKind
    config_needed: tuple[str, ...]
    optional: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        return self.config_needed + self.optional


_WEBHOOK = ("webhook_secret",)

PROVIDERS: tuple[ProviderSpec, ...] = (
    ProviderSpec("aplazo", "APLAZO", ProviderKind.BNPL, ("api_key", "merchant_id"), _WEBHOOK),
    ProviderSpec("kueski", "Kueski Pay", ProviderKind.BNPL, ("api_key", "secret"), _WEBHOOK),
    ProviderSpec("clip", "Clip Pagos", ProviderKind.BNPL, ("api_key",), _WEBHOOK),
    ProviderSpec("aspel_sae", "Aspel SAE", ProviderKind.ERP, (), ("company_number",)),
    ProviderSpec("contpaqi", "CONTPAQi", ProviderKind.ERP, (), ("company_name",)),
    ProviderSpec("sap_b1", "SAP Business One", ProviderKind.ERP, ("base_url", "company_db", "username", "password")),
    ProviderSpec("odoo", "Odoo", ProviderKind.ERP, ("url", "database", "username", "api_key")),
    ProviderSpec("sat_contabilidad", "SAT Contabilidad electronica 1.3", ProviderKind.ERP, ("rfc",)),
    ProviderSpec(
        "whatsapp_cloud",
        "WhatsApp Cloud API (Meta)",
        ProviderKind.MESSAGING,
        ("access_token", "phone_number_id", "business_account_id", "app_secret", "verify_token"),
    ),
)

ALIASES: Mapping[str, str] = {"ap lazo": "aplazo"}
_BY_ID: Mapping[str, ProviderSpec] = {p.id: p for p in PROVIDERS}


def canonical_id(provider_id: object) -> str | None:
    """The registry id of ``provider_id`` (aliases resolved), or ``None`` when it names no provider."""
    if not isinstance(provider_id, str):
        return None
    key = provider_id.strip().lower()
    key = ALIASES.get(key, key)
    return key if key in _BY_ID else None


def provider(provider_id: object, *, kind: ProviderKind | None = None, field: str = "provider") -> ProviderSpec:
    """The provider named ``provider_id`` (of ``kind`` when given), else :class:`NotFound` naming it."""
    key = canonical_id(provider_id)
    spec = None if key is None else _BY_ID[key]
    if spec is None or (kind is not None and spec.kind is not kind):
        what = f"{kind.value} provider" if kind is not None else "provider"
        raise NotFound(f"unknown {what} {provider_id!r}", field=field)
    return spec


def providers_of(kind: ProviderKind) -> tuple[ProviderSpec, ...]:
    return tuple(p for p in PROVIDERS if p.kind is kind)


def clean_credentials(spec: ProviderSpec, values: Mapping[str, object]) -> dict[str, str]:
    """``values`` checked against the provider's keys: unknown keys and non-text values are refused."""
    out: dict[str, str] = {}
    for name, value in values.items():
        if name not in spec.keys:
            allowed = ", ".join(spec.keys) or "none"
            raise InvalidInput(
                f"{spec.id} takes no credential {name!r} (allowed: {allowed})", field=f"credentials.{name}"
            )
        if not isinstance(value, str) or len(value) > MAX_CREDENTIAL_LENGTH:
            raise InvalidInput(
                f"credentials.{name} must be text of at most {MAX_CREDENTIAL_LENGTH} characters",
                field=f"credentials.{name}",
            )
        out[name] = value.strip()
    return out
