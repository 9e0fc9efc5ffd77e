"""One module per area of the API (docs/api.md); each exposes ``routes``, a
:class:`~nexus_http.endpoints.RouteTable`."""

from __future__ import annotations

from nexus_http.endpoints import Endpoint, RouteTable
from nexus_http.routes import (
    accounting_chart,
    accounting_journal,
    accounting_periods,
    accounting_reports,
    auth,
    bnpl,
    bnpl_applications,
    business_settings,
    catalog,
    config,
    customers,
    dashboard,
    devices,
    employees,
    erp,
    health,
    integrations,
    inventory_items,
    inventory_reports,
    inventory_stock,
    invoicing,
    invoicing_complements,
    layaways,
    parcels_auth,
    parcels_geo,
    parcels_orders,
    parcels_products,
    quotations,
    register,
    returns,
    sales,
    selling_lists,
    supplier_portal,
    whatsapp_cloud,
)

TABLES: tuple[RouteTable, ...] = (
    health.routes,
    auth.routes,
    config.routes,
    employees.routes,
    devices.routes,
    business_settings.routes,
    accounting_chart.routes,
    accounting_journal.routes,
    accounting_reports.routes,
    accounting_periods.routes,
    inventory_items.routes,
    inventory_stock.routes,
    inventory_reports.routes,
    parcels_auth.routes,
    parcels_geo.routes,
    parcels_products.routes,
    parcels_orders.routes,
    register.routes,
    sales.routes,
    quotations.routes,
    layaways.routes,
    integrations.routes,
    bnpl.routes,
    bnpl_applications.routes,
    whatsapp_cloud.routes,
    customers.routes,
    dashboard.routes,
    supplier_portal.routes,
    erp.routes,
    invoicing.routes,
    invoicing_complements.routes,
    catalog.routes,
    returns.routes,
    selling_lists.routes,
)


def all_endpoints() -> list[Endpoint]:
    endpoints = [e for table in TABLES for e in table.endpoints]
    seen: set[tuple[str, str]] = set()
    for e in endpoints:
        assert (e.method, e.path) not in seen, f"duplicate route {e.method} {e.path}"
        seen.add((e.method, e.path))
    return endpoints
