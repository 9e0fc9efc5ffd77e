"""BNPL (buy now, pay later) financing of sales: APLAZO, Kueski Pay, Clip (docs/integrations.md#bnpl)."""

from __future__ import annotations

from typing import Any

import attrs

from nexus_core.domain.providers import ProviderKind
from nexus_core.services import providers
from nexus_http.endpoints import Call, RouteTable

routes = RouteTable("bnpl")

B = "/pos/api/bnpl"


@attrs.frozen
class BnplProviderOut:
    id: str
    name: str
    enabled: bool
    config_needed: list[str]


@attrs.frozen
class BnplProviderList:
    providers: list[BnplProviderOut]


@routes.get(
    f"{B}/providers",
    summary="The BNPL providers and whether the shop has enabled each (the seed's shape)",
    permission="pos.view",
    response=BnplProviderList,
    example={
        "providers": [
            {"id": "aplazo", "name": "APLAZO", "enabled": False, "config_needed": ["api_key", "merchant_id"]},
            {"id": "kueski", "name": "Kueski Pay", "enabled": False, "config_needed": ["api_key", "secret"]},
            {"id": "clip", "name": "Clip Pagos", "enabled": False, "config_needed": ["api_key"]},
        ]
    },
)
def list_bnpl_providers(call: Call) -> dict[str, Any]:
    views = call.run(providers.list_providers, providers.ListProviders(call.actor, ProviderKind.BNPL))
    return {
        "providers": [
            {"id": v.spec.id, "name": v.spec.name, "enabled": v.enabled, "config_needed": list(v.spec.config_needed)}
            for v in views
        ]
    }
