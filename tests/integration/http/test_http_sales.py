"""Sales over HTTP: the seed's payment methods, change, cancellation, retries, refusals and tenancy."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from http_support import TestClient, add_employee, bearer, login

from nexus_core.services.tenants import TenantCreated

SALES = "/pos/api/sales"
REG = "/pos/api/register"
INV = "/pos/api/inventory"
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


def _sell(client: TestClient, h: H, body: dict[str, Any]) -> Any:
    return client.post(SALES, json=body, headers=h)


def _line(item: int, **extra: Any) -> dict[str, Any]:
    return {"inventory_id": item, "quantity": 2, **extra}


def test_a_cash_sale_gives_change_issues_stock_and_feeds_the_register(
    client: TestClient, h: H, item: int, register: int
) -> None:
    r = _sell(client, h, {"items": [_line(item)], "payment_method": "efectivo", "amount_paid": 1000})
    assert r.status_code == 201, r.text
    made = r.json()
    assert (made["folio"], made["total"], made["change"], made["register_id"]) == ("V-0001", 812, 188, register)
    assert _stock(client, h, item) == 8
    sale = client.get(f"{SALES}/{made['sale_id']}", headers=h).json()
    assert sale["status"] == "completed" and sale["payments"] == [{"method": "efectivo", "amount": 812}]
    assert sale["items"][0]["unit_price"] == 350 and sale["items"][0]["tax"] == 112
    assert client.get(f"{SALES}/last", headers=h).json()["folio"] == "V-0001"
    x = client.get(f"{REG}/cut-x", headers=h).json()
    assert x["sales_cash"] == 812 and x["expected_cash"] == 1812 and x["sales_count"] == 1


def test_card_transfer_and_mixed_tenders(client: TestClient, h: H, item: int, register: int) -> None:
    assert _sell(client, h, {"items": [_line(item)], "payment_method": "tarjeta"}).json()["change"] == 0
    assert _sell(client, h, {"items": [_line(item)], "payment_method": "transferencia"}).status_code == 201
    details = [{"method": "efectivo", "amount": 500}, {"method": "tarjeta", "amount": 312, "reference": "AUTH-1"}]
    mixed = _sell(client, h, {"items": [_line(item)], "payment_method": "mixto", "payment_details": details})
    assert mixed.status_code == 201, mixed.text
    x = client.get(f"{REG}/cut-x", headers=h).json()
    assert (x["sales_card"], x["sales_transfer"], x["sales_cash"]) == (1124, 812, 500)


def test_a_card_sale_needs_no_register_but_cash_does(client: TestClient, h: H, item: int) -> None:
    assert _sell(client, h, {"items": [_line(item)], "payment_method": "tarjeta"}).status_code == 201
    cash = _sell(client, h, {"items": [_line(item)], "payment_method": "efectivo", "amount_paid": 900})
    assert cash.status_code == 400 and "open register" in cash.json()["error"]
    assert _stock(client, h, item) == 8


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"items": [], "payment_method": "tarjeta"}, "at least one item"),
        ({"items": [{"inventory_id": 0, "quantity": 0}], "payment_method": "tarjeta"}, "quantity"),
        ({"items": [{"inventory_id": 0, "quantity": -1}], "payment_method": "tarjeta"}, "quantity"),
        ({"items": [{"inventory_id": 0, "quantity": 1, "unit_price": -5}], "payment_method": "tarjeta"}, "price"),
        ({"items": [{"inventory_id": 0, "quantity": 1, "tax_rate": "0.10"}], "payment_method": "tarjeta"}, "tax_rate"),
        ({"items": [{"inventory_id": 0, "quantity": 1}], "payment_method": "cheque"}, "payment_method"),
        ({"items": [{"inventory_id": 0, "quantity": 1}], "payment_method": "credito"}, "credit"),
        (
            {"items": [{"inventory_id": 0, "quantity": 1}], "payment_method": "tarjeta", "sale_type": "fiado"},
            "sale_type",
        ),
        ({"items": [{"inventory_id": 0, "quantity": 1}], "payment_method": "efectivo", "amount_paid": 1}, "short"),
        ({"items": [{"inventory_id": 0, "quantity": 1}], "payment_method": "tarjeta", "amount_paid": 900}, "change"),
        ({"items": [{"inventory_id": 0, "quantity": 1}], "payment_method": "mixto"}, "payment_details"),
        ({"items": [{"inventory_id": 0, "quantity": 100}], "payment_method": "tarjeta"}, "stock"),
    ],
)
def test_bad_sales_are_refused_naming_the_problem_and_change_nothing(
    client: TestClient, h: H, item: int, register: int, body: dict[str, Any], words: str
) -> None:
    for ln in body["items"]:
        ln["inventory_id"] = item
    r = _sell(client, h, body)
    assert r.status_code == 400, r.text
    assert words in r.json()["error"].lower(), r.json()
    assert _stock(client, h, item) == 10
    assert client.get(f"{SALES}/last", headers=h).status_code == 404
    assert client.get(f"{REG}/cut-x", headers=h).json()["sales_count"] == 0


def test_unknown_items_and_sales_are_not_found(client: TestClient, h: H, register: int) -> None:
    r = _sell(client, h, {"items": [{"inventory_id": 999, "quantity": 1}], "payment_method": "tarjeta"})
    assert r.status_code == 404
    assert client.get(f"{SALES}/999", headers=h).status_code == 404
    assert client.get(f"{SALES}/abc", headers=h).status_code == 404
    assert client.put(f"{SALES}/999/cancel", headers=h).status_code == 404


def test_cancel_restores_stock_refunds_cash_and_only_once(client: TestClient, h: H, item: int, register: int) -> None:
    sale = _sell(client, h, {"items": [_line(item)], "payment_method": "efectivo", "amount_paid": 812}).json()
    cancelled = client.put(f"{SALES}/{sale['sale_id']}/cancel", headers=h)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["cancel_entry_id"] is not None
    assert _stock(client, h, item) == 10
    x = client.get(f"{REG}/cut-x", headers=h).json()
    assert x["expected_cash"] == 1000 and x["cancelled_count"] == 1 and x["total_sales"] == 0
    twice = client.put(f"{SALES}/{sale['sale_id']}/cancel", headers=h)
    assert twice.status_code == 400 and "only a completed sale" in twice.json()["error"]
    assert _stock(client, h, item) == 10


def test_retried_sale_and_cancel_happen_once(client: TestClient, h: H, item: int, register: int) -> None:
    key = {**h, "Idempotency-Key": "sale-1"}
    body = {"items": [_line(item)], "payment_method": "efectivo", "amount_paid": 1000}
    first, again = _sell(client, key, body), _sell(client, key, body)
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert _stock(client, h, item) == 8
    cancel = {**h, "Idempotency-Key": "cancel-1"}
    url = f"{SALES}/{first.json()['sale_id']}/cancel"
    one, two = client.put(url, headers=cancel), client.put(url, headers=cancel)
    assert one.status_code == two.status_code == 200 and one.json() == two.json()
    assert _stock(client, h, item) == 10


def test_another_tenants_sale_and_item_are_not_found(
    client: TestClient, h: H, item: int, register: int, other_shop: TenantCreated
) -> None:
    sale = _sell(client, h, {"items": [_line(item)], "payment_method": "tarjeta"}).json()["sale_id"]
    other = bearer(login(client, other_shop.tenant_id, "9999").json()["token"])
    assert client.get(f"{SALES}/{sale}", headers=other).status_code == 404
    assert client.put(f"{SALES}/{sale}/cancel", headers=other).status_code == 404
    r = _sell(client, other, {"items": [_line(item)], "payment_method": "tarjeta"})
    assert r.status_code == 404
    assert client.get(f"{SALES}/{sale}", headers=h).json()["status"] == "completed"


def test_permissions_a_cashier_sells_but_cannot_cancel_a_clerk_cannot_sell(
    client: TestClient, h: H, item: int, cashier_headers: H, shop: TenantCreated
) -> None:
    sale = _sell(client, cashier_headers, {"items": [_line(item)], "payment_method": "tarjeta"})
    assert sale.status_code == 201, sale.text
    assert client.get(f"{SALES}/last", headers=cashier_headers).json()["employee_id"] != 1
    url = f"{SALES}/{sale.json()['sale_id']}/cancel"
    assert client.put(url, headers=cashier_headers).status_code == 403
    add_employee(client, h, name="Pedro Almacen", role="warehouse", pin="4321")
    clerk = bearer(login(client, shop.tenant_id, "4321").json()["token"])
    assert _sell(client, clerk, {"items": [_line(item)], "payment_method": "tarjeta"}).status_code == 403
    assert client.put(url, headers=h).status_code == 200


def _exact(r: Any) -> Any:
    """An answer with its money as Decimal (the digits sent, never a float)."""
    assert r.status_code < 300, r.text
    return json.loads(r.text, parse_float=Decimal)


def test_the_sale_and_its_cancellation_are_in_the_books_with_the_tickets_figures(
    client: TestClient, h: H, item: int, register: int
) -> None:
    lines = [_line(item, discount_pct="7.5"), {"inventory_id": item, "quantity": 1, "unit_price": "99.99"}]
    total = _exact(_sell(client, h, {"items": lines, "payment_method": "tarjeta"}))["total"]
    details = [{"method": "efectivo", "amount": "300"}, {"method": "tarjeta", "amount": str(total - 300)}]
    made = _exact(_sell(client, h, {"items": lines, "payment_method": "mixto", "payment_details": details}))
    sale = _exact(client.get(f"{SALES}/{made['sale_id']}", headers=h))
    assert sale["total"] == sum(ln["total"] for ln in sale["items"]) == made["total"] == total
    assert [p["amount"] for p in sale["payments"]] == [300, total - 300]
    entry = _exact(client.get(f"/pos/api/accounting/entries/{sale['entry_id']}", headers=h))
    net: dict[str, Decimal] = {}
    for ln in entry["lines"]:
        net[ln["account_code"]] = net.get(ln["account_code"], Decimal(0)) + ln["debit"] - ln["credit"]
    assert (-net["401.01"], -net["208.01"]) == (sale["subtotal"], sale["tax"])
    cancelled = _exact(client.put(f"{SALES}/{made['sale_id']}/cancel", headers=h))
    reversal = _exact(client.get(f"/pos/api/accounting/entries/{cancelled['cancel_entry_id']}", headers=h))
    assert sum(ln["debit"] for ln in reversal["lines"]) == sum(ln["debit"] for ln in entry["lines"])
