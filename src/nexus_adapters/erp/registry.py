"""The exporters by provider id (implements :class:`nexus_core.ports.erp.ErpExporters`)."""

from __future__ import annotations

import httpx

from nexus_adapters.erp.files import AspelSaeExporter, ContpaqiExporter
from nexus_adapters.erp.odoo import OdooExporter
from nexus_adapters.erp.sap_b1 import SapB1Exporter
from nexus_adapters.erp.sat_ce import SatContabilidadExporter
from nexus_core.ports.erp import ErpExporter


class ErpExporterRegistry:
    """``transport`` replaces the network for the API clients (tests pass an ``httpx.MockTransport``)."""

    def __init__(self, transport: httpx.BaseTransport | None = None) -> None:
        self._exporters: dict[str, ErpExporter] = {
            "contpaqi": ContpaqiExporter(),
            "aspel_sae": AspelSaeExporter(),
            "sat_contabilidad": SatContabilidadExporter(),
            "odoo": OdooExporter(transport),
            "sap_b1": SapB1Exporter(transport),
        }

    def for_provider(self, provider_id: str) -> ErpExporter:
        return self._exporters[provider_id]
