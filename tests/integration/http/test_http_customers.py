"""Customers over HTTP: the seed's shapes, search, partial updates, vehicles, credit sales, payments and
the statement; bad input answers 400 naming the field and writes nothing; another tenant's is 404."""

from __future__ import annotations

from typing import Any

import pytest
from http_support import TestClient, bearer, login

from nexus_core.services.tenants import TenantCreated

CUST = "/pos/api/customers"
H = dict[str, str]
SEED = {
    "name": "Taller Perez",
    "rfc": "XAXX010101000",
    "razon_social": "Taller Mecanico Perez SA de CV",
    "regimen_fiscal": "601",
    "codigo_postal": "06600",
    "uso_cfdi": "G03",
    "email": "taller@correo.com",
    "phone": "555-9876",
    "address": "Calle Reforma 50",
    "price_tier": "taller",
    "credit_limit": 50000.00,
    "branch_id": 1,
}


@pytest.fixture
def h(owner_headers: H) -> H:
    return owner_headers


@pytest.fixture
def taller(client: TestClient, h: H) -> int:
    r = client.post(CUST, json=SEED, headers=h)
    assert r.status_code == 201, r.text
    assert r.json()["message"] == "Customer created"
    return int(r.json()["id"])


@pytest.fixture
def item(client: TestClient, h: H) -> int:
    body = {"name": "Balatas", "branch_id": 1, "cost": 50, "price_1": 100, "price_2": 90, "initial_stock": 20}
    r = client.post("/pos/api/inventory/items", json=body, headers=h)
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def _customer(client: TestClient, h: H, cid: int) -> Any:
    r = client.get(f"{CUST}/{cid}", headers=h)
    assert r.status_code == 200, r.text
    return r.json()


def _credit_sale(client: TestClient, h: H, cid: int, item: int, qty: int = 2, **extra: Any) -> Any:
    body = {"items": [{"inventory_id": item, "quantity": qty}], "customer_id": cid, "sale_type": "credit", **extra}
    return client.post("/pos/api/sales", json={"payment_method": "efectivo", **body}, headers=h)


def test_a_customer_is_created_read_found_and_updated(client: TestClient, h: H, taller: int) -> None:
    got = _customer(client, h, taller)
    assert {k: got[k] for k in SEED} == SEED
    assert (got["balance"], got["available_credit"], got["credit_days"], got["active"]) == (0, 50000, 30, True)
    client.post(CUST, json={"name": "Autos Garcia", "phone": "555-1111"}, headers=h)
    found = client.get(CUST, params={"q": "perez"}, headers=h).json()
    assert [c["name"] for c in found["data"]] == ["Taller Perez"] and found["pagination"]["total"] == 1
    assert client.get(CUST, params={"q": "555-11"}, headers=h).json()["data"][0]["name"] == "Autos Garcia"
    page = client.get(CUST, params={"per_page": 1, "page": 2}, headers=h).json()
    assert [c["name"] for c in page["data"]] == ["Taller Perez"] and page["pagination"]["total_pages"] == 2
    assert client.get(CUST, params={"per_page": 500}, headers=h).json()["pagination"]["per_page"] == 200
    r = client.put(f"{CUST}/{taller}", json={"phone": "555-0000", "rfc": "pepj800101ab1"}, headers=h)
    assert r.status_code == 200, r.text
    assert (r.json()["phone"], r.json()["rfc"], r.json()["uso_cfdi"]) == ("555-0000", "PEPJ800101AB1", "G03")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"rfc": "XAXX01010100"}, "rfc"),
        ({"rfc": "XAXX011301000"}, "rfc"),
        ({"regimen_fiscal": "600"}, "regimen_fiscal"),
        ({"codigo_postal": "0660"}, "codigo_postal"),
        ({"uso_cfdi": "G99"}, "uso_cfdi"),
        ({"email": "not-an-email"}, "email"),
        ({"price_tier": "vip"}, "price_tier"),
        ({"credit_limit": -1}, "credit_limit"),
        ({"credit_limit": 10000000.01}, "credit_limit"),
        ({"credit_limit": "12.345"}, "credit_limit"),
        ({"credit_days": 400}, "credit_days"),
        ({"branch_id": "uno"}, "branch_id"),
    ],
)
def test_bad_customer_fields_are_refused_naming_the_field_and_write_nothing(
    client: TestClient, h: H, taller: int, body: dict[str, Any], field: str
) -> None:
    created = client.post(CUST, json={**SEED, **body}, headers=h)
    assert created.status_code == 400, created.text
    assert field in created.json()["error"], created.json()
    updated = client.put(f"{CUST}/{taller}", json=body, headers=h)
    assert updated.status_code == 400 and field in updated.json()["error"]
    assert client.get(CUST, headers=h).json()["pagination"]["total"] == 1
    assert {k: _customer(client, h, taller)[k] for k in SEED} == SEED


