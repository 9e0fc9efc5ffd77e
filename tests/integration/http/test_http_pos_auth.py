"""Login and session (docs/api.md#login-and-session): PIN login, login screen, who am I; tokens, rate limit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from http_support import OWNER_PIN, add_employee, bearer, deactivate, login

from nexus_core.errors import Unauthorized
from nexus_http.auth import authenticate
from nexus_http.envelope import Surface

ALL_PERMISSIONS = [
    "pos.sell", "pos.discount", "pos.view", "pos.cancel", "inventory.view", "inventory.create", "inventory.edit",
    "inventory.adjust", "inventory.transfer", "catalog.view", "customers.view", "customers.create",
    "customers.edit", "config.view", "config.edit", "invoicing.view", "invoicing.create", "invoicing.cancel",
    "accounting.view", "accounting.create", "supplier_portal.view",
]  # fmt: skip


def test_login_answers_the_seed_shape(client, shop):
    r = login(client, shop.tenant_id, OWNER_PIN)
    assert r.status_code == 200
    body = r.json()
    # device_secret: this device was unknown and is now learned (the seed's fields are all there)
    assert set(body) == {"token", "employee", "permissions", "device_secret"}
    assert body["employee"] == {
        "id": shop.employee_id,
        "name": "Ana Perez",
        "role": "owner",
        "branch_id": shop.branch_id,
        "max_discount_pct": 100,
    }
    assert body["permissions"] == ALL_PERMISSIONS
    assert isinstance(body["token"], str) and body["token"]
    assert r.headers["content-type"] == "application/json"


def test_login_with_a_branch_puts_it_in_the_token(client, shop, owner_headers):
    r = client.post("/pos/api/config/branches", json={"name": "Sucursal Norte"}, headers=owner_headers)
    branch_id = r.json()["id"]
    r = client.post("/pos/api/auth/login", json={"tenant_id": shop.tenant_id, "pin": OWNER_PIN, "branch_id": branch_id})
    assert r.status_code == 200
    assert r.json()["employee"]["branch_id"] == branch_id
    me = client.get("/pos/api/auth/me", headers=bearer(r.json()["token"])).json()
    assert me["branch_id"] == branch_id


def test_login_with_another_tenants_branch_is_404(client, shop, other_shop):
    r = client.post(
        "/pos/api/auth/login", json={"tenant_id": shop.tenant_id, "pin": OWNER_PIN, "branch_id": other_shop.branch_id}
    )
    assert r.status_code == 404
    assert set(r.json()) == {"error"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"pin": "1234"}, "tenant_id"),
        ({"tenant_id": 1}, "pin"),
        ({}, "tenant_id"),
        ({"tenant_id": "1", "pin": "1234"}, "tenant_id"),
        ({"tenant_id": 1.0, "pin": "1234"}, "tenant_id"),
        ({"tenant_id": 1.5, "pin": "1234"}, "tenant_id"),
        ({"tenant_id": True, "pin": "1234"}, "tenant_id"),
        ({"tenant_id": None, "pin": "1234"}, "tenant_id"),
        ({"tenant_id": 10**30, "pin": "1234"}, "tenant_id"),
        ({"tenant_id": [1], "pin": "1234"}, "tenant_id"),
        ({"tenant_id": 1, "pin": 1234}, "pin"),
        ({"tenant_id": 1, "pin": None}, "pin"),
        ({"tenant_id": 1, "pin": "1234", "device_id": 7}, "device_id"),
        ({"tenant_id": 1, "pin": "1234", "branch_id": "1"}, "branch_id"),
        ({"tenant_id": 1, "pin": "1234", "device_id": "x" * 101}, "device_id"),
        ({"tenant_id": 1, "pin": "1234\x00"}, "pin"),
    ],
)
def test_login_bad_fields_are_400_naming_the_field(client, shop, body, field):
    r = client.post("/pos/api/auth/login", json=body)
    assert r.status_code == 400, r.text
    assert set(r.json()) == {"error"}
    assert field in r.json()["error"]


@pytest.mark.parametrize(
    "raw",
    [b"", b"{", b"[1, 2]", b'"text"', b"null", b"42", b"\xff\xfe{", b"{'tenant_id': 1}", b"[" * 100_000,
     b'{"tenant_id": NaN, "pin": "1"}', b'{"tenant_id": ' + b"9" * 5000 + b', "pin": "1"}'],
)  # fmt: skip
def test_login_malformed_or_non_object_bodies_are_400(client, shop, raw):
    r = client.post("/pos/api/auth/login", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 400
    assert "error" in r.json()


def test_unknown_fields_are_ignored(client, shop):
    r = client.post("/pos/api/auth/login", json={"tenant_id": shop.tenant_id, "pin": OWNER_PIN, "color": "blue"})
    assert r.status_code == 200


def test_unknown_tenant_is_404(client, shop):
    r = login(client, 999, OWNER_PIN)
    assert r.status_code == 404
    assert r.json() == {"error": "tenant not found"}


def test_wrong_pin_is_401(client, shop):
    r = login(client, shop.tenant_id, "0000")
    assert r.status_code == 401
    assert r.json() == {"error": "incorrect PIN"}


def test_inactive_employee_cannot_log_in(client, nexus, shop, owner_headers):
    employee_id = add_employee(client, owner_headers, pin="4321")
    deactivate(nexus, employee_id)
    assert login(client, shop.tenant_id, "4321").status_code == 401


def test_pin_of_another_tenant_does_not_log_in(client, shop, other_shop):
    assert login(client, shop.tenant_id, "9999").status_code == 401


def test_five_wrong_pins_lock_the_device_not_the_others(client, clock, shop):
    for _ in range(5):
        assert login(client, shop.tenant_id, "0000", device="tablet-01").status_code == 401
    r = login(client, shop.tenant_id, OWNER_PIN, device="tablet-01")
    assert r.status_code == 429
    assert set(r.json()) == {"error"}
    retry_after = int(r.headers["Retry-After"])
    assert 0 < retry_after <= 15 * 60 + 1
    assert login(client, shop.tenant_id, OWNER_PIN, device="tablet-02").status_code == 200

    # Retry-After is honest: waiting exactly that long is enough.
    clock.advance(timedelta(seconds=retry_after))
    assert login(client, shop.tenant_id, OWNER_PIN, device="tablet-01").status_code == 200


def test_login_employees_lists_active_faces(client, nexus, shop, other_shop, owner_headers):
    juan = add_employee(client, owner_headers, name="Juan Lopez", role="cashier", pin="5678")
    gone = add_employee(client, owner_headers, name="Ex Empleado", role="warehouse", pin="8765")
    deactivate(nexus, gone)
    r = client.get(f"/pos/api/auth/employees/{shop.tenant_id}")
    assert r.status_code == 200
    assert r.json() == {
        "data": [
            {"id": shop.employee_id, "name": "Ana Perez", "initials": "AP", "role": "owner", "role_label": "Dueno"},
            {"id": juan, "name": "Juan Lopez", "initials": "JL", "role": "cashier", "role_label": "Cajero"},
        ]
    }


@pytest.mark.parametrize("tenant", ["999", "abc", "-1", "1.5", "0", "9" * 40, "%00", "1%20"])
def test_login_employees_of_unknown_or_non_integer_tenant_is_404(client, shop, tenant):
    r = client.get(f"/pos/api/auth/employees/{tenant}")
    assert r.status_code == 404
    assert set(r.json()) == {"error"}


def test_me_answers_the_seed_shape(client, shop, owner_headers):
    r = client.get("/pos/api/auth/me", headers=owner_headers)
    assert r.status_code == 200
    assert r.json() == {
        "employee_id": shop.employee_id,
        "name": "Ana Perez",
        "role": "owner",
        "tenant_id": shop.tenant_id,
        "branch_id": shop.branch_id,
        "permissions": ALL_PERMISSIONS,
    }


def _tamper(token: str) -> str:
    i = len(token) // 3
    return token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1 :]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": ""},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer "},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": "Bearer a.b.c"},
        {"Authorization": "Bearer " + "x" * 10_000},
        {"Authorization": "Bearer \u00f1and\u00fa".encode("latin-1")},
    ],
)
def test_missing_or_garbled_tokens_are_401(client, shop, headers):
    r = client.get("/pos/api/auth/me", headers=headers)
    assert r.status_code == 401
    assert set(r.json()) == {"error"}
    assert r.headers["WWW-Authenticate"] == "Bearer"


def test_tampered_token_is_401(client, shop, owner_headers):
    token = owner_headers["Authorization"].removeprefix("Bearer ")
    r = client.get("/pos/api/auth/me", headers=bearer(_tamper(token)))
    assert r.status_code == 401


def test_expired_token_is_401(client, clock, shop, owner_headers):
    clock.advance(timedelta(hours=8, seconds=1))
    r = client.get("/pos/api/auth/me", headers=owner_headers)
    assert r.status_code == 401
    assert r.json() == {"error": "token expired"}


def test_deactivated_employees_token_dies(client, nexus, shop, owner_headers):
    admin = add_employee(client, owner_headers, name="Ada Admin", role="admin", pin="2468")
    headers = bearer(login(client, shop.tenant_id, "2468").json()["token"])
    deactivate(nexus, admin)
    assert client.get("/pos/api/auth/me", headers=headers).status_code == 401
    r = client.post("/pos/api/config/branches", json={"name": "Sucursal Fantasma"}, headers=headers)
    assert r.status_code == 401
    names = [b["name"] for b in client.get("/pos/api/config/branches", headers=owner_headers).json()["data"]]
    assert "Sucursal Fantasma" not in names


def test_parcels_token_does_not_open_the_pos(client, shop, parcels_headers):
    r = client.get("/pos/api/auth/me", headers=parcels_headers)
    assert r.status_code == 401
    assert r.json() == {"error": "this token is not valid for this API"}


def test_pos_token_does_not_open_parcels(nexus, shop, owner_headers):
    with pytest.raises(Unauthorized):
        authenticate(nexus, owner_headers["Authorization"], Surface.PARCELS)
    assert authenticate(nexus, owner_headers["Authorization"], Surface.POS).tenant_id == shop.tenant_id


def _claims_of(nexus: Any, headers: dict[str, str]) -> dict[str, Any]:
    return nexus.deps.tokens.decode(headers["Authorization"].removeprefix("Bearer "))


def test_token_carries_the_seed_claims(nexus, shop, owner_headers):
    claims = _claims_of(nexus, owner_headers)
    for name in ("tenant_id", "employee_id", "name", "role", "branch_id", "permissions", "device_id"):
        assert name in claims
    assert claims["device_id"] == "tablet-01"
