"""The catalog over HTTP: a cashier walks brand -> model -> year -> engine -> category -> group -> parts
and sees the shop's stock; searches any spelling of a number; bad input answers 4xx naming it."""

from __future__ import annotations

from typing import Any

import pytest
from http_support import TestClient

from nexus_core.services.runner import Nexus
from nexus_core.testing.catalog_base import TINY_CATALOG, parse_files

C = "/pos/api/catalog"


@pytest.fixture(autouse=True)
def tiny_catalog(nexus: Nexus) -> None:
    nexus.uows.store.catalog.load(parse_files(TINY_CATALOG))  # type: ignore[attr-defined]


def _get(client: TestClient, headers: dict[str, str], path: str, **params: Any) -> Any:
    r = client.get(f"{C}{path}", params=params, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_cashier_finds_the_pads_of_a_corolla_and_sees_the_shelf(
    client: TestClient, owner_headers: dict[str, str], cashier_headers: dict[str, str]
) -> None:
    item = {"name": "Balata Corolla", "part_number": "0446502220", "branch_id": 1, "price_1": 350, "initial_stock": 5}
    assert client.post("/pos/api/inventory/items", json=item, headers=owner_headers).status_code == 201
    h = cashier_headers
    brands = _get(client, h, "/brands")["data"]
    assert brands == [{"id": 2, "name": "NISSAN", "part_count": 2}, {"id": 1, "name": "TOYOTA", "part_count": 8}]
    assert [m["name"] for m in _get(client, h, "/models", brand_id=1)["data"]] == ["Corolla", "Yaris"]
    assert _get(client, h, "/years", model_id=10)["data"] == [{"id": 2, "year": 2019}, {"id": 1, "year": 2018}]
    engines = _get(client, h, "/engines", model_id=10, year_id=1)["data"]
    assert engines == [{"mye_id": 1000, "engine_id": 100, "code": "2ZR-FE", "name": "1.8L 2ZR-FE"}]
    assert [c["name"] for c in _get(client, h, "/categories", mye_id=1000)["data"]] == ["Filtros", "Frenos"]
    groups = _get(client, h, "/groups", mye_id=1000, category_id=1)["data"]
    assert groups[0] == {"id": 10, "name": "Balatas delanteras", "part_count": 3}
    parts = _get(client, h, "/parts", mye_id=1000, group_id=10)
    assert parts["pagination"] == {"page": 1, "per_page": 30, "total": 3, "total_pages": 1}
    first = parts["data"][0]
    assert first == {
        "id": 500,
        "part_number": "04465-02220",
        "name": "Balatas delanteras Toyota Corolla original",
        "manufacturer": "TOYOTA",
        "is_oe": True,
        "local_stock": 5,
        "local_price": 350.0,
        "alternatives_count": 4,
    }
    assert [(p["id"], p["local_stock"], p["local_price"]) for p in parts["data"][1:]] == [
        (501, 0, None),
        (502, 0, None),
    ]


def test_search_says_how_each_part_matched(client: TestClient, cashier_headers: dict[str, str]) -> None:
    hits = _get(client, cashier_headers, "/search", q="toyota 04465 02220")["data"]
    assert [(x["id"], x["matched_via"], len(x["chain"])) for x in hits] == [
        (500, "number", 0),
        (504, "oe_cross", 1),
        (501, "aftermarket_cross", 1),
        (502, "aftermarket_cross", 2),
        (503, "aftermarket_cross", 2),
    ]
    assert hits[3]["chain"] == [
        {"from_part_id": 500, "to_part_id": 501, "source": "supplier", "direction": "both"},
        {"from_part_id": 501, "to_part_id": 502, "source": "user", "direction": "both"},
    ]
    words = _get(client, cashier_headers, "/search", q="filtro aceite", limit=1)["data"]
    assert len(words) == 1 and words[0]["matched_via"] == "words"


def test_part_detail_flags_the_cross_references_on_the_shelf(client: TestClient, owner_headers: dict[str, str]) -> None:
    bosch = {"name": "Balata Bosch", "catalog_part_id": 501, "branch_id": 1, "price_1": 300, "initial_stock": 2}
    assert client.post("/pos/api/inventory/items", json=bosch, headers=owner_headers).status_code == 201
    d = _get(client, owner_headers, "/part/500")
    assert d["attributes"] == {"Posicion": "Delantera"}
    assert (d["local_stock"], d["local_price"], d["stock_by_branch"]) == (0, None, [])
    crosses = {
        x["part_id"]: (x["source"], x["outgoing"], x["in_stock"], x["local_stock"]) for x in d["cross_references"]
    }
    assert crosses == {501: ("supplier", False, True, 2), 504: ("oe", True, False, 0)}
    assert [a["id"] for a in d["alternatives"]] == [504, 501, 502, 503]
    mine = _get(client, owner_headers, "/part/501")
    assert mine["stock_by_branch"] == [{"branch_id": 1, "branch_name": "Sucursal Centro", "stock": 2}]


@pytest.mark.parametrize(
    ("path", "params", "message"),
    [
        ("/models", {}, "brand_id is required"),
        ("/models", {"brand_id": "toyota"}, "brand_id must be an integer"),
        ("/years", {}, "model_id is required"),
        ("/engines", {"model_id": 10}, "year_id is required"),
        ("/categories", {}, "mye_id is required"),
        ("/groups", {"mye_id": 1000}, "category_id is required"),
        ("/parts", {"group_id": 10}, "mye_id is required"),
        ("/parts", {"mye_id": 1000, "group_id": 10, "per_page": 101}, "per_page must be at most 100"),
        ("/parts", {"mye_id": 1000, "group_id": 10, "page": 0}, "page must be at least 1"),
        ("/search", {}, "q is required"),
        ("/search", {"q": "a"}, "q must be at least 2 characters"),
        ("/search", {"q": "balata", "limit": 500}, "limit must be between 1 and 100"),
    ],
)
def test_bad_parameters_answer_400_naming_them(
    client: TestClient, cashier_headers: dict[str, str], path: str, params: dict[str, Any], message: str
) -> None:
    r = client.get(f"{C}{path}", params=params, headers=cashier_headers)
    assert (r.status_code, r.json()) == (400, {"error": message})


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/models", {"brand_id": 99}),
        ("/years", {"model_id": 99}),
        ("/engines", {"model_id": 99, "year_id": 1}),
        ("/categories", {"mye_id": 99}),
        ("/groups", {"mye_id": 1000, "category_id": 99}),
        ("/parts", {"mye_id": 99, "group_id": 10}),
        ("/parts", {"mye_id": 1000, "group_id": 10, "branch_id": 99}),
        ("/part/99", {}),
        ("/part/abc", {}),
        ("/search", {"q": "balata", "branch_id": 99}),
    ],
)
def test_unknown_ids_answer_404(
    client: TestClient, cashier_headers: dict[str, str], path: str, params: dict[str, Any]
) -> None:
    assert client.get(f"{C}{path}", params=params, headers=cashier_headers).status_code == 404


def test_the_catalog_needs_a_login_and_cannot_be_written(client: TestClient, owner_headers: dict[str, str]) -> None:
    assert client.get(f"{C}/brands").status_code == 401
    for method in ("POST", "PUT", "DELETE"):
        r = client.request(method, f"{C}/brands", headers=owner_headers, json={"name": "X"})
        assert 400 <= r.status_code < 500 and r.status_code != 200
    assert _get(client, owner_headers, "/brands")["data"][0]["name"] == "NISSAN"
