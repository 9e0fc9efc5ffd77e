"""Configuration (docs/api.md#configuration): branches, employees, theme; permissions and tenant isolation."""

from __future__ import annotations

import pytest
from http_support import OWNER_PIN, add_employee, bearer, count_rows, login


def test_list_branches(client, shop, owner_headers):
    r = client.get("/pos/api/config/branches", headers=owner_headers)
    assert r.status_code == 200
    assert r.json() == {
        "data": [{"id": shop.branch_id, "name": "Sucursal Centro", "address": None, "phone": None, "is_active": True}]
    }


def test_create_branch_answers_201_and_it_is_listed(client, shop, owner_headers):
    body = {"name": "Sucursal Norte", "address": "Blvd. Independencia 200", "phone": "555-0002"}
    r = client.post("/pos/api/config/branches", json=body, headers=owner_headers)
    assert r.status_code == 201
    assert r.json() == {"id": r.json()["id"], "message": "Branch created"}
    listed = client.get("/pos/api/config/branches", headers=owner_headers).json()["data"]
    assert {"id": r.json()["id"], **body, "is_active": True} in listed


def test_any_employee_may_list_branches_and_theme(client, shop, cashier_headers):
    assert client.get("/pos/api/config/branches", headers=cashier_headers).status_code == 200
    assert client.get("/pos/api/config/theme", headers=cashier_headers).status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": 5}, "name"),
        ({"name": "Norte", "phone": 5550002}, "phone"),
        ({"name": "Norte", "address": ["x"]}, "address"),
        ({"name": "x" * 121}, "name"),
    ],
)
def test_create_branch_bad_fields_are_400(client, shop, owner_headers, body, field):
    r = client.post("/pos/api/config/branches", json=body, headers=owner_headers)
    assert r.status_code == 400, r.text
    assert field in r.json()["error"]
    assert count_rows(client.app.state.nexus, "branches", shop.tenant_id) == 1


def test_duplicate_branch_name_is_400(client, shop, owner_headers):
    r = client.post("/pos/api/config/branches", json={"name": "sucursal centro"}, headers=owner_headers)
    assert r.status_code == 400
    assert "already exists" in r.json()["error"]


def test_cashier_cannot_create_branches_or_employees(client, nexus, shop, cashier_headers):
    branches, employees = count_rows(nexus, "branches", shop.tenant_id), count_rows(nexus, "employees", shop.tenant_id)
    r = client.post("/pos/api/config/branches", json={"name": "Sucursal Sur"}, headers=cashier_headers)
    assert r.status_code == 403
    assert r.json() == {"error": "permission config.edit required"}
    r = client.post(
        "/pos/api/config/employees", json={"name": "X", "role": "admin", "pin": "1111"}, headers=cashier_headers
    )
    assert r.status_code == 403
    assert count_rows(nexus, "branches", shop.tenant_id) == branches
    assert count_rows(nexus, "employees", shop.tenant_id) == employees


def test_cashier_cannot_list_employees_but_accountant_can(client, shop, owner_headers, cashier_headers):
    assert client.get("/pos/api/config/employees", headers=cashier_headers).status_code == 403
    add_employee(client, owner_headers, name="Conta Dora", role="accountant", pin="3579")
    accountant = bearer(login(client, shop.tenant_id, "3579").json()["token"])
    assert client.get("/pos/api/config/employees", headers=accountant).status_code == 200
    r = client.post("/pos/api/config/branches", json={"name": "Sucursal Sur"}, headers=accountant)
    assert r.status_code == 403


def test_create_and_list_employees_with_exact_money(client, shop, owner_headers):
    body = {
        "name": "Juan Lopez",
        "role": "cashier",
        "pin": "5678",
        "email": "Juan@Correo.com",
        "phone": "555-1234",
        "branch_id": shop.branch_id,
        "max_discount_pct": 12.5,
    }
    r = client.post("/pos/api/config/employees", json=body, headers=owner_headers)
    assert r.status_code == 201
    assert r.json() == {"id": r.json()["id"], "message": "Employee created"}
    r = client.get("/pos/api/config/employees", headers=owner_headers)
    assert r.status_code == 200
    juan = next(e for e in r.json()["data"] if e["name"] == "Juan Lopez")
    assert juan == {
        "id": juan["id"],
        "name": "Juan Lopez",
        "email": "juan@correo.com",
        "phone": "555-1234",
        "role": "cashier",
        "branch_id": shop.branch_id,
        "branch_name": "Sucursal Centro",
        "max_discount_pct": 12.5,
        "is_active": True,
    }
    assert '"max_discount_pct":12.50' in r.text  # a JSON number with two decimals, never a float's digits
    assert login(client, shop.tenant_id, "5678").json()["employee"]["max_discount_pct"] == 12.5


