"""Returns, the sales list, the register history and the daily summary over HTTP: what a cashier and
an owner notice, bad input (400 naming the problem, nothing written), retries and tenancy."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from http_support import TestClient, bearer, login

from nexus_core.services.tenants import TenantCreated
from nexus_core.testing import FakeClock

SALES = "/pos/api/sales"
REG = "/pos/api/register"
INV = "/pos/api/inventory"
RETURN = f"{INV}/return"
H = dict[str, str]


@pytest.fixture
def h(owner_headers: H) -> H:
    return owner_headers


@pytest.fixture
def item(client: TestClient, h: H) -> int:
    body = {"name": "Pastillas de freno", "branch_id": 1, "cost": 150, "price_1": 350, "initial_stock": 10}
    r = client.post(f"{INV}/items", json=body, headers=h)
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


@pytest.fixture
def register(client: TestClient, h: H) -> int:
    r = client.post(f"{REG}/open", json={"opening_amount": 1000}, headers=h)
    assert r.status_code == 201, r.text
    return int(r.json()["register_id"])


def _stock(client: TestClient, h: H, item: int) -> Any:
    return client.get(f"{INV}/items/{item}", headers=h).json()["stock"]


def _sell(client: TestClient, h: H, item: int, qty: int = 2, method: str = "efectivo") -> int:
    body = {"items": [{"inventory_id": item, "quantity": qty}], "payment_method": method}
    if method == "efectivo":
        body["amount_paid"] = 406 * qty
    r = client.post(SALES, json=body, headers=h)
    assert r.status_code == 201, r.text
    return int(r.json()["sale_id"])


def _back(sale: int, item: int, qty: Any) -> dict[str, Any]:
    return {"sale_id": sale, "items": [{"inventory_id": item, "quantity": qty}], "reason": "Parte equivocada"}


def test_a_return_restocks_refunds_the_drawer_and_marks_the_sale(
    client: TestClient, h: H, item: int, register: int
) -> None:
    sale = _sell(client, h, item)
    r = client.post(RETURN, json=_back(sale, item, 1), headers=h)
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["folio"], body["total"], body["sale_status"]) == ("D-0001", 406, "partially_returned")
    assert body["refunds"] == [{"method": "efectivo", "amount": 406}]
    assert _stock(client, h, item) == 9
    x = client.get(f"{REG}/cut-x", headers=h).json()
    assert (x["returns_cash"], x["returns_count"], x["expected_cash"]) == (406, 1, 1406)
    assert client.get(f"{SALES}/{sale}", headers=h).json()["status"] == "partially_returned"
    last = client.post(RETURN, json=_back(sale, item, 1), headers=h).json()
    assert last["sale_status"] == "returned" and _stock(client, h, item) == 10
    entry = client.get(f"/pos/api/accounting/entries/{last['entry_id']}", headers=h).json()
    assert {ln["account_code"] for ln in entry["lines"] if ln["debit"]} == {"402.01", "208.01", "115.01"}


@pytest.mark.parametrize(
    ("qty", "words"), [(3, "items[0]: item"), (0, "quantity"), (-1, "quantity"), ("1.0005", "quantity")]
)
def test_returning_more_than_sold_or_a_bad_quantity_is_refused_and_writes_nothing(
    client: TestClient, h: H, item: int, register: int, qty: Any, words: str
) -> None:
    sale = _sell(client, h, item)
    r = client.post(RETURN, json=_back(sale, item, qty), headers=h)
    assert r.status_code == 400, r.text
    assert words in r.json()["error"], r.json()
    assert _stock(client, h, item) == 8
    assert client.get(f"{SALES}/{sale}", headers=h).json()["status"] == "completed"
    assert client.get(f"{REG}/cut-x", headers=h).json()["returns_count"] == 0


def test_bad_returns_name_the_problem(client: TestClient, h: H, item: int, register: int) -> None:
    sale = _sell(client, h, item)
    assert (
        client.post(
            RETURN, json={"sale_id": 999, "items": [{"inventory_id": item, "quantity": 1}]}, headers=h
        ).status_code
        == 404
    )
    empty = client.post(RETURN, json={"sale_id": sale, "items": []}, headers=h)
    assert empty.status_code == 400 and "at least one item" in empty.json()["error"]
    missing = client.post(RETURN, json={"items": [{"inventory_id": item, "quantity": 1}]}, headers=h)
    assert missing.status_code == 400 and "sale_id" in missing.json()["error"]
    other = client.post(RETURN, json=_back(sale, item + 1000, 1), headers=h)
    assert other.status_code == 400 and "not on sale" in other.json()["error"]
    assert _stock(client, h, item) == 8


def test_a_retried_return_happens_once(client: TestClient, h: H, item: int, register: int) -> None:
    sale = _sell(client, h, item)
    key = {**h, "Idempotency-Key": "return-1"}
    one, two = (
        client.post(RETURN, json=_back(sale, item, 1), headers=key),
        client.post(RETURN, json=_back(sale, item, 1), headers=key),
    )
    assert one.status_code == two.status_code == 201 and one.json() == two.json()
    assert _stock(client, h, item) == 9


def test_another_tenants_sale_is_not_found_and_not_listed(
    client: TestClient, h: H, item: int, register: int, other_shop: TenantCreated
) -> None:
    sale = _sell(client, h, item)
    other = bearer(login(client, other_shop.tenant_id, "9999").json()["token"])
    assert client.post(RETURN, json=_back(sale, item, 1), headers=other).status_code == 404
    assert client.get(SALES, headers=other).json()["data"] == []
    assert client.get(f"{REG}/daily-summary", headers=other).json()["registers_count"] == 0
    assert _stock(client, h, item) == 8


def test_the_sales_list_filters_and_pages(client: TestClient, h: H, item: int, register: int, clock: FakeClock) -> None:
    first = _sell(client, h, item, 1)
    card = _sell(client, h, item, 1, method="tarjeta")
    client.put(f"{SALES}/{card}/cancel", headers=h)
    clock.advance(timedelta(days=1))
    today = clock.now().date().isoformat()  # the fake clock's UTC noon: the same day in Mexico City
    h = bearer(login(client, 1, "1234").json()["token"])  # the first token expired overnight
    third = _sell(client, h, item, 1)
    every = client.get(SALES, headers=h).json()
    assert [s["id"] for s in every["data"]] == [third, card, first] and every["pagination"]["total"] == 3
    assert [s["id"] for s in client.get(SALES, params={"status": "cancelled"}, headers=h).json()["data"]] == [card]
    assert [s["id"] for s in client.get(SALES, params={"date_from": today}, headers=h).json()["data"]] == [third]
    paged = client.get(SALES, params={"per_page": 2, "page": 2}, headers=h).json()
    assert [s["id"] for s in paged["data"]] == [first] and paged["pagination"]["total_pages"] == 2
    assert client.get(SALES, params={"per_page": 500}, headers=h).json()["pagination"]["per_page"] == 200
    assert (
        client.get(SALES, params={"register_id": register, "employee_id": 1}, headers=h).json()["pagination"]["total"]
        == 3
    )
    assert client.get(SALES, params={"employee_id": 99}, headers=h).json()["data"] == []
    assert client.get(SALES, params={"status": "lost"}, headers=h).status_code == 400
    assert client.get(SALES, params={"date_from": "2026-13-01"}, headers=h).status_code == 400
    bad_range = client.get(SALES, params={"date_from": "2026-04-05", "date_to": "2026-04-01"}, headers=h)
    assert bad_range.status_code == 400 and "date_from" in bad_range.json()["error"]
    assert client.get(SALES, params={"page": 0}, headers=h).status_code == 400


def test_history_keeps_the_frozen_z_and_the_day_summary_adds_up_every_register(
    client: TestClient, h: H, item: int, register: int, cashier_headers: H, clock: FakeClock
) -> None:
    day = clock.now().date().isoformat()
    _sell(client, h, item, 1)
    assert client.post(f"{REG}/open", json={"opening_amount": 500}, headers=cashier_headers).status_code == 201
    body = {"items": [{"inventory_id": item, "quantity": 1}], "payment_method": "tarjeta"}
    assert client.post(SALES, json=body, headers=cashier_headers).status_code == 201
    z = client.post(f"{REG}/cut-z", json={"counted_amount": 1400}, headers=h).json()
    history = client.get(f"{REG}/history", headers=h).json()
    assert history["pagination"]["total"] == 1
    closed = history["data"][0]
    assert closed["register_id"] == register and closed["folio"] == z["folio"] and closed["closed_on"] == day
    assert closed["summary"] == z["summary"]
    assert client.get(f"{REG}/history", params={"date_to": "2026-03-31"}, headers=h).json()["data"] == []
    summary = client.get(f"{REG}/daily-summary", headers=h).json()
    assert (summary["date"], summary["registers_count"], summary["open_count"]) == (day, 2, 1)
    assert (summary["sales_cash"], summary["sales_card"], summary["sales_count"]) == (406, 406, 2)
    assert (summary["opening_amount"], summary["expected_cash"]) == (1500, 1406 + 500)
    assert (summary["counted_amount"], summary["difference"]) == (1400, -6)
    assert client.get(f"{REG}/daily-summary", params={"date": "2026-03-31"}, headers=h).json()["registers_count"] == 0
    assert client.get(f"{REG}/daily-summary", params={"date": "yesterday"}, headers=h).status_code == 400
