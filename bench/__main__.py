"""`make bench`: run the benchmarks and print their figures (they never pass or fail).

Choose a subset with arguments or ``NEXUS_BENCH`` (space-separated), e.g. ``make bench BENCH="sqlite json"``
or ``python -m bench pg2``; seconds per HTTP measurement with ``NEXUS_BENCH_SECONDS`` (default 3).

  json     JSON encoders on Nexus's typical answers (docs/adr/0011-fast-json.md)
  sqlite   HTTP: health, auth/me, trial balance and posting vs the bare ceiling, SQLite, 1 worker
  pg1      the same on PostgreSQL (pgserver), 1 worker
  pg2      the same on PostgreSQL, 2 workers
  ledger   ledger reports over 1,000,000 journal lines (SQLite and PostgreSQL; the slow one)
  dashboard  GET /dashboard/stats with 1,000,000 sales of history vs 1,000 (NEXUS_BENCH_DASHBOARD_SALES)
  inventory  item search and inventory reports at 10k and 100k items, items?q= over HTTP, CSV import
  invoicing  a sale, its CFDI (build + seal + XSD) and the stamping queue with the sandbox PAC
  catalog  parts catalog: import rate and peak RSS, parts by mye+group and search, small vs large, over HTTP
  sales    POST /pos/api/sales over HTTP vs the stdlib sqlite3 transaction; Z cut at 10,000 vs 100 sales
  parcels  POST /api/pedidos/multiple with 1k and 10k orders vs one by one, orders import, peak RSS
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from bench import (
    catalog,
    dashboard,
    http_stack,
    inventory,
    invoicing,
    json_encoders,
    ledger_reports,
    parcels,
    sales,
)


def _http(name: str) -> Callable[[], None]:
    return lambda: http_stack.run([name])


BENCHMARKS: dict[str, tuple[str, Callable[[], None]]] = {
    "json": ("JSON encoders on typical answers (us per answer, best of 5)", json_encoders.run),
    "sqlite": ("HTTP vs the bare ceiling: SQLite, 1 worker", _http("sqlite")),
    "pg1": ("HTTP vs the bare ceiling: PostgreSQL, 1 worker", _http("pg1")),
    "pg2": ("HTTP vs the bare ceiling: PostgreSQL, 2 workers", _http("pg2")),
    "ledger": ("ledger reports over 1,000,000 journal lines", ledger_reports.run),
    "dashboard": ("GET /dashboard/stats: 1,000,000 sales of history vs 1,000", dashboard.run),
    "inventory": ("inventory search, reports and import at catalog scale", inventory.run),
    "invoicing": ("a sale, its CFDI and the stamping queue (ms per document)", invoicing.run),
    "catalog": ("parts catalog: import, parts by vehicle and search, small vs large demo base", catalog.run),
    "sales": ("the counter: POST /pos/api/sales vs stdlib sqlite3; Z cut at 10,000 vs 100 sales", sales.run),
    "parcels": ("parcels bulk orders: 1k and 10k per request vs one by one, CLI import, server memory", parcels.run),
}


def main(argv: list[str]) -> None:
    chosen = argv or os.environ.get("NEXUS_BENCH", "").split() or list(BENCHMARKS)
    unknown = [name for name in chosen if name not in BENCHMARKS]
    if unknown:
        sys.exit(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    for name in chosen:
        title, run = BENCHMARKS[name]
        print(f"== {title}", flush=True)
        run()


if __name__ == "__main__":
    main(sys.argv[1:])
