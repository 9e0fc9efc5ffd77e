"""Inventory at catalog scale (SQLite): search and reports at 10,000 and 100,000 items, the item
search over HTTP against health, and the CSV import's rate and peak memory.

A generator fills each database with bulk inserts (items x 3 branches, 10 movements per item:
1,000,000 at 100,000 items), then the use cases are timed in process (p50/p95 over repeated calls).
``NEXUS_BENCH_INVENTORY_1M=1`` adds the import of 1,000,000 rows (its peak memory; minutes).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.databases import sqlite_database
from bench.http_load import generator_name, measure
from bench.server import NEXUS, running_server
from nexus_adapters.bootstrap import build_services
from nexus_adapters.persistence import inventory_abc
from nexus_adapters.persistence.engine import make_engine
from nexus_adapters.persistence.stock_rollup import rebuild
from nexus_core.domain.items import ean13, part_number_key
from nexus_core.services import inventory_lists as L
from nexus_core.services import inventory_reports as R
from nexus_core.services.authz import Actor
from nexus_core.services.config import CreateBranch, create_branch
from nexus_core.services.runner import Nexus
from nexus_core.testing.builders import create_shop

SIZES = (10_000, 100_000)
MOVES_PER_ITEM = 10
NOUNS = [
    "Pastillas",
    "Disco",
    "Filtro",
    "Balata",
    "Amortiguador",
    "Bujia",
    "Banda",
    "Bomba",
    "Sensor",
    "Radiador",
    "Termostato",
    "Rotula",
    "Horquilla",
]
PARTS = [
    "freno",
    "aceite",
    "aire",
    "gasolina",
    "agua",
    "direccion",
    "suspension",
    "encendido",
    "tiempo",
    "clutch",
    "embrague",
    "motor",
]
MAKES = [
    "Toyota",
    "Nissan",
    "Ford",
    "Chevrolet",
    "Volkswagen",
    "Honda",
    "Mazda",
    "Kia",
    "Hyundai",
    "Dodge",
    "Jeep",
    "Renault",
    "Seat",
    "Mitsubishi",
]
POSITIONS = ["delantero", "trasero", "izquierdo", "derecho", "superior", "inferior"]
TODAY = date.today()  # movements fall in the last 180 days, whatever the day the bench runs
PEPPER = "bench-pepper-" * 4  # as bench.server gives the served app


def _name(i: int) -> str:
    r = random.Random(i)
    # The last word ("modelo" code) is shared by ten items at any catalog size: a selective word.
    return f"{r.choice(NOUNS)} {r.choice(PARTS)} {r.choice(POSITIONS)} {r.choice(MAKES)} Z{i // 10}"


def generate(url: str, n: int) -> tuple[Nexus, int]:
    """A shop with ``n`` items in 3 branches and ``n * 10`` movements over the last 180 days, written
    with the driver's ``executemany`` in the tables' storage units (cents, thousandths)."""
    os.environ["NEXUS_PIN_PEPPER"] = PEPPER  # the served app must verify the owner's PIN
    nexus = build_services(url, upgrade=True)
    shop = create_shop(nexus)
    op = Actor.operator(shop.tenant_id)
    branches = [shop.branch_id] + [
        nexus.run(shop.tenant_id, create_branch, CreateBranch(actor=op, name=f"Sucursal {k}")) for k in (2, 3)
    ]
    tid = shop.tenant_id
    t0 = time.perf_counter()
    engine = make_engine(url)
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("BEGIN")  # the engine's driver connections leave transactions to explicit BEGINs
        cur.executemany(_ITEM_SQL, (_item_row(tid, branches[0], i) for i in range(1, n + 1)))
        cur.executemany(
            "INSERT INTO stock_balances (tenant_id, item_id, branch_id, on_hand, reserved) VALUES (?, ?, ?, ?, 0)",
            ((tid, i, b, ((i * 7 + k) % 40) * 1000) for i in range(1, n + 1) for k, b in enumerate(branches)),
        )
        cur.executemany(_MOVE_SQL, (_movement(tid, branches, m, n) for m in range(n * MOVES_PER_ITEM)))
        cur.execute("COMMIT")
    finally:
        raw.close()
    try:  # the bulk load bypassed the engine: the reports' maintained state is rebuilt (ADR 34)
        with engine.begin() as conn:
            rebuild(conn, tid)
    finally:
        engine.dispose()
    print(f"  generated {n:,} items x 3 branches, {n * MOVES_PER_ITEM:,} movements in {time.perf_counter() - t0:.1f} s")
    return nexus, tid


_ITEM_SQL = (
    "INSERT INTO items (id, tenant_id, part_number, part_number_key, barcode, name, branch_id, brand, unit, cost, "
    "stock_value, price_1, price_2, price_3, tax_rate, min_stock, max_stock, is_active, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PZA', ?, ?, ?, ?, ?, 1600, ?, 60000, 1, ?, ?)"
)
_MOVE_SQL = (
    "INSERT INTO stock_movements (id, tenant_id, item_id, branch_id, kind, quantity, reserved_delta, value, "
    "unit_cost, reference, actor_name, at, business_date) VALUES (?, ?, ?, ?, ?, ?, 0, ?, 10000, ?, 'bench', ?, ?)"
)
_STAMP = "2026-04-01 16:00:00.000000"


def _item_row(tid: int, branch: int, i: int) -> tuple[Any, ...]:
    part = f"{10000 + i % 90000:05d}-{i:06d}"
    cost = random.Random(i).randint(500, 500_000)  # cents
    brand = MAKES[i % len(MAKES)]
    row = (i, tid, part, part_number_key(part), ean13(i), _name(i), branch, brand, cost, cost * 60)
    return (*row, cost * 2, cost * 2, cost * 2, (i % 12) * 1000, _STAMP, _STAMP)


def _movement(tid: int, branches: list[int], m: int, n: int) -> tuple[Any, ...]:
    sale = m % 3 != 0
    qty = -(m % 3 + 1) * 1000 if sale else 10_000  # thousandths
    day = (TODAY - timedelta(days=(m * 7919) % 180)).isoformat()
    kind = "sale" if sale else "purchase"
    return (m + 1, tid, m % n + 1, branches[m % 3], kind, qty, qty * 10, f"B-{m}", _STAMP, day)


def _timed(call: Callable[[int], object], repeat: int) -> tuple[float, float]:
    times = []
    for k in range(repeat):
        t0 = time.perf_counter()
        call(k)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.95))]


def measure_use_cases(nexus: Nexus, tid: int, n: int) -> dict[str, tuple[float, float]]:
    op = Actor.operator(tid)

    def search(q: Callable[[int], str]) -> Callable[[int], object]:
        return lambda k: nexus.run(tid, L.list_items, L.ListItems(op, q(k)))

    def report(handler: Any, cmd: Any) -> Callable[[int], object]:
        return lambda k: nexus.run(tid, handler, cmd)

    def first_abc(_: int) -> object:  # the first request of the day: nothing kept yet
        inventory_abc.CACHE.clear()
        return nexus.run(tid, R.abc_report, R.ReportQuery(op, days=90))

    picks = random.Random(1)
    ids = [picks.randint(1, n) for _ in range(200)]
    cases: dict[str, tuple[Callable[[int], object], int]] = {
        "search: selective word (10 hits)": (search(lambda k: f"z{ids[k] // 10}"), 200),
        "search: two common words": (search(lambda k: "freno delantero"), 50),
        "search: part number typed without dash": (search(lambda k: f"{10000 + ids[k] % 90000:05d}{ids[k]:06d}"), 200),
        "search: barcode": (search(lambda k: ean13(ids[k])), 200),
        "alerts": (report(R.inventory_alerts, R.GetAlerts(op)), 20),
        "report: valuation": (report(R.valuation_report, R.ReportQuery(op)), 20),
        "report: abc, first request of the day": (first_abc, 3),
        "report: abc (90 days), following requests": (report(R.abc_report, R.ReportQuery(op, days=90)), 20),
        "report: no-movement (60 days)": (report(R.no_movement_report, R.ReportQuery(op, days=60)), 20),
        "report: low-stock": (report(R.low_stock_report, R.ReportQuery(op)), 20),
        "report: branch-comparison": (report(R.branch_comparison, R.CompareBranches(op)), 20),
    }
    return {label: _timed(call, repeat) for label, (call, repeat) in cases.items()}


def _csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write("part_number,name,brand,cost,price_1,min_stock,initial_stock\n")
        for i in range(1, rows + 1):
            f.write(f"P-{i:07d},{_name(i)},{MAKES[i % len(MAKES)]},{i % 900 + 10}.50,{i % 900 + 30}.00,2,{i % 5}\n")


_PEAK = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def measure_import(rows: int) -> tuple[float, float]:
    """Rows per second and peak RSS (MB) of ``nexus items import`` of ``rows`` rows into a fresh database."""
    with tempfile.TemporaryDirectory(prefix="nexus-bench-import-") as tmp:
        cwd = Path(tmp)
        env = {**os.environ, "NEXUS_DATABASE_URL": f"sqlite:///{cwd / 'nexus.db'}", "NEXUS_PIN_PEPPER": "p" * 32}
        subprocess.run([NEXUS, "db", "upgrade"], env=env, cwd=cwd, check=True, capture_output=True)
        create = [NEXUS, "tenants", "create", "--name", "Import", "--owner-name", "A", "--owner-pin", "4321"]
        subprocess.run(create, env=env, cwd=cwd, check=True, capture_output=True)
        path = cwd / "items.csv"
        _csv(path, rows)
        t0 = time.perf_counter()
        args = [sys.executable, "-c", _PEAK, NEXUS, "items", "import", str(path), "--tenant-id", "1"]
        done = subprocess.run(args, env=env, cwd=cwd, check=True, capture_output=True, text=True)
        seconds = time.perf_counter() - t0
        return rows / seconds, int(done.stdout.strip()) / 1024


def run() -> None:
    figures: dict[int, dict[str, tuple[float, float]]] = {}
    http: tuple[Any, Any] | None = None
    for n in SIZES:
        print(f"-- {n:,} items (SQLite)", flush=True)
        with sqlite_database() as url:
            nexus, tid = generate(url, n)
            figures[n] = measure_use_cases(nexus, tid, n)
            if n == SIZES[-1]:
                with running_server(url) as server:
                    token = server.pos_token(tid, "1234")
                    health = measure(server.base, "GET", "/pos/health")
                    found = measure(server.base, "GET", "/pos/api/inventory/items?q=z4242", token=token)
                http = (health, found)
    small, big = figures[SIZES[0]], figures[SIZES[-1]]
    print(f"  {'use case (ms, in process)':<42} {'10k p50':>9} {'10k p95':>9} {'100k p50':>9} {'100k p95':>9}  ratio")
    for label in small:
        (a50, a95), (b50, b95) = small[label], big[label]
        print(f"  {label:<42} {a50:9.2f} {a95:9.2f} {b50:9.2f} {b95:9.2f}  {b50 / max(a50, 1e-9):5.1f}x")
    if http is not None:
        health, found = http
        print(f"-- HTTP at 100k items (load: {generator_name()})")
        print(health.row("GET /pos/health"))
        print(found.row("GET /pos/api/inventory/items?q=z4242"))
        print(f"  items?q= / health = {found.rps / max(health.rps, 1e-9):.2f} (target >= 0.3)")
    print("-- nexus items import (SQLite)", flush=True)
    sizes = [100_000] + ([1_000_000] if os.environ.get("NEXUS_BENCH_INVENTORY_1M") == "1" else [])
    for rows in sizes:
        rate, peak = measure_import(rows)
        print(f"  {rows:>9,} rows: {rate:8.0f} rows/s, peak RSS {peak:6.0f} MB (target < 300 MB)")
    if len(sizes) == 1:
        print("  (NEXUS_BENCH_INVENTORY_1M=1 adds the 1,000,000-row import)")
