"""The cash register over HTTP: open, cash in/out, X and Z cuts, with retries, refusals and tenancy."""

from __future__ import annotations

from typing import Any

import pytest
from http_support import TestClient, add_employee, bearer, login

from nexus_core.services.tenants import TenantCreated

REG = "/pos/api/register"
H = dict[str, str]


@pytest.fixture
def h(owner_headers: H) -> H:
    return owner_headers


def _open(client: TestClient, h: H, amount: Any = "2000") -> int:
    r = client.post(f"{REG}/open", json={"opening_amount": amount}, headers=h)
    assert r.status_code == 201, r.text
    return int(r.json()["register_id"])


def _cut_x(client: TestClient, h: H, **params: Any) -> dict[str, Any]:
    r = client.get(f"{REG}/cut-x", params=params, headers=h)
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_a_register_day_open_movements_x_cut_and_z_cut_with_a_shortage(client: TestClient, h: H) -> None:
    register = _open(client, h)
    assert client.get(f"{REG}/current", headers=h).json()["current_cash"] == 2000
    r = client.post(f"{REG}/movement", json={"type": "in", "amount": "300.50", "reason": "Cambio"}, headers=h)
    assert r.status_code == 201 and r.json()["register_id"] == register and r.json()["amount"] == 300.5
    client.post(f"{REG}/movement", json={"type": "out", "amount": "500", "reason": "Papeleria"}, headers=h)
    x = _cut_x(client, h)
    assert (x["register_id"], x["movements_in"], x["movements_out"], x["expected_cash"]) == (
        register,
        300.5,
        500,
        1800.5,
    )
    assert x["counted_amount"] is None
    z = client.post(f"{REG}/cut-z", json={"counted_amount": "1780.50"}, headers=h)
    assert z.status_code == 200, z.text
    body = z.json()
    assert body["folio"] == "Z-0001" and body["difference"] == -20 and body["expected_cash"] == 1800.5
    assert body["entry_id"] is not None and body["summary"]["counted_amount"] == 1780.5
    # closed: the X cut by id answers the frozen Z summary; no current register any more
    assert _cut_x(client, h, register_id=register)["difference"] == -20
    assert client.get(f"{REG}/current", headers=h).status_code == 404


def test_an_exact_count_posts_nothing(client: TestClient, h: H) -> None:
    _open(client, h, "1000")
    z = client.post(f"{REG}/cut-z", json={"counted_amount": 1000}, headers=h).json()
    assert z["difference"] == 0 and z["entry_id"] is None


def test_bad_input_is_refused_naming_the_problem_and_changes_nothing(client: TestClient, h: H) -> None:
    assert client.post(f"{REG}/movement", json={"type": "in", "amount": 5, "reason": "x"}, headers=h).status_code == 400
    assert client.post(f"{REG}/open", json={"opening_amount": "-1"}, headers=h).status_code == 400
    assert client.get(f"{REG}/cut-x", headers=h).status_code == 400
    register = _open(client, h, "100")
    second = client.post(f"{REG}/open", json={"opening_amount": "50"}, headers=h)
    assert second.status_code == 400 and "already have register" in second.json()["error"]
    for bad in (
        {"type": "sideways", "amount": 5, "reason": "x"},
        {"type": "in", "amount": 0, "reason": "x"},
        {"type": "in", "amount": 5, "reason": ""},
        {"type": "out", "amount": "100.01", "reason": "more than the drawer"},
    ):
        assert client.post(f"{REG}/movement", json=bad, headers=h).status_code == 400, bad
    elsewhere = {"type": "in", "amount": 5, "reason": "x", "register_id": register + 1}
    refused = client.post(f"{REG}/movement", json=elsewhere, headers=h)
    assert refused.status_code == 400 and "not your open register" in refused.json()["error"]
    assert client.post(f"{REG}/cut-z", json={"counted_amount": "-5"}, headers=h).status_code == 400
    assert _cut_x(client, h)["expected_cash"] == 100
    assert client.post(f"{REG}/cut-z", json={"counted_amount": 100}, headers=h).status_code == 200
    again = client.post(f"{REG}/cut-z", json={"counted_amount": 100, "register_id": register}, headers=h)
    assert again.status_code == 400 and "already closed" in again.json()["error"]
    assert client.get(f"{REG}/cut-x", params={"register_id": 999}, headers=h).status_code == 404


def test_retries_with_the_same_key_open_and_move_once(client: TestClient, h: H) -> None:
    key = {**h, "Idempotency-Key": "open-1"}
    first = client.post(f"{REG}/open", json={"opening_amount": 500}, headers=key)
    again = client.post(f"{REG}/open", json={"opening_amount": 500}, headers=key)
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    move = {**h, "Idempotency-Key": "move-1"}
    body = {"type": "out", "amount": 100, "reason": "Papeleria"}
    assert client.post(f"{REG}/movement", json=body, headers=move).json() == (
        client.post(f"{REG}/movement", json=body, headers=move).json()
    )
    assert _cut_x(client, h)["movements_out"] == 100
    z = {**h, "Idempotency-Key": "z-1"}
    one = client.post(f"{REG}/cut-z", json={"counted_amount": 400}, headers=z)
    two = client.post(f"{REG}/cut-z", json={"counted_amount": 400}, headers=z)
    assert one.status_code == two.status_code == 200 and one.json() == two.json()


def test_another_tenants_register_is_not_found(client: TestClient, h: H, other_shop: TenantCreated) -> None:
    register = _open(client, h)
    other = bearer(login(client, other_shop.tenant_id, "9999").json()["token"])
    assert client.get(f"{REG}/cut-x", params={"register_id": register}, headers=other).status_code == 404
    cut = client.post(f"{REG}/cut-z", json={"counted_amount": 0, "register_id": register}, headers=other)
    assert cut.status_code == 404
    assert _cut_x(client, h)["counted_amount"] is None


def test_a_cashier_reads_only_her_own_register_and_a_warehouse_clerk_none(
    client: TestClient, h: H, cashier_headers: H, shop: TenantCreated
) -> None:
    owners = _open(client, h)
    _open(client, cashier_headers, "300")
    assert _cut_x(client, cashier_headers)["expected_cash"] == 300
    assert client.get(f"{REG}/cut-x", params={"register_id": owners}, headers=cashier_headers).status_code == 403
    close_owners = {"counted_amount": 2000, "register_id": owners}
    assert client.post(f"{REG}/cut-z", json=close_owners, headers=cashier_headers).status_code == 403
    assert client.get(f"{REG}/current", headers=h).json()["register_id"] == owners
    add_employee(client, h, name="Pedro Almacen", role="warehouse", pin="4321")
    clerk = bearer(login(client, shop.tenant_id, "4321").json()["token"])
    assert client.post(f"{REG}/open", json={"opening_amount": 0}, headers=clerk).status_code == 403
    assert client.get(f"{REG}/cut-x", headers=clerk).status_code == 403
