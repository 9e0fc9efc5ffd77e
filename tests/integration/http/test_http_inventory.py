"""The inventory endpoints over HTTP: shapes, stock meaning, search, pagination, bad input, tenancy."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from http_support import TestClient, bearer, login

from nexus_core.services.tenants import TenantCreated

INV = "/pos/api/inventory"
H = dict[str, str]


def _item(client: TestClient, h: H, **fields: Any) -> dict[str, Any]:
    body = {"name": "Pastillas de freno delanteras", "branch_id": 1, "price_1": 350, **fields}
    r = client.post(f"{INV}/items", json=body, headers=h)
    assert r.status_code == 201, r.text
    return r.json()


@pytest.fixture
def h(owner_headers: H) -> H:
    return owner_headers


@pytest.fixture
def branch2(client: TestClient, h: H) -> int:
    r = client.post("/pos/api/config/branches", json={"name": "Sucursal Norte"}, headers=h)
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def test_created_item_gets_an_ean13_with_the_750_prefix_and_lists_with_its_stock(client: TestClient, h: H) -> None:
    made = _item(client, h, part_number="04465-02220", cost=150, initial_stock=10, min_stock=5)
    code = made["barcode"]
    assert code.startswith("750") and len(code) == 13
    weights = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(code[:12]))
    assert (10 - weights % 10) % 10 == int(code[12])
    listed = client.get(f"{INV}/items", headers=h).json()
    assert listed["pagination"] == {"page": 1, "per_page": 50, "total": 1, "total_pages": 1, "total_capped": False}
    row = listed["data"][0]
    assert row["id"] == made["id"] and row["stock"] == 10 and row["branch_name"]
    assert row["cost"] == 150 and row["price_1"] == 350 and row["tax_rate"] == 0.16
    other = client.post(f"{INV}/generate-barcode", headers=h).json()["barcode"]
    assert other != code and other.startswith("750")


def test_part_number_is_found_however_it_is_typed_and_words_by_prefix(client: TestClient, h: H) -> None:
    pads = _item(client, h, part_number="04465-02220")["id"]
    _item(client, h, name="Filtro de aceite", part_number="90915-YZZD2", barcode="7501234567893")
    for typed in ("04465-02220", "0446502220", "04465 02220", "04465.02220"):
        found = client.get(f"{INV}/items", params={"q": typed}, headers=h).json()["data"]
        assert [r["id"] for r in found] == [pads], typed
    assert [r["name"] for r in client.get(f"{INV}/items", params={"q": "fren delan"}, headers=h).json()["data"]] == [
        "Pastillas de freno delanteras"
    ]
    by_code = client.get(f"{INV}/items", params={"q": "7501234567893"}, headers=h).json()["data"]
    assert [r["name"] for r in by_code] == ["Filtro de aceite"]
    assert client.get(f"{INV}/items", params={"q": "bujia"}, headers=h).json()["data"] == []


def test_stock_is_on_hand_minus_reserved_of_the_branch_asked_else_home(client: TestClient, h: H, branch2: int) -> None:
    item = _item(client, h, initial_stock=10, cost=100)["id"]
    move = {"from_branch_id": 1, "to_branch_id": branch2, "items": [{"inventory_id": item, "quantity": 4}]}
    assert client.post(f"{INV}/transfer", json=move, headers=h).status_code == 201
    home = client.get(f"{INV}/items", headers=h).json()["data"][0]
    north = client.get(f"{INV}/items", params={"branch_id": branch2}, headers=h).json()["data"][0]
    assert (home["stock"], north["stock"]) == (6, 4)
    detail = client.get(f"{INV}/items/{item}", headers=h).json()
    assert detail["on_hand"] == 6 and detail["reserved"] == 0 and detail["stock"] == 6
    assert {b["branch_id"]: b["stock"] for b in detail["branches"]} == {1: 6, branch2: 4}
    assert [m["type"] for m in detail["movements"]][:2] == ["transfer_in", "transfer_out"]
    history = client.get(f"{INV}/items/{item}/history", params={"limit": 1}, headers=h).json()
    assert len(history["movements"]) == 1
    compare = client.get(f"{INV}/reports/branch-comparison", params={"inventory_id": item}, headers=h).json()
    assert [(b["branch_id"], b["on_hand"]) for b in compare["branches"]] == [(1, 6), (branch2, 4)]


def test_purchase_adjustment_and_count_move_stock_and_answer_what_happened(client: TestClient, h: H) -> None:
    item = _item(client, h, cost=100, min_stock=5)["id"]
    buy = {
        "supplier": "Distribuidora Central",
        "invoice_number": "FAC-001",
        "items": [{"inventory_id": item, "quantity": 20, "unit_cost": 145}],
    }
    r = client.post(f"{INV}/purchase", json=buy, headers={**h, "Idempotency-Key": "buy-1"})
    assert r.status_code == 201, r.text
    assert r.json()["subtotal"] == 2900 and r.json()["tax"] == 464 and r.json()["total"] == 3364
    again = client.post(f"{INV}/purchase", json=buy, headers={**h, "Idempotency-Key": "buy-1"})
    assert again.json() == r.json()
    adj = client.post(f"{INV}/adjustment", json={"inventory_id": item, "quantity": -2, "reason": "Merma"}, headers=h)
    assert adj.status_code == 201 and adj.json()["on_hand"] == 18
    start = client.post(
        f"{INV}/physical-count/start",
        json={"branch_id": 1, "items": [{"inventory_id": item, "counted_quantity": 17}]},
        headers=h,
    ).json()
    approved = client.post(f"{INV}/physical-count/approve", json={"count_id": start["count_id"]}, headers=h)
    assert approved.status_code == 200 and approved.json()["adjusted"] == [{"inventory_id": item, "difference": -1}]
    twice = client.post(f"{INV}/physical-count/approve", json={"count_id": start["count_id"]}, headers=h)
    assert twice.status_code == 400 and "already approved" in twice.json()["error"]
    assert client.get(f"{INV}/items/{item}", headers=h).json()["stock"] == 17


def test_pagination_caps_per_page_at_200(client: TestClient, h: H) -> None:
    for n in range(3):
        _item(client, h, name=f"Balata {n}")
    page = client.get(f"{INV}/items", params={"per_page": 2, "page": 2}, headers=h).json()
    assert page["pagination"] == {"page": 2, "per_page": 2, "total": 3, "total_pages": 2, "total_capped": False}
    assert len(page["data"]) == 1
    capped = client.get(f"{INV}/items", params={"per_page": 5000}, headers=h).json()
    assert capped["pagination"]["per_page"] == 200
    assert client.get(f"{INV}/items", params={"per_page": 0}, headers=h).status_code == 400


def test_alerts_and_reports(client: TestClient, h: H) -> None:
    low = _item(client, h, name="Amortiguador", cost=500, initial_stock=2, min_stock=5)["id"]
    zero = _item(client, h, name="Bujia")["id"]
    over = _item(client, h, name="Tapon", cost=10, initial_stock=30, max_stock=10)["id"]
    alerts = client.get(f"{INV}/alerts", headers=h).json()
    assert [r["inventory_id"] for r in alerts["zero_stock"]] == [zero]
    assert [r["inventory_id"] for r in alerts["low_stock"]] == [low]
    assert [r["inventory_id"] for r in alerts["over_stock"]] == [over]
    value = client.get(f"{INV}/reports/valuation", headers=h).json()
    assert value["total_cost_value"] == 1300 and value["item_count"] == 2
    assert [r["inventory_id"] for r in value["items"]] == [low, over]
    lows = client.get(f"{INV}/reports/low-stock", headers=h).json()
    assert [r["inventory_id"] for r in lows["items"]] == [low]
    still = client.get(f"{INV}/reports/no-movement", params={"days": 30}, headers=h).json()
    assert still["items"] == []  # both moved today
    abc = client.get(f"{INV}/reports/abc", headers=h).json()
    assert abc["items"] == [] and abc["total_value"] == 0


def test_categories_filter_and_brands(client: TestClient, h: H) -> None:
    r = client.post(f"{INV}/categories", json={"name": "Frenos"}, headers=h)
    assert r.status_code == 201
    cat = r.json()["id"]
    assert client.post(f"{INV}/categories", json={"name": "frenos"}, headers=h).status_code == 400
    _item(client, h, category_id=cat, brand="Toyota")
    _item(client, h, name="Filtro", brand="Bosch")
    assert client.get(f"{INV}/categories", headers=h).json() == {"data": [{"id": cat, "name": "Frenos"}]}
    only = client.get(f"{INV}/items", params={"category_id": cat}, headers=h).json()
    assert [r["category_id"] for r in only["data"]] == [cat]
    assert client.get(f"{INV}/brands", headers=h).json() == {"data": ["Bosch", "Toyota"]}


@pytest.mark.parametrize(
    ("path", "body", "status", "words"),
    [
        (
            "transfer",
            {"from_branch_id": 1, "to_branch_id": 1, "items": [{"inventory_id": 0, "quantity": 1}]},
            400,
            ["from_branch_id", "to_branch_id"],
        ),
        ("adjustment", {"inventory_id": 0, "quantity": -50, "reason": "x"}, 400, ["cannot remove 50", "on hand 10"]),
        ("adjustment", {"inventory_id": 0, "quantity": 0, "reason": "x"}, 400, ["quantity"]),
        ("purchase", {"items": [{"inventory_id": 0, "quantity": 1, "unit_cost": "1.005"}]}, 400, ["unit_cost"]),
        ("purchase", {"items": [{"inventory_id": 0, "quantity": -1, "unit_cost": 1}]}, 400, ["quantity"]),
        ("purchase", {"items": [{"inventory_id": 0, "quantity": 1, "unit_cost": "abc"}]}, 400, ["unit_cost"]),
        ("purchase", {"items": [{"inventory_id": 999999, "quantity": 1, "unit_cost": 1}]}, 404, ["item 999999"]),
        (
            "transfer",
            {"from_branch_id": 1, "to_branch_id": 999, "items": [{"inventory_id": 0, "quantity": 1}]},
            404,
            ["branch 999"],
        ),
        (
            "transfer",
            {"from_branch_id": 1, "to_branch_id": 2, "items": [{"inventory_id": 0, "quantity": 11}]},
            400,
            ["insufficient", "11"],
        ),
    ],
)
def test_bad_stock_input_is_refused_naming_it_and_changes_nothing(
    client: TestClient, h: H, branch2: int, path: str, body: dict[str, Any], status: int, words: list[str]
) -> None:
    item = _item(client, h, cost=100, initial_stock=10)["id"]
    sent = json.loads(json.dumps(body).replace('"inventory_id": 0', f'"inventory_id": {item}'))
    r = client.post(f"{INV}/{path}", json=sent, headers=h)
    assert r.status_code == status, r.text
    for word in words:
        assert word in r.json()["error"]
    detail = client.get(f"{INV}/items/{item}", headers=h).json()
    assert detail["on_hand"] == 10 and len(detail["movements"]) == 1


def test_duplicate_barcode_or_part_number_is_refused(client: TestClient, h: H) -> None:
    _item(client, h, part_number="04465-02220", barcode="7501234567893")
    dup = client.post(f"{INV}/items", json={"name": "Otra", "branch_id": 1, "part_number": "0446502220"}, headers=h)
    assert dup.status_code == 400 and "part number" in dup.json()["error"]
    dup = client.post(f"{INV}/items", json={"name": "Otra", "branch_id": 1, "barcode": "7501234567893"}, headers=h)
    assert dup.status_code == 400 and "barcode" in dup.json()["error"]
    assert client.get(f"{INV}/items", headers=h).json()["pagination"]["total"] == 1


def test_unknown_filters_and_ids_answer_404(client: TestClient, h: H) -> None:
    assert client.get(f"{INV}/items/424242", headers=h).status_code == 404
    assert client.get(f"{INV}/items/abc", headers=h).status_code == 404
    assert client.get(f"{INV}/items/424242/history", headers=h).status_code == 404
    assert client.put(f"{INV}/items/424242", json={"name": "x"}, headers=h).status_code == 404
    assert client.get(f"{INV}/items", params={"branch_id": 999}, headers=h).status_code == 404
    assert client.get(f"{INV}/items", params={"category_id": 999}, headers=h).status_code == 404
    assert client.get(f"{INV}/reports/valuation", params={"branch_id": 999}, headers=h).status_code == 404
    assert client.get(f"{INV}/reports/branch-comparison", params={"inventory_id": 999}, headers=h).status_code == 404
    r = client.post(f"{INV}/items", json={"name": "x", "branch_id": 1, "category_id": 999}, headers=h)
    assert r.status_code == 404


def test_another_tenants_items_are_404_like_missing_ones(client: TestClient, h: H, other_shop: TenantCreated) -> None:
    mine = _item(client, h, initial_stock=3, cost=10)["id"]
    theirs = bearer(login(client, other_shop.tenant_id, "9999").json()["token"])
    assert client.get(f"{INV}/items/{mine}", headers=theirs).status_code == 404
    assert client.put(f"{INV}/items/{mine}", json={"name": "mio"}, headers=theirs).status_code == 404
    adj = {"inventory_id": mine, "quantity": -1, "reason": "robo"}
    assert client.post(f"{INV}/adjustment", json=adj, headers=theirs).status_code == 404
    assert client.get(f"{INV}/items", headers=theirs).json()["data"] == []
    assert client.get(f"{INV}/items", params={"branch_id": 1}, headers=theirs).status_code == 404
    assert client.get(f"{INV}/items/{mine}", headers=h).json()["stock"] == 3


def test_permissions_follow_the_seed(client: TestClient, h: H, cashier_headers: H) -> None:
    item = _item(client, h)["id"]
    assert client.get(f"{INV}/items", headers=cashier_headers).status_code == 200
    assert client.post(f"{INV}/items", json={"name": "x", "branch_id": 1}, headers=cashier_headers).status_code == 403
    assert client.put(f"{INV}/items/{item}", json={"name": "y"}, headers=cashier_headers).status_code == 403
    adj = {"inventory_id": item, "quantity": 1, "reason": "x"}
    assert client.post(f"{INV}/adjustment", json=adj, headers=cashier_headers).status_code == 403


def test_update_changes_only_the_fields_sent(client: TestClient, h: H) -> None:
    item = _item(client, h, brand="Toyota", price_1=350)["id"]
    r = client.put(f"{INV}/items/{item}", json={"price_2": "300.50"}, headers=h)
    assert r.status_code == 200, r.text
    row = client.get(f"{INV}/items/{item}", headers=h).json()
    assert row["price_2"] == 300.5 and row["brand"] == "Toyota" and row["price_1"] == 350
    assert client.put(f"{INV}/items/{item}", json={"cost": 1}, headers=h).status_code == 400
    assert client.put(f"{INV}/items/{item}", json={"price_1": 1.005}, headers=h).status_code == 400
    assert Decimal(str(client.get(f"{INV}/items/{item}", headers=h).json()["price_1"])) == 350


def test_an_update_cannot_set_initial_stock(client: TestClient, h: H) -> None:
    item = _item(client, h, cost=100, initial_stock=3)["id"]
    r = client.put(f"{INV}/items/{item}", json={"initial_stock": 50, "name": "otro"}, headers=h)
    assert r.status_code == 400 and "initial_stock" in r.json()["error"], r.text
    row = client.get(f"{INV}/items/{item}", headers=h).json()
    assert row["stock"] == 3 and row["name"] == "Pastillas de freno delanteras"
