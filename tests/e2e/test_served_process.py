"""Against a real `nexus serve`: what a newcomer does after `make run`."""

from __future__ import annotations

import stat

import httpx
import pytest

pytestmark = pytest.mark.e2e


def test_health(server) -> None:
    r = httpx.get(f"{server.base_url}/pos/health")
    assert r.status_code == 200 and r.json() == {"status": "ok"}


def test_demo_login_me_branch_and_parcels_login(server) -> None:
    creds = server.cli_json("demo")
    tenant_id = creds["tenant_id"]
    login = httpx.post(
        f"{server.base_url}/pos/api/auth/login", json={"tenant_id": tenant_id, "pin": "1234", "device_id": "e2e"}
    )
    assert login.status_code == 200, login.text
    token = login.json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    me = httpx.get(f"{server.base_url}/pos/api/auth/me", headers=auth).json()
    assert me["role"] == "owner" and me["tenant_id"] == tenant_id

    created = httpx.post(
        f"{server.base_url}/pos/api/config/branches",
        json={"name": "Sucursal E2E"},
        headers={**auth, "Idempotency-Key": "e2e-branch"},
    )
    again = httpx.post(
        f"{server.base_url}/pos/api/config/branches",
        json={"name": "Sucursal E2E"},
        headers={**auth, "Idempotency-Key": "e2e-branch"},
    )
    assert created.status_code == 201 and (again.status_code, again.json()) == (201, created.json())
    names = [b["name"] for b in httpx.get(f"{server.base_url}/pos/api/config/branches", headers=auth).json()["data"]]
    assert names.count("Sucursal E2E") == 1

    parcels = httpx.post(
        f"{server.base_url}/api/auth/login",
        json={"email": creds["parcels_email"], "password": creds["parcels_password"]},
    )
    assert parcels.status_code == 200 and parcels.json()["success"] is True
    assert parcels.json()["data"]["token"]
    # a parcels token is not a point-of-sale token
    cross = httpx.get(
        f"{server.base_url}/pos/api/auth/me", headers={"Authorization": f"Bearer {parcels.json()['data']['token']}"}
    )
    assert cross.status_code == 401


def test_cli_creates_a_tenant_the_server_serves(server) -> None:
    out = server.cli_json(
        "tenants", "create", "--name", "E2E Refacciones", "--owner-name", "Eva", "--owner-pin", "8642"
    )
    assert set(out) == {"tenant_id", "branch_id", "employee_id"}
    r = httpx.post(f"{server.base_url}/pos/api/auth/login", json={"tenant_id": out["tenant_id"], "pin": "8642"})
    assert r.status_code == 200 and r.json()["employee"]["name"] == "Eva"
    refused = server.cli("tenants", "create", "--name", "E2E Refacciones", "--owner-name", "Eva", "--owner-pin", "8642")
    assert refused.returncode == 1 and "already exists" in refused.stderr and refused.stdout == ""


def test_secrets_are_kept_where_interfaces_md_says(server) -> None:
    pepper = server.cwd / "var" / "pin-pepper"
    assert pepper.exists() and stat.S_IMODE(pepper.stat().st_mode) == 0o600


def test_openapi_and_metrics(server) -> None:
    spec = httpx.get(f"{server.base_url}/openapi.json").json()
    assert spec["openapi"].startswith("3.1") and "/pos/api/auth/login" in spec["paths"]
    metrics = httpx.get(f"{server.base_url}/metrics").text
    assert "# TYPE" in metrics


def test_books_close_from_the_cli_and_the_server_refuses_later_postings(server) -> None:
    out = server.cli_json("tenants", "create", "--name", "E2E Libros", "--owner-name", "Lia", "--owner-pin", "7531")
    tenant_id = out["tenant_id"]
    token = httpx.post(f"{server.base_url}/pos/api/auth/login", json={"tenant_id": tenant_id, "pin": "7531"}).json()[
        "token"
    ]
    auth = {"Authorization": f"Bearer {token}"}
    accounts = httpx.get(f"{server.base_url}/pos/api/accounting/accounts", headers=auth).json()["data"]
    by_code = {a["code"]: a["id"] for a in accounts}
    entry = {
        "date": "2025-01-15",
        "description": "Renta de enero",
        "lines": [
            {"account_id": by_code["601.84.01"], "debit": 15000.00, "credit": 0},
            {"account_id": by_code["102.01"], "debit": 0, "credit": 15000.00},
        ],
    }
    posted = httpx.post(f"{server.base_url}/pos/api/accounting/entries", json=entry, headers=auth)
    assert posted.status_code == 201, posted.text

    closed = server.cli_json("period", "close", "--tenant-id", str(tenant_id), "2025", "1")
    assert closed["status"] == "closed" and closed["closing_entry_id"]
    again = server.cli("period", "close", "--tenant-id", str(tenant_id), "2025", "1")
    assert again.returncode == 1 and "already closed" in again.stderr

    late = httpx.post(f"{server.base_url}/pos/api/accounting/entries", json=entry, headers=auth)
    assert late.status_code == 400 and "2025-01" in late.json()["error"]
    sheet = httpx.get(f"{server.base_url}/pos/api/accounting/balance-sheet?date=2025-01-31", headers=auth).json()
    assert sheet["total_assets"] == sheet["total_liabilities_equity"] == -15000.0
