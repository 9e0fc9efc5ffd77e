"""The parts catalog at scale (SQLite): the demo base ``small`` (~2,000 parts) and ``large`` (~200,000
parts, ~2,000,000 fitment links), each written by ``nexus catalog demo`` and loaded by ``nexus catalog
import`` in a child process (rows/s and the importer's peak RSS), then parts-by-vehicle-and-group and
search by number and by words timed in process (p50/p95) at both sizes, and over HTTP next to
``GET /pos/health`` on the last size, in the same run.

``NEXUS_BENCH_CATALOG_SIZES="small"`` runs one size only (a quick proof; ``large`` takes minutes).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench.databases import sqlite_database
from bench.http_load import generator_name, measure
from bench.inventory import PEPPER, _timed
from bench.server import NEXUS, running_server
from nexus_adapters.bootstrap import build_services
from nexus_adapters.persistence.engine import make_engine
from nexus_core.services import catalog as C
from nexus_core.services import catalog_search as S
from nexus_core.services.authz import Actor
from nexus_core.services.runner import Nexus
from nexus_core.testing.builders import create_shop

_PEAK = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
    "print(json.dumps({'out': done.stdout, 'err': done.stderr[-2000:], 'code': done.returncode, "
    "'rss_kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))"
).replace("import resource", "import json, resource")

WORDS = ("balata delantera", "filtro aceite", "amortiguador monroe", "bujias ngk")


def load(url: str, size: str, tmp: Path) -> dict[str, Any]:
    """Write the demo files, then import them in a child process; the import's JSON plus peak RSS."""
    env = {**os.environ, "NEXUS_DATABASE_URL": url, "NEXUS_PIN_PEPPER": PEPPER}
    files = tmp / f"catalog-{size}"
    t0 = time.perf_counter()
    demo = [NEXUS, "catalog", "demo", "--size", size, "--out", str(files), "--no-load"]
    subprocess.run(demo, env=env, check=True, capture_output=True)
    written = time.perf_counter() - t0
    args = [sys.executable, "-c", _PEAK, NEXUS, "catalog", "import", str(files)]
    done = subprocess.run(args, env=env, check=True, capture_output=True, text=True)
    result = json.loads(done.stdout)
    if result["code"] != 0:
        raise RuntimeError(f"catalog import failed: {result['err']}")
    report = json.loads(result["out"])
    report["peak_rss_mb"] = result["rss_kb"] / 1024
    report["written_seconds"] = written
    return report


def samples(url: str, count: int = 200) -> tuple[list[tuple[int, int]], list[str]]:
    """(mye, group) pairs that have parts, and part numbers as a clerk types them (no separators)."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            g = conn.execute(text("SELECT id FROM catalog_generations WHERE status = 'current'")).scalar_one()
            pairs = [
                (int(m), int(gr))
                for m, gr in conn.execute(
                    text("SELECT DISTINCT mye_id, group_id FROM catalog_fitments WHERE generation = :g"), {"g": g}
                )
            ]
            numbers = [
                str(n).replace(" ", "").replace("-", "")
                for (n,) in conn.execute(text("SELECT part_number FROM catalog_parts WHERE generation = :g"), {"g": g})
            ]
    finally:
        engine.dispose()
    pick = random.Random(7)
    return pick.sample(pairs, min(count, len(pairs))), pick.sample(numbers, min(count, len(numbers)))


def measure_use_cases(nexus: Nexus, tid: int, url: str) -> dict[str, tuple[float, float]]:
    op = Actor.operator(tid)
    pairs, numbers = samples(url)

    def parts(k: int) -> object:
        mye, group = pairs[k % len(pairs)]
        return nexus.run(tid, C.list_parts, C.ListParts(op, mye, group))

    def search(q: Callable[[int], str]) -> Callable[[int], object]:
        return lambda k: nexus.run(tid, S.search_catalog, S.SearchCatalog(op, q(k)))

    cases: dict[str, tuple[Callable[[int], object], int]] = {
        "parts of a vehicle and group (page of 30)": (parts, 200),
        "search: part number typed without separators": (search(lambda k: numbers[k % len(numbers)]), 200),
        "search: two common words (limit 50)": (search(lambda k: WORDS[k % len(WORDS)]), 100),
    }
    return {label: _timed(call, repeat) for label, (call, repeat) in cases.items()}


def run() -> None:
    sizes = os.environ.get("NEXUS_BENCH_CATALOG_SIZES", "small large").split()
    figures: dict[str, dict[str, tuple[float, float]]] = {}
    for size in sizes:
        print(f"-- catalog {size} (SQLite)", flush=True)
        with sqlite_database() as url, tempfile.TemporaryDirectory(prefix="nexus-bench-catalog-") as tmp:
            os.environ["NEXUS_PIN_PEPPER"] = PEPPER
            nexus = build_services(url, upgrade=True)
            tid = create_shop(nexus).tenant_id
            report = load(url, size, Path(tmp))
            files = report["files"]
            print(
                f"  {files['parts']:,} parts, {files['fitments']:,} fitments, {files['cross_references']:,} crosses; "
                f"files written in {report['written_seconds']:.1f} s"
            )
            print(
                f"  nexus catalog import: {report['rows']:,} rows in {report['seconds']:.1f} s = "
                f"{report['rows_per_second']:,} rows/s, peak RSS {report['peak_rss_mb']:.0f} MB (target < 300 MB)",
                flush=True,
            )
            figures[size] = measure_use_cases(nexus, tid, url)
            if size == sizes[-1]:
                _http(url, tid, size)
    first, last = sizes[0], sizes[-1]
    heads = "".join(f"{f'{s} {p}':>11}" for s in (first, last) for p in ("p50", "p95"))
    print(f"  {'use case (ms, in process)':<46}{heads}  ratio")
    for label in figures[first]:
        (a50, a95), (b50, b95) = figures[first][label], figures[last][label]
        print(f"  {label:<46}{a50:11.2f}{a95:11.2f}{b50:11.2f}{b95:11.2f}  {b50 / max(a50, 1e-9):5.1f}x")


def _http(url: str, tid: int, size: str) -> None:
    pairs, numbers = samples(url, 1)
    mye, group = pairs[0]
    with running_server(url) as server:
        token = server.pos_token(tid, "1234")
        print(f"-- HTTP on the {size} catalog (load: {generator_name()})", flush=True)
        health = measure(server.base, "GET", "/pos/health")
        print(health.row("GET /pos/health"), flush=True)
        for path in (
            f"/pos/api/catalog/parts?mye_id={mye}&group_id={group}",
            f"/pos/api/catalog/search?q={numbers[0]}",
            "/pos/api/catalog/search?q=balata%20delantera",
        ):
            found = measure(server.base, "GET", path, token=token)
            print(found.row(f"GET {path}"), f" ({found.rps / max(health.rps, 1e-9):.2f} of health)", flush=True)
