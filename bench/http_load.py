"""Drive one HTTP request at a server for a fixed time and report req/s, p50, p99 and non-2xx answers.

``measure(base_url, "GET", "/pos/health")`` uses ``wrk`` when it is on PATH (Debian/Ubuntu
``apt-get install wrk``, macOS ``brew install wrk``), otherwise a small keep-alive asyncio client of this
module (raw streams, HTTP/1.1, one coroutine per connection, on uvloop when installed). Python on the
same cores as the server saturates far below wrk, so every figure is meant to be read next to a
ceiling measured in the same run with the same generator (see :mod:`bench.bare_app`).

``NEXUS_BENCH_CLIENT=asyncio`` picks the asyncio client even when wrk is there.
``unique_header="Idempotency-Key"`` sends a fresh value of that header with every request (a Lua
``request()`` under wrk), so each POST is a new write rather than a replay.

wrk counts answers with status >= 400 (and socket errors) as failures, 3xx as success; the asyncio
client counts every status outside 2xx.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from urllib.parse import urlsplit

import attrs

THREADS = 2  # wrk -t2, as in the measurements; the client loop is one thread either way
DEFAULT_CONNECTIONS = 32
DEFAULT_SECONDS = float(os.environ.get("NEXUS_BENCH_SECONDS", "3"))


@attrs.frozen
class Result:
    generator: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    non_2xx: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def row(self, label: str) -> str:
        return (
            f"  {label:<52} {self.rps:8.0f} req/s  p50 {self.p50_ms:7.2f} ms  p99 {self.p99_ms:8.2f} ms  "
            f"non-2xx {self.non_2xx}"
        )


def _use_wrk() -> bool:
    """wrk when on PATH, unless ``NEXUS_BENCH_CLIENT=asyncio`` asks for the built-in client."""
    return bool(shutil.which("wrk")) and os.environ.get("NEXUS_BENCH_CLIENT", "") != "asyncio"


def generator_name() -> str:
    return "wrk" if _use_wrk() else "asyncio keep-alive client (install wrk for higher ceilings)"


def measure(
    base_url: str,
    method: str,
    path: str,
    body: object | None = None,
    token: str | None = None,
    *,
    headers: dict[str, str] | None = None,
    unique_header: str | None = None,
    connections: int = DEFAULT_CONNECTIONS,
    seconds: float = DEFAULT_SECONDS,
    warmup: float = 0.5,
) -> Result:
    """Hammer ``method path`` for ``seconds`` over ``connections`` keep-alive connections (after a warm-up)."""
    all_headers = dict(headers or {})
    payload = b""
    if body is not None:
        payload = body if isinstance(body, bytes) else json.dumps(body, default=str).encode()
        all_headers.setdefault("Content-Type", "application/json")
    if token:
        all_headers["Authorization"] = f"Bearer {token}"
    run = _wrk if _use_wrk() else _asyncio
    if warmup > 0:
        run(base_url, method, path, payload, all_headers, unique_header, connections, warmup)
    return run(base_url, method, path, payload, all_headers, unique_header, connections, seconds)


# --- wrk -----------------------------------------------------------------------------------------

_LUA = """
wrk.method = %(method)s
wrk.body = %(body)s
%(headers)s
function done(summary, latency, requests)
  io.write(string.format('{"requests": %%d, "duration_us": %%d, "status": %%d, "connect": %%d, "read": %%d, ' ..
    '"write": %%d, "timeout": %%d, "p50_us": %%d, "p99_us": %%d}\\n',
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, latency:percentile(50), latency:percentile(99)))
end
"""

# Only when a header must change per request: a request() function makes wrk format every request in Lua.
_LUA_UNIQUE = """
local threads, counter = 0, 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_no", threads)
end
function request()
  counter = counter + 1
  local h = {}
  for k, v in pairs(wrk.headers) do h[k] = v end
  h[%(unique)s] = "%(prefix)s-" .. tostring(thread_no) .. "-" .. tostring(counter)
  return wrk.format(nil, nil, h, nil)
end
"""


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string literal is a valid Lua string literal for what we send


def _wrk(
    base: str,
    method: str,
    path: str,
    body: bytes,
    headers: dict[str, str],
    unique: str | None,
    connections: int,
    seconds: float,
) -> Result:
    header_lines = "\n".join(f"wrk.headers[{_lua_string(k)}] = {_lua_string(v)}" for k, v in headers.items())
    script = _LUA % {
        "method": _lua_string(method),
        "body": _lua_string(body.decode()) if body else "nil",
        "headers": header_lines,
    }
    if unique:
        script += _LUA_UNIQUE % {"unique": _lua_string(unique), "prefix": uuid.uuid4().hex[:12]}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(script)
    try:
        duration = max(1, round(seconds))
        args = ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", fh.name]
        done = subprocess.run(
            [*args, base.rstrip("/") + path],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(fh.name)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    failures = sum(figures[k] for k in ("status", "connect", "read", "write", "timeout"))
    return Result(
        generator="wrk",
        requests=figures["requests"],
        seconds=figures["duration_us"] / 1e6,
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        non_2xx=failures,
    )


# --- the asyncio client --------------------------------------------------------------------------


def _asyncio(
    base: str,
    method: str,
    path: str,
    body: bytes,
    headers: dict[str, str],
    unique: str | None,
    connections: int,
    seconds: float,
) -> Result:
    try:
        import uvloop

        runner = uvloop.run
    except ImportError:  # pragma: no cover - uvloop comes with uvicorn[standard]
        runner = asyncio.run
    return runner(_client(base, method, path, body, headers, unique, connections, seconds))


async def _client(
    base: str,
    method: str,
    path: str,
    body: bytes,
    headers: dict[str, str],
    unique: str | None,
    connections: int,
    seconds: float,
) -> Result:
    url = urlsplit(base)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    fixed = {"Host": f"{host}:{port}", "Content-Length": str(len(body)), **headers}
    head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fixed.items())
    static = (head + "\r\n").encode() + body
    prefix = uuid.uuid4().hex[:12]
    latencies: list[float] = []
    non_2xx = 0
    deadline = time.perf_counter() + seconds

    async def connection(no: int) -> None:
        nonlocal non_2xx
        reader, writer = await asyncio.open_connection(host, port)
        sent = 0
        try:
            while time.perf_counter() < deadline:
                sent += 1
                request = static
                if unique:
                    request = f"{head}{unique}: {prefix}-{no}-{sent}\r\n\r\n".encode() + body
                started = time.perf_counter()
                writer.write(request)
                status = await _read_response(reader)
                latencies.append(time.perf_counter() - started)
                if not 200 <= status < 300:
                    non_2xx += 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(connection(n) for n in range(connections)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return Result(
        generator="asyncio",
        requests=len(latencies),
        seconds=elapsed,
        p50_ms=_percentile(latencies, 0.50) * 1000,
        p99_ms=_percentile(latencies, 0.99) * 1000,
        non_2xx=non_2xx,
    )


async def _read_response(reader: asyncio.StreamReader) -> int:
    """Reads one response (Content-Length or chunked) and returns its status."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length, chunked = 0, False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status


def _percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]
