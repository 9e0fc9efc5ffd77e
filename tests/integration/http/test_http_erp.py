"""ERP sync over HTTP: providers, a job's life, re-runs that send only what is missing, the output file,
and every bad input a clear 4xx that changes nothing."""

from __future__ import annotations

import base64
import io
import zipfile
from typing import Any

import attrs
import httpx
import pytest
from http_support import TestClient

from nexus_adapters.erp.registry import ErpExporterRegistry
from nexus_core.ports.provider_settings import ProviderConfig
from nexus_core.services.runner import Nexus
from nexus_core.services.tenants import TenantCreated

H = dict[str, str]
ERP = "/pos/api/erp"
INV = "/pos/api/inventory"


@pytest.fixture
def h(owner_headers: H) -> H:
    return owner_headers


def _sale(client: TestClient, h: H, item: int, qty: int = 1) -> int:
    body = {"items": [{"inventory_id": item, "quantity": qty}], "payment_method": "tarjeta"}
    r = client.post("/pos/api/sales", json=body, headers=h)
    assert r.status_code == 201, r.text
    return int(r.json()["sale_id"])


@pytest.fixture
def item(client: TestClient, h: H) -> int:
    body = {"name": "Balata", "branch_id": 1, "cost": 100, "price_1": 200, "initial_stock": 50, "part_number": "BAL-1"}
    r = client.post(f"{INV}/items", json=body, headers=h)
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def _job(client: TestClient, h: H, **body: Any) -> Any:
    r = client.post(f"{ERP}/sync", json=body, headers=h)
    assert r.status_code == 201, r.text
    return r.json()


def test_providers_say_which_are_enabled_and_what_they_need(client: TestClient, h: H) -> None:
    r = client.get(f"{ERP}/providers", headers=h)
    assert r.status_code == 200
    by_id = {p["id"]: p for p in r.json()["providers"]}
    assert set(by_id) == {"aspel_sae", "contpaqi", "sap_b1", "odoo", "sat_contabilidad"}
    assert by_id["contpaqi"]["enabled"] and by_id["aspel_sae"]["enabled"] and by_id["sat_contabilidad"]["enabled"]
    assert not by_id["odoo"]["enabled"]
    assert by_id["odoo"]["missing"] == ["url", "database", "username", "api_key"]


def test_an_aspel_sales_job_exports_once_and_a_rerun_sends_only_new_sales(client: TestClient, h: H, item: int) -> None:
    _sale(client, h, item, 2)
    job = _job(client, h, provider="aspel_sae", sync_type="sales", date_from="2026-04-01", date_to="2026-04-01")
    assert job["status"] == "queued" and job["counts"] == {"sent": 0, "failed": 0, "pending": 0}
    ran = client.post(f"{ERP}/sync/{job['job_id']}/run", headers=h).json()
    assert ran["status"] == "succeeded" and ran["counts"]["sent"] == 1
    assert client.get(f"{ERP}/sync/{job['job_id']}", headers=h).json() == ran
    out = client.get(f"{ERP}/sync/{job['job_id']}/output", headers=h).json()
    text = base64.b64decode(out["content_base64"]).decode("utf-8-sig")
    assert text.splitlines()[1].startswith("V-0001,01/04/2026,BAL-1,Balata,2.000,200.00")

    again = client.post(f"{ERP}/sync/{job['job_id']}/run", headers=h).json()
    assert again["counts"]["sent"] == 1  # nothing new was sent
    _sale(client, h, item)
    later = _job(client, h, provider="aspel_sae", sync_type="sales", date_from="2026-04-01", date_to="2026-04-01")
    ran = client.post(f"{ERP}/sync/{later['job_id']}/run", headers=h).json()
    assert ran["counts"]["sent"] == 1  # only V-0002: V-0001 went with the first job
    text = base64.b64decode(client.get(f"{ERP}/sync/{later['job_id']}/output", headers=h).json()["content_base64"])
    assert b"V-0002" in text and b"V-0001" not in text


def test_contpaqi_exports_the_days_polizas(client: TestClient, h: H, item: int) -> None:
    _sale(client, h, item)
    job = _job(client, h, provider="contpaqi", sync_type="entries")  # today by default
    ran = client.post(f"{ERP}/sync/{job['job_id']}/run", headers=h).json()
    assert ran["status"] == "succeeded" and ran["counts"]["sent"] >= 1
    out = base64.b64decode(client.get(f"{ERP}/sync/{job['job_id']}/output", headers=h).json()["content_base64"])
    lines = out.decode("cp1252").split("\r\n")
    assert lines[0].startswith("P  20260401")
    assert lines[1].startswith("M1 ")


