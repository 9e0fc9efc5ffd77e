"""Over HTTP: the return of a credit sale (a credit note on the account, money back for what was
paid), a sale's detail with its returns and customer, and ``tax_rate: "exempt"`` on sale, quotation
and layaway lines."""

from __future__ import annotations

from typing import Any

import pytest
from http_support import TestClient

SALES = "/pos/api/sales"
REG = "/pos/api/register"
INV = "/pos/api/inventory"
CUST = "/pos/api/customers"
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
def customer(client: TestClient, h: H) -> int:
    body = {"name": "Taller Perez", "rfc": "TPE010101AB1", "razon_social": "Taller Perez SA", "credit_limit": 5000}
    r = client.post(CUST, json=body, headers=h)
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


@pytest.fixture
def register(client: TestClient, h: H) -> int:
    r = client.post(f"{REG}/open", json={"opening_amount": 1000}, headers=h)
    assert r.status_code == 201, r.text
    return int(r.json()["register_id"])


def _post(client: TestClient, url: str, body: dict[str, Any], h: H) -> Any:
    r = client.post(url, json=body, headers=h)
    assert r.status_code == 201, r.text
    return r.json()


def test_a_credit_sale_returns_as_a_credit_note_then_money_and_the_detail_lists_it(
    client: TestClient, h: H, item: int, customer: int, register: int
) -> None:
    line = {"inventory_id": item, "quantity": 2, "unit_price": 350}
    body = {"items": [line], "customer_id": customer, "sale_type": "credit", "amount_paid": 100}
    sale = _post(client, SALES, {**body, "payment_method": "efectivo"}, h)  # 812.00: 100 now, 712 on account
    assert client.get(f"{CUST}/{customer}", headers=h).json()["balance"] == 712
    back = {"sale_id": sale["sale_id"], "items": [{"inventory_id": item, "quantity": 2}], "reason": "No le quedo"}
    ret = _post(client, f"{INV}/return", back, h)
    assert (ret["credited"], ret["refunds"], ret["sale_status"]) == (
        712,
        [{"method": "efectivo", "amount": 100}],
        "returned",
    )
    assert client.get(f"{CUST}/{customer}", headers=h).json()["balance"] == 0
    statement = client.get(f"{CUST}/{customer}/statement", headers=h).json()
    assert [(m["type"], m["amount"], m["balance"]) for m in statement["transactions"]] == [
        ("return", -712, 0),
        ("payment", -100, 712),
        ("sale", 812, 812),
    ]
    cut = client.get(f"{REG}/cut-x", headers=h).json()
    assert cut["expected_cash"] == 1000  # 100 in with the sale, 100 back with the return
    detail = client.get(f"{SALES}/{sale['sale_id']}", headers=h).json()
    assert detail["customer"] == {
        "id": customer,
        "name": "Taller Perez",
        "rfc": "TPE010101AB1",
        "razon_social": "Taller Perez SA",
    }
    [r] = detail["returns"]
    assert (r["folio"], r["total"], r["refund"], r["credited"], r["reason"]) == ("D-0001", 812, 100, 712, "No le quedo")
    assert r["items"] == [{"inventory_id": item, "quantity": 2, "subtotal": 700, "tax": 112, "total": 812}]
    assert r["business_date"] == detail["business_date"]


def test_a_walk_in_sale_has_no_customer_and_no_returns_until_one_is_made(
    client: TestClient, h: H, item: int, register: int
) -> None:
    sale = _post(client, SALES, {"items": [{"inventory_id": item, "quantity": 1}], "payment_method": "efectivo"}, h)
    detail = client.get(f"{SALES}/{sale['sale_id']}", headers=h).json()
    assert (detail["customer"], detail["returns"]) == (None, [])


def test_exempt_lines_are_accepted_on_sales_quotations_and_layaways(
    client: TestClient, h: H, item: int, customer: int, register: int
) -> None:
    lines = [
        {"inventory_id": item, "quantity": 1, "unit_price": 100, "tax_rate": "exempt"},
        {"inventory_id": item, "quantity": 1, "unit_price": 100, "tax_rate": "0.16"},
    ]
    sale = _post(client, SALES, {"items": lines, "payment_method": "efectivo", "amount_paid": 216}, h)
    assert (sale["subtotal"], sale["tax"], sale["total"], sale["change"]) == (200, 16, 216, 0)
    detail = client.get(f"{SALES}/{sale['sale_id']}", headers=h).json()
    assert [ln["tax_rate"] for ln in detail["items"]] == ["exempt", "0.16"]
    quote = _post(client, "/pos/api/quotations", {"items": lines, "customer_id": customer}, h)
    assert (quote["tax"], quote["total"]) == (16, 216)
    lay = {"items": lines[:1], "customer_id": customer, "down_payment": 50, "due_date": "2026-04-30"}
    layaway = _post(client, "/pos/api/layaways", lay, h)
    assert (layaway["total"], layaway["items"][0]["tax_rate"]) == (100, "exempt")


@pytest.mark.parametrize("rate", ["exento!", "0.10", "free", True, {"rate": 0}, "16%"])
def test_a_tax_rate_outside_sats_set_is_refused_and_sells_nothing(
    client: TestClient, h: H, item: int, register: int, rate: Any
) -> None:
    body = {"items": [{"inventory_id": item, "quantity": 1, "tax_rate": rate}], "payment_method": "efectivo"}
    r = client.post(SALES, json=body, headers=h)
    assert r.status_code == 400 and "tax_rate" in r.json()["error"], r.text
    assert client.get(f"{INV}/items/{item}", headers=h).json()["stock"] == 10
