"""Parcels bulk orders against a real ``nexus serve`` (docs/parcels.md#speed-of-the-bulk-endpoint):

* ``POST /api/pedidos/multiple`` with 1,000 and 10,000 orders of 2 lines (the 10k batch should cost
  at most 11x the 1k batch);
* the same kind of orders sent one by one to ``POST /api/pedidos/crear`` in the same run (the bulk
  endpoint's orders/s should be at least 5x that);
* the server's peak memory growth during the 10k batch (target < 200 MB);
* ``nexus orders import`` of a 10,000-order JSON file: orders/s and its peak RSS;

on SQLite and on PostgreSQL. ``NEXUS_BENCH_PARCELS_ONE_BY_ONE`` sets how many orders go one by one (500).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Callable

import httpx

from bench.databases import postgres_database, sqlite_database
from bench.server import NEXUS, Server, running_server

PRODUCTS = 50
SIZES = (1_000, 10_000)
_PEAK = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


class Courier:
    """A delivery business on a served Nexus: its token, geography and products."""

    def __init__(self, server: Server) -> None:
        self.server = server
        server.cli_json("tenants", "create", "--name", "Paqueteria Bench", "--owner-name", "A", "--owner-pin", "4321")
        self.user = server.cli_json(
            "users", "create", "--tenant-id", "1", "--email", "bench@x.example", "--password", "bench-pass"
        )
        self.client = httpx.Client(base_url=server.base, timeout=600)
        login = self.client.post("/api/auth/login", json={"email": "bench@x.example", "password": "bench-pass"})
        self.client.headers["Authorization"] = f"Bearer {login.json()['data']['token']}"
        self.pais = self._id("/api/geoinfo/paises", {"nombre": "Ecuador", "codigo_iso": "EC"})
        self.depto = self._id("/api/geoinfo/departamentos", {"nombre": "Pichincha", "id_pais": self.pais})
        self.muni = self._id("/api/geoinfo/municipios", {"nombre": "Quito", "id_departamento": self.depto})
        self.products = [
            self._id("/api/productos/crear", {"nombre": f"Producto {i}", "precio_usd": 10, "stock": 1_000_000})
            for i in range(PRODUCTS)
        ]
        self.next_number = 1

    def _id(self, path: str, body: dict[str, Any]) -> int:
        r = self.client.post(path, json=body)
        r.raise_for_status()
        return int(r.json()["data"]["id"])

    def orders(self, n: int) -> list[dict[str, Any]]:
        made = []
        for _ in range(n):
            k = self.next_number
            self.next_number += 1
            a, b = self.products[k % PRODUCTS], self.products[(k * 7 + 3) % PRODUCTS]
            made.append(
                {
                    "numero_orden": k,
                    "destinatario": f"Cliente {k}",
                    "telefono": "0999999999",
                    "productos": [{"producto_id": a, "cantidad": 1}, {"producto_id": b, "cantidad": 2}],
                    "coordenadas": f"-0.{k % 999999:06d},-78.467838",
                    "direccion": "Calle Falsa 123",
                    "id_pais": self.pais,
                    "id_departamento": self.depto,
                    "id_municipio": self.muni,
                }
            )
        return made


@contextmanager
def _peak_rss(pid: int | None) -> Iterator[dict[str, float]]:
    """The served process tree's RSS (MB) before and at its peak while the block runs (psutil, sampled)."""
    found = {"before": 0.0, "peak": 0.0}
    try:
        import psutil
    except ImportError:
        yield found
        return
    if pid is None:
        yield found
        return
    root = psutil.Process(pid)

    def rss() -> float:
        procs = [root, *root.children(recursive=True)]
        return sum(p.memory_info().rss for p in procs) / 2**20

    found["before"] = found["peak"] = rss()
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            found["peak"] = max(found["peak"], rss())
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield found
    finally:
        done.set()
        sampler.join()


def _batch(courier: Courier, n: int) -> tuple[float, dict[str, float]]:
    body = json.dumps({"pedidos": courier.orders(n)}).encode()
    with _peak_rss(courier.server.pid) as memory:
        t0 = time.perf_counter()
        r = courier.client.post("/api/pedidos/multiple", content=body, headers={"content-type": "application/json"})
        seconds = time.perf_counter() - t0
    r.raise_for_status()
    created = r.json()["data"]["created"]
    assert created == n, f"{n - created} of {n} orders refused: {r.json()['results'][:3]}"
    return seconds, memory


def _one_by_one(courier: Courier, n: int) -> float:
    orders = courier.orders(n)
    t0 = time.perf_counter()
    for order in orders:
        courier.client.post("/api/pedidos/crear", json=order).raise_for_status()
    return n / (time.perf_counter() - t0)


def _cli_import(courier: Courier, n: int) -> tuple[float, float]:
    path = courier.server.cwd / "pedidos.json"
    path.write_text(json.dumps({"pedidos": courier.orders(n)}))
    args = [sys.executable, "-c", _PEAK, NEXUS, "orders", "import", str(path), "--tenant-id", "1"]
    args += ["--user-id", str(courier.user["user_id"])]
    t0 = time.perf_counter()
    done = subprocess.run(
        args, env=courier.server.env, cwd=courier.server.cwd, check=True, capture_output=True, text=True
    )
    return n / (time.perf_counter() - t0), int(done.stdout.strip()) / 1024


def bench(label: str, database: Callable[[], AbstractContextManager[str]]) -> None:
    print(f"-- {label}", flush=True)
    one_by_one = int(os.environ.get("NEXUS_BENCH_PARCELS_ONE_BY_ONE", "500"))
    with database() as url, running_server(url) as server:
        courier = Courier(server)
        courier.client.post("/api/pedidos/multiple", json={"pedidos": courier.orders(50)})  # warm up
        timings = {n: _batch(courier, n) for n in SIZES}
        single_rate = _one_by_one(courier, one_by_one)
        cli_rate, cli_peak = _cli_import(courier, SIZES[-1])
    small, big = timings[SIZES[0]][0], timings[SIZES[-1]][0]
    for n, (seconds, _) in timings.items():
        print(f"  multiple, {n:>6,} orders x 2 lines: {seconds:7.2f} s  {n / seconds:8.0f} orders/s")
    print(f"  10k / 1k time: {big / small:5.1f}x (target <= 11)")
    print(f"  one by one (/crear, {one_by_one} orders): {single_rate:8.0f} orders/s")
    ratio = SIZES[-1] / big / single_rate
    print(f"  multiple 10k orders/s / one by one: {ratio:5.1f}x (target >= 5)")
    memory = timings[SIZES[-1]][1]
    growth = memory["peak"] - memory["before"]
    print(
        f"  server RSS during the 10k batch: {memory['before']:.0f} -> {memory['peak']:.0f} MB"
        f" (+{growth:.0f}, target < 200)"
    )
    print(f"  nexus orders import, {SIZES[-1]:,} orders (JSON): {cli_rate:8.0f} orders/s, peak RSS {cli_peak:.0f} MB")


def run() -> None:
    bench("SQLite, 1 worker", sqlite_database)
    bench("PostgreSQL, 1 worker", postgres_database)