def test_sat_contabilidad_exports_the_months_three_files(
    client: TestClient, h: H, item: int, nexus: Nexus, shop: TenantCreated
) -> None:
    _sale(client, h, item)
    april = {"provider": "sat_contabilidad", "sync_type": "entries", "date_from": "2026-04-01", "date_to": "2026-04-30"}
    r = client.post(f"{ERP}/sync", json=april, headers=h)
    assert r.status_code == 400 and "RFC" in r.json()["error"]
    store = nexus.uows.store  # type: ignore[attr-defined]
    tenant = store.tables.tenants[shop.tenant_id]
    store.tables.tenants[shop.tenant_id] = attrs.evolve(tenant, rfc="PEAJ800101AB1")
    r = client.post(f"{ERP}/sync", json={"provider": "sat_contabilidad", "sync_type": "entries"}, headers=h)
    assert r.status_code == 400 and "calendar month" in r.json()["error"]
    job = _job(client, h, **april)
    ran = client.post(f"{ERP}/sync/{job['job_id']}/run", headers=h).json()
    assert ran["status"] == "succeeded", ran
    out = base64.b64decode(client.get(f"{ERP}/sync/{job['job_id']}/output", headers=h).json()["content_base64"])
    names = sorted(zipfile.ZipFile(io.BytesIO(out)).namelist())
    assert [n[-6:] for n in names] == ["BN.xml", "CT.xml", "PL.xml"]


def test_odoo_runs_against_its_api_with_the_tenants_credentials(
    client: TestClient, h: H, item: int, nexus: Nexus, shop: TenantCreated
) -> None:
    calls: list[dict[str, Any]] = []

    def odoo(request: httpx.Request) -> httpx.Response:
        import json

        body = json.loads(request.content)
        calls.append(body["params"])
        args = body["params"]["args"]
        if body["params"]["method"] == "authenticate":
            return httpx.Response(200, json={"jsonrpc": "2.0", "id": body["id"], "result": 7})
        method = args[4]
        result: Any = [] if method == "search" else 42
        return httpx.Response(200, json={"jsonrpc": "2.0", "id": body["id"], "result": result})

    nexus.deps = attrs.evolve(nexus.deps, erp=ErpExporterRegistry(httpx.MockTransport(odoo)))
    creds = {"url": "https://odoo.example", "database": "shop", "username": "api@shop", "api_key": "k"}
    with nexus.uows.tenant(shop.tenant_id) as uow:
        uow.provider_settings.save(ProviderConfig("odoo", True, creds))
        uow.commit()
    job = _job(client, h, provider="odoo", sync_type="items")
    ran = client.post(f"{ERP}/sync/{job['job_id']}/run", headers=h).json()
    assert ran["status"] == "succeeded" and ran["counts"]["sent"] == 1
    assert calls[0]["args"] == ["shop", "api@shop", "k", {}]
    assert [c["args"][3:5] for c in calls[1:]] == [["product.product", "search"], ["product.product", "create"]]


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"provider": "quickbooks", "sync_type": "sales"}, 400, "provider must be one of"),
        ({"provider": "odoo", "sync_type": "sales"}, 400, "odoo needs url"),
        ({"provider": "aspel_sae", "sync_type": "entries"}, 400, "aspel_sae syncs sales, items"),
        ({"provider": "aspel_sae", "sync_type": "everything"}, 400, "sync_type must be one of"),
        ({"provider": "aspel_sae", "sync_type": "sales", "date_from": "2026-13-01"}, 400, "date_from"),
        ({"provider": "aspel_sae", "sync_type": "sales", "date_from": "2026-04-02", "date_to": "2026-04-01"}, 400, ""),
        ({"provider": "aspel_sae"}, 400, "sync_type"),
    ],
)
def test_bad_jobs_are_refused_and_nothing_is_created(
    client: TestClient, h: H, body: dict[str, Any], status: int, words: str
) -> None:
    r = client.post(f"{ERP}/sync", json=body, headers=h)
    assert r.status_code == status, r.text
    assert words in r.json()["error"]
    assert client.get(f"{ERP}/sync/1", headers=h).status_code == 404


def test_a_disabled_provider_is_refused(client: TestClient, h: H, nexus: Nexus, shop: TenantCreated) -> None:
    with nexus.uows.tenant(shop.tenant_id) as uow:
        uow.provider_settings.save(ProviderConfig("contpaqi", False))
        uow.commit()
    r = client.post(f"{ERP}/sync", json={"provider": "contpaqi", "sync_type": "entries"}, headers=h)
    assert r.status_code == 400 and "disabled" in r.json()["error"]


def test_unknown_jobs_are_404_and_a_cashier_may_not_sync(client: TestClient, h: H, cashier_headers: H) -> None:
    for method, path in (("GET", "/sync/99"), ("POST", "/sync/99/run"), ("GET", "/sync/99/output"), ("GET", "/sync/x")):
        assert client.request(method, ERP + path, headers=h).status_code == 404, path
    r = client.post(f"{ERP}/sync", json={"provider": "contpaqi", "sync_type": "entries"}, headers=cashier_headers)
    assert r.status_code == 403