def test_an_unknown_branch_is_404_and_a_cashier_cannot_set_credit_terms(
    client: TestClient, h: H, cashier_headers: H, taller: int
) -> None:
    assert client.post(CUST, json={**SEED, "branch_id": 99}, headers=h).status_code == 404
    assert client.post(CUST, json=SEED, headers=cashier_headers).status_code == 403
    mine = client.post(CUST, json={"name": "Mostrador"}, headers=cashier_headers)
    assert mine.status_code == 201
    raise_it = client.put(f"{CUST}/{taller}", json={"credit_limit": 90000}, headers=cashier_headers)
    assert raise_it.status_code == 403 and _customer(client, h, taller)["credit_limit"] == 50000


def test_vehicles_are_added_and_listed(client: TestClient, h: H, taller: int) -> None:
    truck = {"brand": "Toyota", "model": "Hilux", "year": 2019, "plate": "abc-123", "vin": "mr0fz29g301234567"}
    r = client.post(f"{CUST}/{taller}/vehicles", json=truck, headers=h)
    assert r.status_code == 201, r.text
    assert (r.json()["plate"], r.json()["vin"]) == ("ABC-123", "MR0FZ29G301234567")
    for bad, field in [({"vin": "MR0FZ29G30123456O"}, "vin"), ({"year": 1800}, "year"), ({"brand": " "}, "brand")]:
        refused = client.post(f"{CUST}/{taller}/vehicles", json={**truck, **bad}, headers=h)
        assert refused.status_code == 400 and field in refused.json()["error"]
    missing = client.post(f"{CUST}/{taller}/vehicles", json={"model": "Hilux"}, headers=h)
    assert missing.status_code == 400 and "brand" in missing.json()["error"]
    assert [v["model"] for v in client.get(f"{CUST}/{taller}/vehicles", headers=h).json()["data"]] == ["Hilux"]


def test_a_credit_sale_goes_on_account_and_a_payment_takes_it_off(
    client: TestClient, h: H, taller: int, item: int
) -> None:
    assert client.post("/pos/api/register/open", json={"opening_amount": 500}, headers=h).status_code == 201
    sale = _credit_sale(client, h, taller, item)
    assert sale.status_code == 201, sale.text
    assert sale.json()["total"] == 208.80  # price_2 (taller) 90 x 2 + IVA
    assert _customer(client, h, taller)["balance"] == 208.80
    aging = client.get("/pos/api/accounting/aging", headers=h).json()
    assert aging["customers"][0]["customer_id"] == taller
    headers = {**h, "Idempotency-Key": "abono-1"}
    body = {"amount": 100, "payment_method": "efectivo", "reference": "REC-1", "notes": "Abono parcial"}
    paid = client.post(f"{CUST}/{taller}/payment", json=body, headers=headers)
    assert paid.status_code == 201, paid.text
    assert (paid.json()["folio"], paid.json()["balance"]) == ("PAG-0001", 108.80)
    again = client.post(f"{CUST}/{taller}/payment", json=body, headers=headers)
    assert again.json() == paid.json() and _customer(client, h, taller)["balance"] == 108.80
    x = client.get("/pos/api/register/cut-x", headers=h).json()
    assert (x["payments_cash"], x["expected_cash"], x["sales_credit"]) == (100, 600, 208.80)
    statement = client.get(f"{CUST}/{taller}/statement", headers=h).json()
    assert [(t["type"], t["amount"], t["balance"]) for t in statement["transactions"]] == [
        ("payment", -100, 108.80),
        ("sale", 208.80, 208.80),
    ]
    assert statement["customer"] == {"id": taller, "name": "Taller Perez", "credit_limit": 50000, "balance": 108.80}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"amount": 0}, "amount"),
        ({"amount": -5}, "amount"),
        ({"amount": 208.81, "payment_method": "transferencia"}, "balance"),
        ({"amount": "1.001"}, "amount"),
        ({"amount": 10, "payment_method": "cheque"}, "payment_method"),
        ({"amount": 10, "payment_method": "efectivo"}, "register"),
        ({}, "amount"),
    ],
)
def test_bad_payments_are_refused_and_write_nothing(
    client: TestClient, h: H, taller: int, item: int, body: dict[str, Any], field: str
) -> None:
    assert _credit_sale(client, h, taller, item, payment_method="tarjeta").status_code == 201
    r = client.post(f"{CUST}/{taller}/payment", json=body, headers=h)
    assert r.status_code == 400, r.text
    assert field in r.json()["error"], r.json()
    assert _customer(client, h, taller)["balance"] == 208.80
    assert len(client.get(f"{CUST}/{taller}/statement", headers=h).json()["transactions"]) == 1


