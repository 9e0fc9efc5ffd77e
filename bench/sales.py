"""The counter's speed (issue 10): ``POST /pos/api/sales`` over HTTP next to the same transaction in the
stdlib ``sqlite3`` module, and the Z cut of a 10,000-sale session next to a 100-sale one.

1. A real ``nexus serve`` (SQLite, 1 worker) takes 3-line cash sales (stock, ledger, folio, register
   totals, a fresh ``Idempotency-Key`` each) from :func:`bench.http_load.measure`; in the same run the
   same transaction (idempotency row, folio counter, sale + 3 lines, 3 conditional stock updates,
   3 movements, entry + 5 lines, register totals) is written with ``sqlite3`` in one thread, no HTTP,
   before and after the server's run (the better figure is the reference).
   Targets: ratio >= 0.15, 0 non-2xx, p99 <= 10 x p50.
2. Two register sessions get 100 and ``NEXUS_BENCH_Z_SALES`` (10,000) sales through the use case in
   process; the X cut (median of 200) and the Z cut of each are timed. Target: Z(10,000) <= 2 x Z(100):
   cuts read the session's running totals, never its sales.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import httpx

from bench.databases import sqlite_database
from bench.http_load import generator_name, measure
from bench.server import running_server

SECONDS = float(os.environ.get("NEXUS_BENCH_SECONDS", "3"))
Z_SALES = int(os.environ.get("NEXUS_BENCH_Z_SALES", "10000"))
LINE_PRICES = (Decimal("100.00"), Decimal("250.00"), Decimal("35.50"))
TOTAL = sum(LINE_PRICES) * Decimal("1.16")  # 1 unit each at 16 % IVA: 447.18


def _check(label: str, ok: bool, detail: str) -> None:
    print(f"  {'met   ' if ok else 'MISSED'}  {label:<58} {detail}")


# --- 1. HTTP sale vs the stdlib sqlite3 transaction ------------------------------------------------


def _prepare_shop(base: str, token: str) -> list[int]:
    h = {"Authorization": f"Bearer {token}"}
    ids = []
    with httpx.Client(base_url=base, headers=h, timeout=30) as c:
        for n, price in enumerate(LINE_PRICES):
            body = {"name": f"Bench {n}", "branch_id": 1, "cost": 10, "price_1": str(price), "initial_stock": 900000}
            r = c.post("/pos/api/inventory/items", json=body)
            r.raise_for_status()
            ids.append(int(r.json()["id"]))
        r = c.post("/pos/api/register/open", json={"opening_amount": 1000})
        if r.status_code != 201 and "already" not in r.text:
            r.raise_for_status()
    return ids


def _sale_body(items: list[int]) -> dict[str, object]:
    lines = [{"inventory_id": i, "quantity": 1, "unit_price": str(p)} for i, p in zip(items, LINE_PRICES, strict=True)]
    return {"items": lines, "payment_method": "efectivo", "amount_paid": "500.00"}


SCHEMA = """
CREATE TABLE idem (key TEXT PRIMARY KEY, status INTEGER, body TEXT);
CREATE TABLE folio (doc TEXT PRIMARY KEY, last INTEGER NOT NULL);
CREATE TABLE stock (item INTEGER PRIMARY KEY, on_hand INTEGER NOT NULL CHECK (on_hand >= 0), value INTEGER);
CREATE TABLE sale (id INTEGER PRIMARY KEY, folio TEXT UNIQUE, subtotal INTEGER, tax INTEGER, total INTEGER,
  paid INTEGER, change INTEGER, created TEXT);
CREATE TABLE sale_line (sale INTEGER, no INTEGER, item INTEGER, qty INTEGER, price INTEGER, subtotal INTEGER,
  tax INTEGER, total INTEGER, cost INTEGER, PRIMARY KEY (sale, no));
CREATE TABLE movement (id INTEGER PRIMARY KEY, item INTEGER, qty INTEGER, value INTEGER, ref TEXT, at TEXT);
CREATE TABLE entry (id INTEGER PRIMARY KEY, ref TEXT, date TEXT);
CREATE TABLE entry_line (entry INTEGER, no INTEGER, account TEXT, debit INTEGER, credit INTEGER,
  PRIMARY KEY (entry, no));
