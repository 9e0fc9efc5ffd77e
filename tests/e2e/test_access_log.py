"""`NEXUS_ACCESS_LOG=1` on a real `nexus serve`: one line per request, stamped with its request id."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.e2e

NEXUS = str(Path(sys.executable).with_name("nexus"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_access_log_names_each_request_and_its_id(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEXUS_")}
    env["NEXUS_DATABASE_URL"] = f"sqlite:///{tmp_path / 'var' / 'nexus.db'}"
    env["NEXUS_ACCESS_LOG"] = "1"
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [NEXUS, "serve", "--port", str(port)], env=env, cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                assert proc.poll() is None, log.read_text()
                try:
                    httpx.get(f"{base}/pos/health", timeout=1)
                    break
                except httpx.HTTPError:
                    assert time.monotonic() < deadline, "nexus serve did not come up in 60 s"
                    time.sleep(0.2)
            r = httpx.get(f"{base}/pos/api/auth/me", headers={"X-Request-Id": "e2e-access-1"})
            assert r.status_code == 401
            assert r.headers["x-request-id"] == "e2e-access-1"
        finally:
            proc.terminate()
            proc.wait(timeout=15)
    lines = [line for line in log.read_text().splitlines() if "e2e-access-1" in line]
    assert len(lines) == 1, log.read_text()
    assert '"GET /pos/api/auth/me" 401' in lines[0]
    assert "[e2e-access-1]" in lines[0]
