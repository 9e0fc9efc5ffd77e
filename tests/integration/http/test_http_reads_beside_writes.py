"""Reports keep answering while pólizas are posted, on SQLite and on PostgreSQL (ADR 12).

32 clients ask for the trial balance while 4 clients post manual entries (each with a fresh
``Idempotency-Key``), all through the HTTP app on a real database, for a bounded time:
``NEXUS_CONCURRENCY_SECONDS`` (default 4; the issue's acceptance run uses 10). What a user would
notice is checked, never speed: no answer other than 200/201, every acknowledged entry is in the
books, every report balances.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from decimal import Decimal
from typing import Any

from http_support import OWNER_PIN, TestClient, bearer, login, make_shop

from nexus_adapters.persistence.engine import make_engine
from nexus_adapters.persistence.unit_of_work import SqlUnitOfWorkFactory
from nexus_core.services.runner import Nexus
from nexus_core.testing import in_memory_nexus
from nexus_http import create_app

SECONDS = float(os.environ.get("NEXUS_CONCURRENCY_SECONDS", "4"))
READERS, WRITERS = 32, 4
DAY = "2026-04-01"  # the fake clock's day
TRIAL_BALANCE = f"/pos/api/accounting/trial-balance?date_from={DAY}&date_to={DAY}"


def _two_leaf_accounts(client: TestClient, headers: dict[str, str]) -> tuple[int, int]:
    accounts = client.get("/pos/api/accounting/accounts", headers=headers).json()["data"]
    parents = {a["parent_id"] for a in accounts}
    leaves = {a["code"]: a["id"] for a in accounts if a["id"] not in parents and a["is_active"]}
    return leaves["101.01"], leaves["401.01"]


def test_reports_answer_while_entries_are_posted(database_url: str) -> None:
    engine = make_engine(database_url)
    nexus = Nexus(uows=SqlUnitOfWorkFactory(engine), deps=in_memory_nexus().deps)
    shop = make_shop(nexus)
    failures: list[str] = []
    acknowledged: list[Decimal] = []
    reports = 0
    lock = threading.Lock()
    try:
        with TestClient(create_app(nexus), raise_server_exceptions=False) as client:
            headers = bearer(login(client, shop.tenant_id, OWNER_PIN).json()["token"])
            cash, sales = _two_leaf_accounts(client, headers)
            start = threading.Barrier(READERS + WRITERS)

            def read() -> None:
                nonlocal reports
                start.wait()
                deadline = time.monotonic() + SECONDS
                while time.monotonic() < deadline:
                    r = client.get(TRIAL_BALANCE, headers=headers)
                    with lock:
                        if r.status_code != 200:
                            failures.append(f"GET trial-balance {r.status_code} {r.text}")
                            continue
                        totals = r.json()["totals"]
                        if Decimal(str(totals["period_debit"])) != Decimal(str(totals["period_credit"])):
                            failures.append(f"unbalanced report {totals}")
                        reports += 1

            def write(n: int) -> None:
                start.wait()
                deadline = time.monotonic() + SECONDS
                i = 0
                while time.monotonic() < deadline:
                    i += 1
                    amount = Decimal(f"{n + 1}.{i % 100:02d}")
                    body: dict[str, Any] = {
                        "date": DAY,
                        "description": f"Venta de mostrador {n}-{i}",
                        "lines": [
                            {"account_id": cash, "debit": float(amount)},
                            {"account_id": sales, "credit": float(amount)},
                        ],
                    }
                    r = client.post(
                        "/pos/api/accounting/entries",
                        json=body,
                        headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
                    )
                    with lock:
                        if r.status_code == 201:
                            acknowledged.append(amount)
                        else:
                            failures.append(f"POST entries {r.status_code} {r.text}")

            threads = [threading.Thread(target=read) for _ in range(READERS)]
            threads += [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()

            assert failures == []
            assert reports > 0 and acknowledged  # both kinds really ran side by side
            final = client.get(TRIAL_BALANCE, headers=headers).json()
            entries = client.get("/pos/api/accounting/entries?per_page=1", headers=headers).json()
    finally:
        engine.dispose()

    assert entries["pagination"]["total"] == len(acknowledged)
    posted = sum(acknowledged, Decimal("0"))
    totals = final["totals"]
    assert Decimal(str(totals["period_debit"])) == Decimal(str(totals["period_credit"])) == posted
