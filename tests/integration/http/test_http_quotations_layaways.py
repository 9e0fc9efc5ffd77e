"""Quotations and layaways over HTTP: the seed's shapes, retries with Idempotency-Key, and the issue's
bad input (converting an expired quotation, paying more than the balance, cancelling twice): 400 naming
the problem, nothing written."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from http_support import OWNER_PIN, TestClient, bearer, login

from nexus_core.services.tenants import TenantCreated
from nexus_core.testing import FakeClock

Q = "/pos/api/quotations"
L = "/pos/api/layaways"
REG = "/pos/api/register"
INV = "/pos/api/inventory"
H = dict[str, str]


@pytest.fixture
def h(owner_headers: H) -> H:
    return owner_headers


CID = 0  # the customer the autouse fixture creates


@pytest.fixture(autouse=True)
def customer(client: TestClient, h: H) -> int:
    global CID
    body = {"name": "Taller Perez", "rfc": "XAXX010101000", "credit_limit": 50000}
    r = client.post("/pos/api/customers", json=body, headers=h)
    assert r.status_code == 201, r.text
    CID = int(r.json()["id"])
    return CID


@pytest.fixture
def item(client: TestClient, h: H) -> int:
    body = {"name": "Motor de arranque", "branch_id": 1, "cost": 2000, "price_1": 5000, "initial_stock": 3}
    r = client.post(f"{INV}/items", json=body, headers=h)
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


@pytest.fixture
def register(client: TestClient, h: H) -> int:
    r = client.post(f"{REG}/open", json={"opening_amount": 1000}, headers=h)
    assert r.status_code == 201, r.text
    return int(r.json()["register_id"])


def _stock(client: TestClient, h: H, item: int) -> tuple[Any, Any]:
    row = client.get(f"{INV}/items/{item}", headers=h).json()
    return row["on_hand"], row["reserved"]


def _line(item: int, qty: int = 1, **extra: Any) -> dict[str, Any]:
    return {"inventory_id": item, "quantity": qty, "unit_price": 5000, "discount_pct": 0, "tax_rate": 0.16, **extra}


def _cash(client: TestClient, h: H) -> Any:
    return client.get(f"{REG}/cut-x", headers=h).json()


def _layaway(client: TestClient, h: H, item: int, **extra: Any) -> Any:
    body = {"items": [_line(item)], "customer_id": CID, "down_payment": 2000, "due_date": "2026-04-30", **extra}
    return client.post(L, json=body, headers=h)


def test_a_quotation_converts_once_into_a_sale_even_when_the_request_is_retried(
    client: TestClient, h: H, item: int, register: int
) -> None:
    made = client.post(Q, json={"items": [_line(item, 2)], "customer_id": CID, "notes": "Taller Perez"}, headers=h)
    assert made.status_code == 201, made.text
    q = made.json()
    assert (q["folio"], q["status"], q["total"], q["valid_until"]) == ("C-0001", "active", 11600, "2026-04-16")
    assert _stock(client, h, item) == (3, 0)
    assert client.get(f"{Q}/{q['id']}", headers=h).json() == q
    assert [x["folio"] for x in client.get(Q, params={"status": "active"}, headers=h).json()["data"]] == ["C-0001"]
    body = {"payment_method": "efectivo", "amount_paid": 12000, "register_id": register}
    key = {**h, "Idempotency-Key": "convert-c-0001"}
    first = client.post(f"{Q}/{q['id']}/convert", json=body, headers=key)
    assert first.status_code == 201, first.text
    assert (first.json()["folio"], first.json()["change"], first.json()["status"]) == ("V-0001", 400, "converted")
    again = client.post(f"{Q}/{q['id']}/convert", json=body, headers=key)
    assert again.json() == first.json()
    assert _stock(client, h, item) == (1, 0)
    assert _cash(client, h)["sales_count"] == 1
    shown = client.get(f"{Q}/{q['id']}", headers=h).json()
    assert (shown["status"], shown["sale_id"]) == ("converted", first.json()["sale_id"])
    twice = client.post(f"{Q}/{q['id']}/convert", json={"payment_method": "tarjeta"}, headers=h)
    assert twice.status_code == 400 and "converted" in twice.json()["error"]
    assert _stock(client, h, item) == (1, 0)


def test_an_expired_quotation_cannot_be_converted_and_nothing_is_written(
    client: TestClient, h: H, item: int, register: int, clock: FakeClock, shop: TenantCreated
) -> None:
    q = client.post(Q, json={"items": [_line(item)], "valid_days": 1}, headers=h).json()
    clock.advance(timedelta(days=2))
    h = bearer(login(client, shop.tenant_id, OWNER_PIN).json()["token"])  # the token expired meanwhile
    assert client.get(f"{Q}/{q['id']}", headers=h).json()["status"] == "expired"
    assert [x["id"] for x in client.get(Q, params={"status": "expired"}, headers=h).json()["data"]] == [q["id"]]
    r = client.post(f"{Q}/{q['id']}/convert", json={"payment_method": "tarjeta"}, headers=h)
    assert r.status_code == 400 and "expired on 2026-04-02" in r.json()["error"]
    assert _stock(client, h, item) == (3, 0)
    assert client.get("/pos/api/sales/last", headers=h).status_code == 404


def test_cancelling_a_quotation_twice_is_refused(client: TestClient, h: H, item: int) -> None:
    q = client.post(Q, json={"items": [_line(item)]}, headers=h).json()
    assert client.put(f"{Q}/{q['id']}/cancel", headers=h).json()["status"] == "cancelled"
    again = client.put(f"{Q}/{q['id']}/cancel", headers=h)
    assert again.status_code == 400 and "is cancelled" in again.json()["error"]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"items": []}, "at least one item"),
        ({"items": "x"}, "items"),
        ({"valid_days": 0}, "valid_days"),
        ({"valid_days": 400}, "valid_days"),
        ({"valid_days": "diez"}, "valid_days"),
        ({"customer_id": 0}, "customer_id"),
        ({"items": [{"inventory_id": 0, "quantity": -1}]}, "quantity"),
        ({"items": [{"inventory_id": 0, "quantity": 1, "tax_rate": 0.1}]}, "tax_rate"),
    ],
)
def test_bad_quotations_are_refused(client: TestClient, h: H, item: int, body: dict[str, Any], words: str) -> None:
    full: dict[str, Any] = {"items": [_line(item)], **body}
    if isinstance(full["items"], list):
        for ln in full["items"]:
            ln["inventory_id"] = item
    r = client.post(Q, json=full, headers=h)
    assert r.status_code == 400, r.text
    assert words in r.json()["error"], r.json()
    assert client.get(Q, headers=h).json()["pagination"]["total"] == 0


def test_a_layaway_reserves_takes_payments_and_completes_only_at_zero(
    client: TestClient, h: H, item: int, register: int
) -> None:
    key = {**h, "Idempotency-Key": "apartado-1"}
    made = _layaway(client, h, item, notes="Apartado motor de arranque")
    assert made.status_code == 201, made.text
    x = made.json()
    assert (x["folio"], x["total"], x["paid"], x["balance"], x["status"]) == ("A-0001", 5800, 2000, 3800, "active")
    assert [p["folio"] for p in x["payments"]] == ["AB-0001"] and x["payments"][0]["payment_method"] == "efectivo"
    assert _stock(client, h, item) == (3, 1)
    assert _cash(client, h)["layaway_cash"] == 2000 and _cash(client, h)["expected_cash"] == 3000
    too_much = client.post(f"{L}/{x['id']}/payment", json={"amount": 3800.01}, headers=h)
    assert too_much.status_code == 400 and "more than the balance 3800" in too_much.json()["error"]
    early = client.post(f"{L}/{x['id']}/complete", headers=h)
    assert early.status_code == 400 and "still owes 3800" in early.json()["error"]
    assert client.get(f"{L}/{x['id']}", headers=h).json()["paid"] == 2000
    assert _cash(client, h)["layaway_cash"] == 2000
    pay = {"amount": 3800, "payment_method": "tarjeta", "register_id": register}
    paid = client.post(f"{L}/{x['id']}/payment", json=pay, headers=key)
    assert paid.status_code == 201, paid.text
    assert client.post(f"{L}/{x['id']}/payment", json=pay, headers=key).json() == paid.json()
    assert (paid.json()["balance"], paid.json()["payment"]["folio"]) == (0, "AB-0002")
    done = client.post(f"{L}/{x['id']}/complete", headers={**h, "Idempotency-Key": "entrega-1"})
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "completed" and len(done.json()["payments"]) == 2
    assert _stock(client, h, item) == (2, 0)
    cancel = client.put(f"{L}/{x['id']}/cancel", json={"reason": "tarde"}, headers=h)
    assert cancel.status_code == 400 and "is completed" in cancel.json()["error"]


def test_cancelling_a_layaway_releases_refunds_and_only_once(
    client: TestClient, h: H, item: int, register: int
) -> None:
    x = _layaway(client, h, item).json()
    r = client.put(f"{L}/{x['id']}/cancel", json={"reason": "Cliente no completo pagos", "penalty": 200}, headers=h)
    assert r.status_code == 200, r.text
    assert (r.json()["policy"], r.json()["refunded"], r.json()["refund_method"]) == ("refund", 1800, "efectivo")
    assert _stock(client, h, item) == (3, 0)
    assert _cash(client, h)["expected_cash"] == 1200
    again = client.put(f"{L}/{x['id']}/cancel", json={}, headers=h)
    assert again.status_code == 400 and "is cancelled" in again.json()["error"]
    assert _cash(client, h)["expected_cash"] == 1200
    lists = client.get(L, params={"status": "cancelled", "customer_id": CID}, headers=h).json()
    assert [y["folio"] for y in lists["data"]] == ["A-0001"]


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ({"customer_id": None}, "customer_id"),
        ({"due_date": "2026-03-31"}, "in the past"),
        ({"due_date": "30/04/2026"}, "due_date"),
        ({"due_date": None}, "due_date"),
        ({"down_payment": -5}, "down_payment"),
        ({"down_payment": 5800.01}, "more than the total"),
        ({"payment_method": "credito"}, "payment_method"),
        ({"items": [{"inventory_id": 0, "quantity": 4}]}, "stock"),
    ],
)
def test_bad_layaways_are_refused_and_nothing_is_reserved(
    client: TestClient, h: H, item: int, register: int, extra: dict[str, Any], words: str
) -> None:
    for ln in extra.get("items", []):
        ln["inventory_id"] = item
    r = _layaway(client, h, item, **extra)
    assert r.status_code == 400, r.text
    assert words in r.json()["error"], r.json()
    assert _stock(client, h, item) == (3, 0)
    assert _cash(client, h)["layaway_cash"] == 0
    assert client.get(L, headers=h).json()["pagination"]["total"] == 0


def test_unknown_and_foreign_quotations_and_layaways_are_not_found(
    client: TestClient, h: H, item: int, register: int, other_shop: TenantCreated
) -> None:
    q = client.post(Q, json={"items": [_line(item)]}, headers=h).json()
    x = _layaway(client, h, item).json()
    intruder = bearer(login(client, other_shop.tenant_id, "9999").json()["token"])
    for method, url, body in [
        ("GET", f"{Q}/{q['id']}", None),
        ("POST", f"{Q}/{q['id']}/convert", {"payment_method": "tarjeta"}),
        ("PUT", f"{Q}/{q['id']}/cancel", None),
        ("GET", f"{L}/{x['id']}", None),
        ("POST", f"{L}/{x['id']}/payment", {"amount": 1}),
        ("POST", f"{L}/{x['id']}/complete", None),
        ("PUT", f"{L}/{x['id']}/cancel", {}),
        ("GET", f"{Q}/999", None),
        ("GET", f"{L}/abc", None),
    ]:
        r = client.request(method, url, json=body, headers=intruder if "999" not in url else h)
        assert r.status_code == 404, (method, url, r.text)
    assert client.get(f"{L}/{x['id']}", headers=h).json()["status"] == "active"
