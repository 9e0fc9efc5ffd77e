from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

NEXUS = str(Path(sys.executable).with_name("nexus"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, base_url: str, env: dict[str, str], cwd: Path) -> None:
        self.base_url, self.env, self.cwd = base_url, env, cwd

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([NEXUS, *args], env=self.env, cwd=self.cwd, capture_output=True, text=True, timeout=120)

    def cli_json(self, *args: str) -> dict:
        done = self.cli(*args)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real `nexus serve` process on an embedded SQLite database in a scratch directory."""
    cwd = tmp_path_factory.mktemp("nexus-e2e")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEXUS_")}
    env["NEXUS_DATABASE_URL"] = f"sqlite:///{cwd / 'var' / 'nexus.db'}"
    proc = subprocess.Popen(
        [NEXUS, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            raise AssertionError(f"nexus serve exited: {proc.stdout.read() if proc.stdout else ''}")
        try:
            if httpx.get(f"{base}/pos/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("nexus serve did not come up in 60 s")
        time.sleep(0.2)
    try:
        yield Server(base, env, cwd)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
