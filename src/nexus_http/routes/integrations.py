"""Provider settings of the caller's tenant (docs/integrations.md): list, and configure (owner only).

Credentials go in and never come out: answers name the keys that are set (``configured``), not values.
"""

from __future__ import annotations

from typing import Any

import attrs

from nexus_core.services import providers
from nexus_http.endpoints import Call, RouteTable

routes = RouteTable("integrations")

P = "/pos/api/integrations/providers"


@attrs.frozen
class ProviderIn:
    enabled: bool | None = None
    credentials: dict[str, str] = attrs.field(factory=dict)


@attrs.frozen
class ProviderOut:
    id: str
    name: str
    kind: str
    enabled: bool
    config_needed: list[str]
    configured: list[str]
    missing: list[str]


@attrs.frozen
class ProviderList:
    providers: list[ProviderOut]


def provider_json(v: providers.ProviderView) -> dict[str, Any]:
    return {
        "id": v.spec.id,
        "name": v.spec.name,
        "kind": v.spec.kind.value,
        "enabled": v.enabled,
        "config_needed": list(v.spec.config_needed),
        "configured": list(v.configured),
        "missing": list(v.missing),
    }


_EXAMPLE = {
    "id": "aplazo",
    "name": "APLAZO",
    "kind": "bnpl",
    "enabled": True,
    "config_needed": ["api_key", "merchant_id"],
    "configured": ["api_key", "merchant_id", "webhook_secret"],
    "missing": [],
}


@routes.get(
    P,
    summary="Every provider (BNPL, ERP, WhatsApp) with its state for the shop; credentials are never shown",
    permission="config.view",
    response=ProviderList,
    example={
        "providers": [
            _EXAMPLE,
            {
                "id": "aspel_sae",
                "name": "Aspel SAE",
                "kind": "erp",
                "enabled": False,
                "config_needed": [],
                "configured": [],
                "missing": [],
            },
        ]
    },
)
def list_providers(call: Call) -> dict[str, Any]:
    views = call.run(providers.list_providers, providers.ListProviders(call.actor))
    return {"providers": [provider_json(v) for v in views]}


@routes.put(
    P + "/{provider_id}",
    summary="Configure a provider: credentials (merged, an empty value removes one) and enabled; owner only",
    permission="config.edit",
    body=ProviderIn,
    response=ProviderOut,
    errors=(400, 403, 404),
    example=_EXAMPLE,
)
def configure_provider(call: Call) -> dict[str, Any]:
    body: ProviderIn = call.body
    cmd = providers.ConfigureProvider(
        actor=call.actor,
        provider_id=call.path_params.get("provider_id", ""),
        credentials=dict(body.credentials),
        enabled=body.enabled,
    )
    return provider_json(call.run(providers.configure_provider, cmd))