def test_a_credit_sale_above_the_available_credit_or_without_a_customer_is_refused(
    client: TestClient, h: H, item: int
) -> None:
    small = client.post(CUST, json={"name": "Don Pepe", "credit_limit": 100}, headers=h).json()["id"]
    refused = _credit_sale(client, h, small, item, payment_method="tarjeta")
    assert refused.status_code == 400 and "available credit" in refused.json()["error"]
    assert client.get(f"/pos/api/inventory/items/{item}", headers=h).json()["stock"] == 20
    no_customer = client.post(
        "/pos/api/sales",
        json={"items": [{"inventory_id": item, "quantity": 1}], "payment_method": "credito"},
        headers=h,
    )
    assert no_customer.status_code == 400 and "customer" in no_customer.json()["error"]
    unknown = _credit_sale(client, h, 999, item)
    assert unknown.status_code == 404 and "customer" in unknown.json()["error"]


def test_cancelling_a_credit_sale_clears_the_account(client: TestClient, h: H, taller: int, item: int) -> None:
    sale = _credit_sale(client, h, taller, item, payment_method="tarjeta").json()
    r = client.put(f"/pos/api/sales/{sale['sale_id']}/cancel", headers=h)
    assert r.status_code == 200, r.text
    assert _customer(client, h, taller)["balance"] == 0
    assert client.get("/pos/api/accounting/aging", headers=h).json()["customers"] == []
    kinds = [t["type"] for t in client.get(f"{CUST}/{taller}/statement", headers=h).json()["transactions"]]
    assert kinds == ["cancellation", "sale"]


def test_statement_dates_are_checked(client: TestClient, h: H, taller: int) -> None:
    url = f"{CUST}/{taller}/statement"
    bad = client.get(url, params={"date_from": "2026-04-02", "date_to": "2026-04-01"}, headers=h)
    assert bad.status_code == 400 and "date_from" in bad.json()["error"]
    assert client.get(url, params={"date_from": "yesterday"}, headers=h).status_code == 400
    got = client.get(url, params={"date_from": "2026-04-01", "date_to": "2026-04-30"}, headers=h).json()
    assert (got["opening_balance"], got["transactions"]) == (0, [])


def test_another_tenants_customer_is_not_found(
    client: TestClient, h: H, taller: int, other_shop: TenantCreated
) -> None:
    r = login(client, other_shop.tenant_id, "9999")
    other = bearer(r.json()["token"])
    for method, path, body in [
        ("GET", f"{CUST}/{taller}", None),
        ("PUT", f"{CUST}/{taller}", {"phone": "1"}),
        ("GET", f"{CUST}/{taller}/statement", None),
        ("GET", f"{CUST}/{taller}/vehicles", None),
        ("POST", f"{CUST}/{taller}/vehicles", {"brand": "VW", "model": "Vocho"}),
        ("POST", f"{CUST}/{taller}/payment", {"amount": 1, "payment_method": "tarjeta"}),
    ]:
        answer = client.request(method, path, json=body, headers=other)
        assert answer.status_code == 404, (method, path, answer.text)
    assert client.get(CUST, headers=other).json()["data"] == []
    assert client.get(f"{CUST}/abc", headers=h).status_code == 404
    assert _customer(client, h, taller)["phone"] == "555-9876"
