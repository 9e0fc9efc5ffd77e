"""Real server processes for the benchmarks: ``nexus serve`` and the bare ceiling app, on scratch directories."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

NEXUS = str(Path(sys.executable).with_name("nexus"))
REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A served process: its base URL, environment and working directory."""

    def __init__(self, base: str, env: dict[str, str], cwd: Path, pid: int | None = None) -> None:
        self.base, self.env, self.cwd = base, env, cwd
        self.pid = pid  # the served process (its workers are its children)

    def cli_json(self, *args: str) -> Any:
        done = subprocess.run([NEXUS, *args], env=self.env, cwd=self.cwd, capture_output=True, text=True, check=True)
        return json.loads(done.stdout)

    def pos_token(self, tenant_id: int, pin: str) -> str:
        body = {"tenant_id": tenant_id, "pin": pin, "device_id": "bench"}
        r = httpx.post(f"{self.base}/pos/api/auth/login", json=body, timeout=30)
        r.raise_for_status()
        return str(r.json()["token"])


def _bench_env(database_url: str, cwd: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEXUS_") or k.startswith("NEXUS_BENCH")}
    env["NEXUS_DATABASE_URL"] = database_url
    env["NEXUS_LOG_LEVEL"] = "warning"
    env["NEXUS_PIN_PEPPER"] = "bench-pepper-" * 4  # several workers need the same one
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


@contextmanager
def _process(args: list[str], env: dict[str, str], cwd: Path, port: int) -> Iterator[Server]:
    log = cwd / "server.log"  # a file, not a pipe: a full pipe nobody reads would stall the server
    with log.open("w") as out:
        proc = subprocess.Popen(args, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{args[0]} exited: {log.read_text()}")
            try:
                if httpx.get(f"{base}/pos/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{' '.join(args)} did not come up in 90 s")
            time.sleep(0.2)
        yield Server(base, env, cwd, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextmanager
def running_server(database_url: str | None = None, *, workers: int = 1) -> Iterator[Server]:
    """``nexus serve`` on ``database_url`` (a SQLite file in a temp directory when not given)."""
    with tempfile.TemporaryDirectory(prefix="nexus-bench-") as tmp:
        cwd = Path(tmp)
        env = _bench_env(database_url or f"sqlite:///{cwd / 'var' / 'nexus.db'}", cwd)
        port = free_port()
        with _process([NEXUS, "serve", "--port", str(port), "--workers", str(workers)], env, cwd, port) as server:
            yield server


@contextmanager
def running_bare(database_url: str | None = None, *, workers: int = 1) -> Iterator[Server]:
    """The bare ceiling app (:mod:`bench.bare_app`) with the same uvicorn options, writing to ``database_url``."""
    with tempfile.TemporaryDirectory(prefix="nexus-bench-bare-") as tmp:
        cwd = Path(tmp)
        url = database_url or f"sqlite:///{cwd / 'bare.db'}"
        env = _bench_env(url, cwd)
        port = free_port()
        args = [sys.executable, "-m", "bench.bare_app", "--port", str(port), "--workers", str(workers)]
        with _process([*args, "--database-url", url], env, cwd, port) as server:
            yield server
