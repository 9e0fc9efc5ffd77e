"""The item list is served on the fast lane (inline, before Starlette's routing): what a client sees
is what every other route gives, refusals included, and a change of stock shows in the next search."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from http_support import TestClient, add_employee, bearer, deactivate, login

from nexus_core.services.runner import Nexus
from nexus_http.dispatch import Dispatcher
from nexus_http.routes import all_endpoints

INV = "/pos/api/inventory"
H = dict[str, str]


@pytest.fixture
def item(client: TestClient, owner_headers: H) -> dict[str, Any]:
    body = {"name": "Pastillas de freno delanteras", "branch_id": 1, "price_1": 350, "initial_stock": 10, "cost": 100}
    r = client.post(f"{INV}/items", json=body, headers=owner_headers)
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_the_list_is_on_the_fast_lane(nexus: Nexus) -> None:
    dispatcher = Dispatcher(all_endpoints(), nexus, max_body_size=1024)
    assert dispatcher.is_fast(dispatcher.direct_endpoint("GET", f"{INV}/items"))
    assert not dispatcher.is_fast(dispatcher.direct_endpoint("POST", f"{INV}/items"))  # a body: through the routes


def test_bad_queries_are_refused_in_the_pos_envelope(client: TestClient, owner_headers: H, item: Any) -> None:
    for params, field in (({"page": "0"}, "page"), ({"page": "x"}, "page"), ({"per_page": "0"}, "per_page")):
        r = client.get(f"{INV}/items", params=params, headers=owner_headers)
        assert r.status_code == 400, (params, r.text)
        assert list(r.json()) == ["error"] and field in r.json()["error"], r.text
    r = client.get(f"{INV}/items", params={"branch_id": 999}, headers=owner_headers)
    assert r.status_code == 404 and "branch 999" in r.json()["error"]
    r = client.get(f"{INV}/items", params=[("q", "a"), ("q", "b")], headers=owner_headers)
    assert r.status_code == 400 and "once" in r.json()["error"]


def test_without_a_valid_token_nothing_is_listed(client: TestClient, item: Any) -> None:
    assert client.get(f"{INV}/items", params={"q": "freno"}).status_code == 401
    r = client.get(f"{INV}/items", params={"q": "freno"}, headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401 and "freno" not in r.text


def test_a_stock_change_shows_in_the_next_search(client: TestClient, owner_headers: H, item: Any) -> None:
    def stock() -> Any:
        r = client.get(f"{INV}/items", params={"q": "fren delan"}, headers=owner_headers)
        assert r.status_code == 200, r.text
        return r.json()["data"][0]["stock"]

    assert stock() == 10
    adj = {"inventory_id": item["id"], "quantity": -3, "reason": "Merma"}
    assert client.post(f"{INV}/adjustment", json=adj, headers=owner_headers).status_code in (200, 201)
    assert stock() == 7


def test_head_answers_like_get_without_a_body(client: TestClient, owner_headers: H, item: Any) -> None:
    r = client.head(f"{INV}/items", params={"q": "freno"}, headers=owner_headers)
    assert r.status_code == 200 and r.content == b""


def test_a_deactivated_employee_is_refused_once_the_cached_state_is_stale(
    client: TestClient, nexus: Nexus, clock: Any, shop: Any, owner_headers: H, item: Any
) -> None:
    employee = add_employee(client, owner_headers, pin="4321")
    r = login(client, shop.tenant_id, "4321")
    theirs = bearer(r.json()["token"])
    assert client.get(f"{INV}/items", params={"q": "freno"}, headers=theirs).status_code == 200
    deactivate(nexus, employee)
    clock.advance(timedelta(seconds=2))  # past the employee state's staleness: read again (on the loop)
    r = client.get(f"{INV}/items", params={"q": "freno"}, headers=theirs)
    assert r.status_code == 401 and "freno" not in r.text
