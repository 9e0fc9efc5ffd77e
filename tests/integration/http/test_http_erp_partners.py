"""ERP sync of customers and purchases over HTTP: a provider without such an import is a 400 naming the
provider and the type (and creates no job); Aspel SAE's customers job runs."""

from __future__ import annotations

import pytest
from http_support import TestClient

H = dict[str, str]
ERP = "/pos/api/erp"


@pytest.mark.parametrize(
    ("provider", "sync_type"),
    [("contpaqi", "customers"), ("contpaqi", "purchases"), ("sat_contabilidad", "customers"),
     ("sat_contabilidad", "purchases")],
)  # fmt: skip
def test_an_unsupported_provider_and_type_pair_is_a_400(
    client: TestClient, owner_headers: H, provider: str, sync_type: str
) -> None:
    body = {"provider": provider, "sync_type": sync_type, "date_from": "2026-04-01", "date_to": "2026-04-30"}
    r = client.post(f"{ERP}/sync", json=body, headers=owner_headers)
    assert r.status_code == 400, r.text
    assert provider in r.text and f"not {sync_type}" in r.text
    ok = client.post(f"{ERP}/sync", json={"provider": "aspel_sae", "sync_type": "sales"}, headers=owner_headers)
    assert ok.json()["job_id"] == 1  # the refused request made no job


def test_a_customers_job_exports_the_shops_customers(client: TestClient, owner_headers: H) -> None:
    made = client.post("/pos/api/customers", json={"name": "Taller Perez"}, headers=owner_headers)
    assert made.status_code == 201, made.text
    job = client.post(f"{ERP}/sync", json={"provider": "aspel_sae", "sync_type": "customers"}, headers=owner_headers)
    assert job.status_code == 201, job.text
    run = client.post(f"{ERP}/sync/{job.json()['job_id']}/run", headers=owner_headers)
    assert run.status_code == 200, run.text
    assert run.json()["status"] == "succeeded" and run.json()["counts"]["sent"] == 1
