"""Invoicing next to selling, on SQLite: the sale, then build + seal (XSD-validated) its invoice, then the
queue's throughput with the sandbox PAC. Each figure is per document, measured in the same run.

``NEXUS_BENCH_SECONDS`` (default 3) bounds the selling phase; invoicing and stamping then cover what was sold.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from nexus_adapters import bootstrap
from nexus_adapters.cfdi.selfsigned import make_csd
from nexus_core.services.authz import Actor
from nexus_core.services.invoicing import CreateInvoice, ReceptorInput, create_invoice
from nexus_core.services.invoicing_csd import SetCsd, set_csd
from nexus_core.services.invoicing_queue import process_queue
from nexus_core.services.items import CreateItem, create_item
from nexus_core.services.sales import CreateSale, SaleLineInput, create_sale
from nexus_core.services.tenants import CreateTenant, create_tenant
from nexus_core.testing.builders import login

RFC = "EKU9003173C9"
WORKSHOP = ReceptorInput("CACX7605101P8", "Xochilt Casas", "612", "36257")


def run() -> None:
    seconds = float(os.environ.get("NEXUS_BENCH_SECONDS", "3"))
    os.environ.setdefault("NEXUS_CSD_KEY", "bench")
    with tempfile.TemporaryDirectory() as tmp:
        nexus = bootstrap.build_services(f"sqlite:///{Path(tmp) / 'bench.db'}", upgrade=True)
        tenant = nexus.run_platform(
            create_tenant, CreateTenant(name="Bench", owner_name="Ana", owner_pin="4321", rfc=RFC)
        ).tenant_id
        _, owner = login(nexus, tenant, "4321")
        cer, key = make_csd(RFC, "ESCUELA KEMPER URGATE")
        nexus.run(tenant, set_csd, SetCsd(Actor.operator(tenant), cer, key, b"12345678a", "601", "42501", "F"))
        items = [
            nexus.run(
                tenant, create_item, CreateItem(owner, {"name": f"Parte {i}", "branch_id": 1}, initial_stock=10**5)
            ).id
            for i in range(3)
        ]
        lines = [SaleLineInput(items[0], "2", "350.00"), SaleLineInput(items[1], "1", "99.90", discount_pct="5")]
        lines.append(SaleLineInput(items[2], "3", "12.50", tax_rate="0.08"))
        sales, start = [], time.perf_counter()
        while time.perf_counter() - start < seconds:
            sales.append(nexus.run(tenant, create_sale, CreateSale(owner, lines, "tarjeta")).id)
        sell = (time.perf_counter() - start) / len(sales)
        start = time.perf_counter()
        for sale_id in sales:
            nexus.run(tenant, create_invoice, CreateInvoice(owner, sale_id, receptor=WORKSHOP))
        build = (time.perf_counter() - start) / len(sales)
        start, stamped = time.perf_counter(), 0
        while stamped < len(sales):
            stamped += len(process_queue(nexus, tenant, owner, 200).outcomes)
        stamp = (time.perf_counter() - start) / len(sales)
    print(f"  {len(sales)} sales of 3 lines, then their invoices (SQLite, 1 process)")
    print(f"  sale                        {sell * 1000:8.2f} ms")
    print(f"  invoice: build+seal+XSD     {build * 1000:8.2f} ms  ({build / sell:.1f}x a sale)")
    print(f"  queue: stamp (sandbox PAC)  {stamp * 1000:8.2f} ms  ({1 / stamp:.0f} CFDI/s)")