def test_new_employee_defaults_to_the_creators_branch(client, shop, owner_headers):
    add_employee(client, owner_headers, name="Sin Sucursal", pin="1357")
    listed = client.get("/pos/api/config/employees", headers=owner_headers).json()["data"]
    assert next(e for e in listed if e["name"] == "Sin Sucursal")["branch_id"] == shop.branch_id


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"role": "owner"}, "role"),
        ({"role": "chef"}, "role"),
        ({"role": 1}, "role"),
        ({"pin": "12"}, "pin"),
        ({"pin": "abcd"}, "pin"),
        ({"pin": 5678}, "pin"),
        ({"pin": OWNER_PIN}, "pin"),
        ({"max_discount_pct": 150}, "max_discount_pct"),
        ({"max_discount_pct": -1}, "max_discount_pct"),
        ({"max_discount_pct": "abc"}, "max_discount_pct"),
        ({"max_discount_pct": True}, "max_discount_pct"),
        ({"max_discount_pct": "1e999999"}, "max_discount_pct"),
        ({"branch_id": "1"}, "branch_id"),
        ({"branch_id": 1.0}, "branch_id"),
        ({"email": "not-an-email"}, "email"),
        ({"name": None}, "name"),
    ],
)
def test_create_employee_bad_fields_are_400(client, nexus, shop, owner_headers, patch, field):
    body = {"name": "Juan Lopez", "role": "cashier", "pin": "5678", **patch}
    r = client.post("/pos/api/config/employees", json=body, headers=owner_headers)
    assert r.status_code == 400, r.text
    assert field in r.json()["error"]
    assert count_rows(nexus, "employees", shop.tenant_id) == 1


def test_missing_required_employee_fields_are_all_named(client, shop, owner_headers):
    r = client.post("/pos/api/config/employees", json={"phone": "555"}, headers=owner_headers)
    assert r.status_code == 400
    message = r.json()["error"]
    assert "name" in message and "role" in message and "pin" in message


def test_foreign_and_missing_branch_ids_are_404(client, nexus, shop, other_shop, owner_headers):
    for branch_id in (other_shop.branch_id, 12345):
        body = {"name": "Juan", "role": "cashier", "pin": "5678", "branch_id": branch_id}
        r = client.post("/pos/api/config/employees", json=body, headers=owner_headers)
        assert r.status_code == 404
        assert r.json() == {"error": f"branch {branch_id} not found"}
    assert count_rows(nexus, "employees", shop.tenant_id) == 1


def test_each_tenant_sees_only_its_own_rows(client, shop, other_shop, owner_headers):
    other = bearer(login(client, other_shop.tenant_id, "9999").json()["token"])
    client.post("/pos/api/config/branches", json={"name": "Solo Perez"}, headers=owner_headers)
    names = [b["name"] for b in client.get("/pos/api/config/branches", headers=other).json()["data"]]
    assert names == ["Sucursal Centro"]
    ids = [e["id"] for e in client.get("/pos/api/config/employees", headers=other).json()["data"]]
    assert ids == [other_shop.employee_id]


def test_theme(client, shop, owner_headers):
    r = client.get("/pos/api/config/theme", headers=owner_headers)
    assert r.status_code == 200
    body = r.json()
    assert body["theme"] == "default"
    assert body["variables"]["--color-primary"] == "#1a73e8"
    assert body["variables"]["--radius"] == "8px"
    assert len(body["variables"]) == 11


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/pos/api/config/branches"),
        ("POST", "/pos/api/config/branches"),
        ("GET", "/pos/api/config/employees"),
        ("POST", "/pos/api/config/employees"),
        ("GET", "/pos/api/config/theme"),
    ],
)
def test_config_needs_a_token(client, shop, method, path):
    r = client.request(method, path, json={"name": "x"})
    assert r.status_code == 401
