"""``GET /items?q=`` says when a search's ``total`` stopped at the cap (``pagination.total_capped``),
and still serves the pages past it. The cap (250 hits) is lowered to 2 here through the search the
use case builds, instead of creating 1,001 items."""

from __future__ import annotations

import functools

import pytest
from http_support import TestClient

from nexus_core.ports.inventory_queries import ItemSearch
from nexus_core.services import inventory_lists

INV = "/pos/api/inventory"


@pytest.fixture
def four_brakes(client: TestClient, owner_headers: dict[str, str]) -> list[int]:
    made = []
    for name in ("Freno de mano", "Disco de freno", "Bomba de agua", "Balata de freno", "Freno trasero"):
        r = client.post(f"{INV}/items", json={"name": name, "branch_id": 1}, headers=owner_headers)
        assert r.status_code == 201, r.text
        made.append(r.json()["id"])
    return [made[i] for i in (0, 1, 3, 4)]


def test_a_search_past_the_cap_says_its_total_is_capped(
    client: TestClient, owner_headers: dict[str, str], four_brakes: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inventory_lists, "ItemSearch", functools.partial(ItemSearch, total_cap=2))
    pages = []
    for number in (1, 2, 3):
        r = client.get(f"{INV}/items", params={"q": "freno", "per_page": 2, "page": number}, headers=owner_headers)
        assert r.status_code == 200, r.text
        pages.append(r.json())
    assert [row["id"] for p in pages for row in p["data"]] == four_brakes  # every hit, in order
    for p in pages:
        assert {k: p["pagination"][k] for k in ("total", "total_pages", "total_capped")} == {
            "total": 2,
            "total_pages": 1,
            "total_capped": True,
        }
    listed = client.get(f"{INV}/items", params={"per_page": 2}, headers=owner_headers).json()["pagination"]
    assert (listed["total"], listed["total_capped"]) == (5, False)  # a list without a search counts exactly


def test_a_search_under_the_cap_is_not_capped(
    client: TestClient, owner_headers: dict[str, str], four_brakes: list[int]
) -> None:
    r = client.get(f"{INV}/items", params={"q": "freno", "per_page": 2}, headers=owner_headers)
    assert r.json()["pagination"] == {"page": 1, "per_page": 2, "total": 4, "total_pages": 2, "total_capped": False}