CREATE TABLE register (id INTEGER PRIMARY KEY, cash_received INTEGER, change_given INTEGER, sales_cash INTEGER,
  sales_total INTEGER, sales_count INTEGER);
"""


def stdlib_sales(seconds: float) -> float:
    """Sales per second of the same transaction with ``sqlite3`` (WAL, synchronous=NORMAL like Nexus)."""
    with tempfile.TemporaryDirectory(prefix="nexus-bench-sqlite3-") as tmp:
        db = sqlite3.connect(Path(tmp) / "bare.db", isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(SCHEMA)
        db.executemany("INSERT INTO stock VALUES (?, 90000000, 900000000)", [(1,), (2,), (3,)])
        db.execute("INSERT INTO register VALUES (1, 0, 0, 0, 0, 0)")
        prices = [int(p * 100) for p in LINE_PRICES]
        n, end = 0, time.perf_counter() + seconds
        while time.perf_counter() < end:
            n += 1
            db.execute("BEGIN IMMEDIATE")
            if db.execute("SELECT 1 FROM idem WHERE key = ?", (f"k{n}",)).fetchone() is None:
                db.execute("INSERT INTO idem VALUES (?, 0, NULL)", (f"k{n}",))
            number = db.execute(
                "INSERT INTO folio VALUES ('V', 1) ON CONFLICT (doc) DO UPDATE SET last = last + 1 RETURNING last"
            ).fetchone()[0]
            folio = f"V-{number:04d}"
            lines = [(p, round(p * 0.16)) for p in prices]
            sub, tax = sum(p for p, _ in lines), sum(t for _, t in lines)
            sale = db.execute(
                "INSERT INTO sale (folio, subtotal, tax, total, paid, change, created) VALUES (?,?,?,?,?,?,?)",
                (folio, sub, tax, sub + tax, 50000, 50000 - sub - tax, "2026-04-01T12:00:00"),
            ).lastrowid
            db.executemany(
                "INSERT INTO sale_line VALUES (?,?,?,?,?,?,?,?,?)",
                [(sale, k, k + 1, 1000, p, p, t, p + t, 1000) for k, (p, t) in enumerate(lines)],
            )
            for k in range(3):
                cur = db.execute(
                    "UPDATE stock SET on_hand = on_hand - 1000, value = value - 1000 "
                    "WHERE item = ? AND on_hand >= 1000",
                    (k + 1,),
                )
                assert cur.rowcount == 1
            db.executemany(
                "INSERT INTO movement (item, qty, value, ref, at) VALUES (?,?,?,?,?)",
                [(k + 1, -1000, -1000, folio, "2026-04-01T12:00:00") for k in range(3)],
            )
            entry = db.execute("INSERT INTO entry (ref, date) VALUES (?, '2026-04-01')", (folio,)).lastrowid
            db.executemany(
                "INSERT INTO entry_line VALUES (?,?,?,?,?)",
                [
                    (entry, 0, "101.01", sub + tax, 0),
                    (entry, 1, "401.01", 0, sub),
                    (entry, 2, "208.01", 0, tax),
                    (entry, 3, "501.01", 3000, 0),
                    (entry, 4, "115.01", 0, 3000),
                ],
            )
            db.execute(
                "UPDATE register SET cash_received = cash_received + 50000, change_given = change_given + ?, "
                "sales_cash = sales_cash + ?, sales_total = sales_total + ?, sales_count = sales_count + 1 "
                "WHERE id = 1",
                (50000 - sub - tax, sub + tax, sub + tax),
            )
            db.execute("UPDATE idem SET status = 201, body = '{}' WHERE key = ?", (f"k{n}",))
            db.execute("COMMIT")
        db.close()
        return n / seconds


def http_sales() -> None:
    print(f"-- POST /pos/api/sales, SQLite, 1 worker (load: {generator_name()}, 32 connections)", flush=True)
    # The reference is a ceiling: measured before and after the server's run, the better one counts, so a
    # busy moment on a shared machine cannot flatter the ratio.
    before = stdlib_sales(SECONDS)
    with sqlite_database() as url, running_server(url, workers=1) as server:
        creds = server.cli_json("demo")
        token = server.pos_token(creds["tenant_id"], "1234")
        body = _sale_body(_prepare_shop(server.base, token))
        sales = measure(server.base, "POST", "/pos/api/sales", body=body, token=token, unique_header="Idempotency-Key")
    after = stdlib_sales(SECONDS)
    bare = max(before, after)
    print(sales.row("POST /pos/api/sales (3 lines, cash, fresh key)"))
    label = "stdlib sqlite3: the same transaction, 1 thread, no HTTP"
    print(f"  {label:<52} {bare:8.0f} tx/s (best of {before:.0f} before, {after:.0f} after)")
    ratio = sales.rps / bare if bare else 0.0
    print("  targets:")
    _check("sales >= 0.15 x stdlib sqlite3 transaction", ratio >= 0.15, f"{ratio:.3f}")
    _check("sales: 0 non-2xx", sales.non_2xx == 0, str(sales.non_2xx))
    _check(
        "sales: p99 <= 10 x p50", sales.p99_ms <= 10 * sales.p50_ms, f"{sales.p99_ms / max(sales.p50_ms, 1e-9):.1f}x"
    )


# --- 2. Z cut: 10,000 sales vs 100 ------------------------------------------------------------------


def z_cuts() -> None:
    from nexus_adapters.bootstrap import build_services
    from nexus_core.services import items as I
    from nexus_core.services.config import CreateEmployee, create_employee
    from nexus_core.services.registers import CutX, CutZ, OpenRegister, cut_x, cut_z, open_register
    from nexus_core.services.sales import CreateSale, SaleLineInput, create_sale
    from nexus_core.services.tenants import CreateTenant, create_tenant
    from nexus_core.testing.builders import login

    print(f"-- Z cut: a session of {Z_SALES:,} sales vs one of 100 (SQLite, in process)", flush=True)
    with sqlite_database() as url:
        nexus = build_services(url, upgrade=True)
        shop = nexus.run_platform(create_tenant, CreateTenant(name="Bench Z", owner_name="Ana", owner_pin="4821"))
        tid = shop.tenant_id
        _, owner = login(nexus, tid, "4821")
        item = nexus.run(
            tid,
            I.create_item,
            I.CreateItem(
                owner, {"name": "Z", "branch_id": shop.branch_id, "price_1": 50}, cost="10", initial_stock=900000
            ),
        ).id
        timings: dict[int, tuple[float, float]] = {}
        sessions = []
        for n, (pin, count) in enumerate((("1111", 1), ("2222", 100), ("3333", Z_SALES))):
            nexus.run(tid, create_employee, CreateEmployee(owner, f"Cajero {n}", "cashier", pin))
            _, cashier = login(nexus, tid, pin, device=f"z-{n}")
            register = nexus.run(tid, open_register, OpenRegister(cashier, "1000.00")).id
            start = time.perf_counter()
            for _ in range(count):
                nexus.run(tid, create_sale, CreateSale(cashier, [SaleLineInput(item, "1")], "efectivo", "100.00"))
            made = time.perf_counter() - start
            sessions.append((count, cashier, register))
            print(f"  built a session of {count:>6,} sales ({count / made:5.0f} sales/s)", flush=True)
        # Every cut runs on the same database (the 100-sale session's after the big one was built), and
        # a first Z cut on a 1-sale session takes the first-use costs (folio row, caches) out of the figures.
        for count, cashier, register in sessions:
            xs = []
            for _ in range(200):
                t0 = time.perf_counter()
                nexus.run(tid, cut_x, CutX(cashier))
                xs.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            z = nexus.run(tid, cut_z, CutZ(cashier, "0.00", register))
            timings[count] = (statistics.median(xs), time.perf_counter() - t0)
            assert z.summary.totals.sales_count == count
            if count > 1:
                print(
                    f"  session of {count:>6,} sales: X cut median {timings[count][0] * 1000:6.2f} ms, "
                    f"Z cut {timings[count][1] * 1000:6.2f} ms"
                )
    small, big = timings[100], timings[Z_SALES]
    print("  targets:")
    _check(f"Z cut at {Z_SALES:,} sales <= 2 x at 100", big[1] <= 2 * small[1], f"{big[1] / small[1]:.2f}x")
    _check(f"X cut at {Z_SALES:,} sales <= 2 x at 100 (medians)", big[0] <= 2 * small[0], f"{big[0] / small[0]:.2f}x")


def run() -> None:
    http_sales()
    z_cuts()


if __name__ == "__main__":
    run()
