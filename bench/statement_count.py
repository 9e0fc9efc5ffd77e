"""Statements per request on SQLite: a journal entry (2 lines, fresh Idempotency-Key), the trial balance
and a sale (3 lines, cash, fresh Idempotency-Key).

``python -m bench.statement_count`` serves the real app in-process (Starlette TestClient) on a scratch
SQLite file and counts what reaches the driver (SQLAlchemy's ``before_cursor_execute``, which also sees
``BEGIN``/``COMMIT`` issued by the engine's events), per request, after a warm-up.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import event
from starlette.testclient import TestClient

from bench.databases import sqlite_database
from nexus_adapters.bootstrap import build_services
from nexus_adapters.persistence.engine import sqlite_writer
from nexus_core.services.tenants import CreateTenant, create_tenant
from nexus_http import create_app

PIN = "4821"


def _count(database_url: str) -> dict[str, list[str]]:
    nexus = build_services(database_url, upgrade=True)
    shop = nexus.run_platform(
        create_tenant, CreateTenant(name="Bench", owner_name="Ana", owner_pin=PIN, branch_name="Centro")
    )
    engine = nexus.uows.engine  # type: ignore[attr-defined]
    seen: list[str] = []

    def _seen(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        seen.append(" ".join(statement.split())[:90])

    # Reads run on the engine's pool, writes on its one writer connection (ADR 12): count both.
    for counted in {engine, sqlite_writer(engine).engine}:
        event.listen(counted, "before_cursor_execute", _seen)

    out: dict[str, list[str]] = {}
    app = create_app(nexus)
    with TestClient(app) as client:
        r = client.post("/pos/api/auth/login", json={"tenant_id": shop.tenant_id, "pin": PIN})
        headers = {"Authorization": f"Bearer {r.json()['token']}"}
        accounts = client.get("/pos/api/accounting/accounts", headers=headers).json()["data"]
        parents = {a["parent_id"] for a in accounts}
        leaves = [a["id"] for a in accounts if a["id"] not in parents and a["is_active"]]
        day = date.today().isoformat()
        body = {
            "date": day,
            "description": "Bench",
            "lines": [{"account_id": leaves[0], "debit": 100}, {"account_id": leaves[1], "credit": 100}],
        }
        tb = f"/pos/api/accounting/trial-balance?date_from={day[:8]}01&date_to={day}"
        raw = json.dumps(body).encode()
        sale = _sale_body(client, headers)
        raw_sale = json.dumps(sale).encode()
        sale_headers = {**headers, "content-type": "application/json", "content-length": str(len(raw_sale))}
        post_headers = {**headers, "content-type": "application/json", "content-length": str(len(raw))}
        asgi_requests = {
            "POST entries": lambda: (
                _scope("POST", "/pos/api/accounting/entries", {**post_headers, "idempotency-key": uuid.uuid4().hex}),
                raw,
            ),
            "GET trial-balance": lambda: (_scope("GET", tb, headers), b""),
            "POST sales": lambda: (
                _scope("POST", "/pos/api/sales", {**sale_headers, "idempotency-key": uuid.uuid4().hex}),
                raw_sale,
            ),
        }
        for name, send in (
            (
                "POST entries",
                lambda: client.post(
                    "/pos/api/accounting/entries", json=body, headers={**headers, "Idempotency-Key": uuid.uuid4().hex}
                ),
            ),
            ("GET trial-balance", lambda: client.get(tb, headers=headers)),
            (
                "POST sales",
                lambda: client.post(
                    "/pos/api/sales", json=sale, headers={**headers, "Idempotency-Key": uuid.uuid4().hex}
                ),
            ),
        ):
            for _ in range(3):  # warm: caches, the employee state
                assert send().status_code in (200, 201)
            seen.clear()
            r = send()
            assert r.status_code in (200, 201), r.text
            out[name] = list(seen)
            best = min(_cpu(app, asgi_requests[name]) for _ in range(5))
            out[name].append(f"-- CPU per request in-process (best of 5 x {ROUNDS}): {best * 1e6:,.0f} us")
    return out


ROUNDS = 200
SALE_PRICES = ("100.00", "250.00", "35.50")


def _sale_body(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    """Three items with plenty of stock and an open register: the body of bench/sales.py's sale."""
    ids = []
    for n, price in enumerate(SALE_PRICES):
        item = {"name": f"Bench {n}", "branch_id": 1, "cost": 10, "price_1": price, "initial_stock": 900000}
        r = client.post("/pos/api/inventory/items", json=item, headers=headers)
        assert r.status_code == 201, r.text
        ids.append(int(r.json()["id"]))
    r = client.post("/pos/api/register/open", json={"opening_amount": 1000}, headers=headers)
    assert r.status_code == 201, r.text
    lines = [{"inventory_id": i, "quantity": 1, "unit_price": p} for i, p in zip(ids, SALE_PRICES, strict=True)]
    return {"items": lines, "payment_method": "efectivo", "amount_paid": "500.00"}


def _cpu(app: Any, request: Callable[[], tuple[dict[str, Any], bytes]]) -> float:
    """CPU (all threads) per request through the ASGI app itself: no socket, no test client."""

    async def one() -> None:
        scope, body = request()
        sent = False

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                assert message["status"] in (200, 201), message

        await app(scope, receive, send)

    async def rounds() -> float:
        start = time.process_time()
        for _ in range(ROUNDS):
            await one()
        return (time.process_time() - start) / ROUNDS

    return asyncio.run(rounds())


def _scope(method: str, target: str, headers: dict[str, str]) -> dict[str, Any]:
    path, _, query = target.partition("?")
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }


def main() -> None:
    with sqlite_database() as url:
        for name, statements in _count(url).items():
            print(f"{name}: {len(statements) - 1} statements")
            for s, n in Counter(statements).items():
                print(f"  {n} x {s}")


if __name__ == "__main__":
    main()
