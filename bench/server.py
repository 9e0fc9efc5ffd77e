"""Start a real `nexus serve` process for a benchmark, on a scratch directory."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

NEXUS = str(Path(sys.executable).with_name("nexus"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(database_url: str | None = None) -> Iterator[tuple[str, dict[str, str], Path]]:
    """Yields (base_url, env, cwd) of a served Nexus; SQLite in a temp dir unless a URL is given."""
    with tempfile.TemporaryDirectory(prefix="nexus-bench-") as tmp:
        cwd = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEXUS_")}
        env["NEXUS_DATABASE_URL"] = database_url or f"sqlite:///{cwd / 'var' / 'nexus.db'}"
        env["NEXUS_LOG_LEVEL"] = "warning"
        port = free_port()
        proc = subprocess.Popen(
            [NEXUS, "serve", "--port", str(port)],
            env=env,
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"{base}/pos/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            yield base, env, cwd
        finally:
            proc.terminate()
            proc.wait(timeout=15)
