"""Throughput of GET /pos/api/auth/me (JWT verify + one database read) next to GET /pos/health,
measured in the same run against a real uvicorn process, printed as a ratio."""

from __future__ import annotations

import json
import subprocess
import threading
import time

import httpx

from bench.server import NEXUS, running_server

DURATION_S = 5.0
CLIENTS = 4


def _hammer(url: str, headers: dict[str, str], seconds: float) -> tuple[int, int]:
    ok = errors = 0
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def worker() -> None:
        nonlocal ok, errors
        with httpx.Client(headers=headers, timeout=10) as client:
            while time.monotonic() < stop:
                status = client.get(url).status_code
                with lock:
                    if status == 200:
                        ok += 1
                    else:
                        errors += 1

    threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return ok, errors


def run() -> None:
    with running_server() as (base, env, cwd):
        creds = json.loads(subprocess.run([NEXUS, "demo"], env=env, cwd=cwd, capture_output=True, text=True).stdout)
        token = httpx.post(
            f"{base}/pos/api/auth/login", json={"tenant_id": creds["tenant_id"], "pin": "1234", "device_id": "bench"}
        ).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        results = {}
        for name, path, headers in (("health", "/pos/health", {}), ("auth/me", "/pos/api/auth/me", auth)):
            _hammer(f"{base}{path}", headers, 1.0)  # warm-up
            ok, errors = _hammer(f"{base}{path}", headers, DURATION_S)
            results[name] = ok / DURATION_S
            print(
                f"GET {path:<20} {ok / DURATION_S:9.1f} req/s  ({errors} non-200, {CLIENTS} clients, 1 worker, SQLite)"
            )
        print(f"auth/me / health throughput ratio: {results['auth/me'] / results['health']:.2f}")


if __name__ == "__main__":
    run()
