"""``GET /pos/api/dashboard/stats`` with 1,000,000 sales of history vs 1,000, in the same run (SQLite,
and PostgreSQL with ``NEXUS_BENCH_DASHBOARD_PG=1``). Target: the large shop costs at most 2x the small one.

Two tenants in one database: the small one with ``SMALL`` sales, the large one with
``NEXUS_BENCH_DASHBOARD_SALES`` (default 1,000,000) spread over the three years ending today. The
generator writes ``sales`` and ``sale_lines`` straight through the driver's bulk path, and the aggregate
buckets it computed on the way, exactly what ``create_sale`` maintains. The request goes through the real
app (Starlette TestClient), PIN-authenticated. Prints figures, asserts nothing.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, text
from starlette.testclient import TestClient

from bench.databases import postgres_database, sqlite_database
from bench.ledger_reports import _bulk
from nexus_adapters.bootstrap import build_services
from nexus_core.services.authz import Actor
from nexus_core.services.items import CreateItem, create_item
from nexus_core.services.tenants import CreateTenant, create_tenant
from nexus_http import create_app

SMALL = 1_000
DAYS = 3 * 365
ITEMS = 200
CHUNK = 50_000
RUNS = 21
ZONE = ZoneInfo("America/Mexico_City")


def _shop(nexus: Any, name: str, pin: str) -> tuple[int, int, list[int]]:
    created = nexus.run_platform(create_tenant, CreateTenant(name=name, owner_name="Ana", owner_pin=pin))
    tid = created.tenant_id
    op = Actor.operator(tid)
    items = [
        nexus.run(
            tid, create_item, CreateItem(op, {"name": f"Parte {i}", "branch_id": created.branch_id, "price_1": "100"})
        ).id
        for i in range(ITEMS)
    ]
    return tid, created.branch_id, items


def generate(engine: Engine, tenant_id: int, branch_id: int, employee_id: int, items: list[int], count: int) -> None:
    """``count`` card sales of one line each over the :data:`DAYS` days ending today, with their buckets."""
    rng = random.Random(tenant_id)
    sqlite = engine.dialect.name == "sqlite"
    today = datetime.now(ZONE).date()
    hours: dict[tuple[date, int], list[int]] = {}
    by_item: dict[tuple[date, int], list[int]] = {}
    sales: list[tuple[Any, ...]] = []
    lines: list[tuple[Any, ...]] = []
    with engine.begin() as conn:
        first = 1 + int(conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM sales")).scalar_one())
        for n in range(count):
            sale_id = first + n
            day = today - timedelta(days=(n * DAYS) // count)
            hour = rng.randrange(8, 21)
            local = datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=ZONE)
            at = local.astimezone(UTC)
            item = rng.choice(items)
            qty = rng.randrange(1, 4)
            subtotal = 10_000 * qty
            tax = subtotal * 16 // 100
            total = subtotal + tax
            sales.append(
                (
                    *(sale_id, tenant_id, f"V-{n + 1:07d}", branch_id, employee_id, "tarjeta"),
                    *(total, 0, 0, 0, subtotal, tax, total, 0),
                    day.isoformat() if sqlite else day,
                    at.replace(tzinfo=None).isoformat(sep=" ") if sqlite else at,
                    "completed",
                )
            )
            lines.append(
                (tenant_id, sale_id, 0, item, qty * 1000, 0, 1600, False, 10_000, subtotal, 0, subtotal, tax, total, 0)
            )
            bucket = hours.setdefault((day, hour), [0, 0])
            bucket[0] += 1
            bucket[1] += total
            sold = by_item.setdefault((day, item), [0, 0])
            sold[0] += qty * 1000
            sold[1] += total
            if len(sales) == CHUNK:
                _flush(conn, sales, lines)
        _flush(conn, sales, lines)
        d = (lambda x: x.isoformat()) if sqlite else (lambda x: x)
        _bulk(
            conn,
            "sales_hour_stats",
            "tenant_id, day, hour, branch_id, employee_id, sales_count, sales_total",
            [(tenant_id, d(dy), h, branch_id, employee_id, c, t) for (dy, h), (c, t) in hours.items()],
        )
        _bulk(
            conn,
            "sales_item_stats",
            "tenant_id, day, branch_id, item_id, quantity, total",
            [(tenant_id, d(dy), branch_id, i, q, t) for (dy, i), (q, t) in by_item.items()],
        )
        by_month: dict[tuple[date, int], list[int]] = {}
        for (dy, i), (q, t) in by_item.items():
            sold = by_month.setdefault((dy.replace(day=1), i), [0, 0])
            sold[0] += q
            sold[1] += t
        _bulk(
            conn,
            "sales_item_month_stats",
            "tenant_id, month, branch_id, item_id, quantity, total",
            [(tenant_id, d(m), branch_id, i, q, t) for (m, i), (q, t) in by_month.items()],
        )
        if not sqlite:
            conn.execute(text("SELECT setval('sales_id_seq', (SELECT MAX(id) FROM sales))"))
    if not sqlite:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))


def _flush(conn: Any, sales: list[tuple[Any, ...]], lines: list[tuple[Any, ...]]) -> None:
    _bulk(
        conn,
        "sales",
        "id, tenant_id, folio, branch_id, employee_id, payment_method, amount_paid, cash_received, change_amount, "
        "on_account, subtotal, tax, total, discount, business_date, created_at, status",
        sales,
    )
    _bulk(
        conn,
        "sale_lines",
        "tenant_id, sale_id, line_no, item_id, quantity, discount_pct, tax_rate, tax_exempt, unit_price, gross, "
        "discount, subtotal, tax, total, cost",
        lines,
    )
    sales.clear()
    lines.clear()


def _median_ms(client: TestClient, headers: dict[str, str]) -> float:
    client.get("/pos/api/dashboard/stats", headers=headers)  # warm-up
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        r = client.get("/pos/api/dashboard/stats", headers=headers)
        times.append((time.perf_counter() - start) * 1000)
        assert r.status_code == 200, r.text
    return statistics.median(times)


def bench(label: str, url: str, large: int) -> None:
    nexus = build_services(url, upgrade=True)
    engine = nexus.uows.engine  # type: ignore[attr-defined]
    shops = {"small": (SMALL, "1111"), "large": (large, "2222")}
    headers: dict[str, dict[str, str]] = {}
    with TestClient(create_app(nexus, metrics=False)) as client:
        for name, (count, pin) in shops.items():
            tid, branch, items = _shop(nexus, f"Bench {name}", pin)
            start = time.perf_counter()
            generate(engine, tid, branch, _owner(engine, tid), items, count)
            print(f"{label}: {count:,} sales of history for the {name} shop in {time.perf_counter() - start:.1f} s")
            login = client.post("/pos/api/auth/login", json={"tenant_id": tid, "pin": pin, "device_id": "bench"})
            headers[name] = {"Authorization": f"Bearer {login.json()['token']}"}
        small, big = (_median_ms(client, headers[n]) for n in ("small", "large"))
        today = client.get("/pos/api/dashboard/stats", headers=headers["large"]).json()["month"]["sales_count"]
    ratio = big / small
    verdict = "ok" if ratio <= 2 else "OVER TARGET"
    print(f"  GET /dashboard/stats, {SMALL:,} sales     {small:8.2f} ms (median of {RUNS})")
    print(f"  GET /dashboard/stats, {large:,} sales {big:8.2f} ms ({ratio:.2f}x, {verdict}, target <= 2x)")
    print(f"  (the large shop's month so far: {today:,} sales)")
    engine.dispose()


def _owner(engine: Engine, tenant_id: int) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(text("SELECT MIN(id) FROM employees WHERE tenant_id = :t"), {"t": tenant_id}).scalar_one()
        )


def run() -> None:
    large = int(os.environ.get("NEXUS_BENCH_DASHBOARD_SALES", "1000000"))
    with sqlite_database() as url:
        bench("SQLite", url, large)
    if os.environ.get("NEXUS_BENCH_DASHBOARD_PG") == "1":
        with postgres_database() as url:
            bench("PostgreSQL", url, large)


if __name__ == "__main__":
    run()
