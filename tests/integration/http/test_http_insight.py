"""Dashboard and supplier portal over HTTP: what the owner and a supplier see, and every bad input a 4xx."""

from __future__ import annotations

from typing import Any

import pytest
from http_support import TestClient

H = dict[str, str]
INV = "/pos/api/inventory"
SP = "/pos/api/supplier-portal"


@pytest.fixture
def h(owner_headers: H) -> H:
    return owner_headers


def _item(client: TestClient, h: H, name: str, **extra: Any) -> int:
    body = {"name": name, "branch_id": 1, "cost": 100, "price_1": 200, "initial_stock": 20, **extra}
    r = client.post(f"{INV}/items", json=body, headers=h)
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def _sell(client: TestClient, h: H, *lines: tuple[int, int]) -> int:
    body = {"items": [{"inventory_id": i, "quantity": q} for i, q in lines], "payment_method": "tarjeta"}
    r = client.post("/pos/api/sales", json=body, headers=h)
    assert r.status_code == 201, r.text
    return int(r.json()["sale_id"])


def test_the_owner_sees_todays_sales_by_hour_and_by_employee(client: TestClient, h: H) -> None:
    item = _item(client, h, "Balata")
    _sell(client, h, (item, 2))  # 2 x 200 + IVA = 464.00, at 09:00 local (15:00 UTC, Mexico City)
    cancelled = _sell(client, h, (item, 1))
    assert client.put(f"/pos/api/sales/{cancelled}/cancel", headers=h).status_code == 200

    stats = client.get("/pos/api/dashboard/stats", headers=h).json()
    assert stats["today"] == {"date_from": "2026-04-01", "date_to": "2026-04-01", "sales_count": 1, "sales_total": 464}
    assert stats["month"]["date_from"] == "2026-04-01"
    assert stats["hourly_sales"][9] == {"hour": 9, "sales_count": 1, "sales_total": 464}
    assert stats["top_products"] == [{"inventory_id": item, "name": "Balata", "quantity": 2, "total": 464}]
    employees = client.get("/pos/api/dashboard/stats/employees", headers=h).json()
    assert employees["data"] == [{"employee_id": 1, "name": "Ana Perez", "sales_count": 1, "sales_total": 464}]


def test_a_cashier_sees_neither_the_dashboard_nor_the_supplier_portal(client: TestClient, cashier_headers: H) -> None:
    for path in ("/pos/api/dashboard/stats", "/pos/api/dashboard/stats/employees", f"{SP}/demand", f"{SP}/top-parts"):
        r = client.get(path, headers=cashier_headers)
        assert r.status_code == 403, path


def test_demand_is_per_zone_group_and_week_and_names_no_customer(client: TestClient, h: H) -> None:
    branch = {"name": "Sucursal Monterrey", "address": "Av. Constitucion 100, Centro, C.P. 64000, Monterrey"}
    mty = client.post("/pos/api/config/branches", json=branch, headers=h).json()["id"]
    frenos = client.post(f"{INV}/categories", json={"name": "Frenos"}, headers=h).json()["id"]
    balata = _item(client, h, "Balata", category_id=frenos)
    filtro = _item(client, h, "Filtro")
    _sell(client, h, (balata, 3), (filtro, 1))

    r = client.get(f"{SP}/demand", headers=h)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["days"], body["date_from"], body["date_to"]) == (30, "2026-03-03", "2026-04-01")
    rows = {(d["group_name"], d["quantity"]) for d in body["data"]}
    assert rows == {("Frenos", 3), (None, 1)}
    assert {d["week"] for d in body["data"]} == {"2026-W14"}
    assert "customer" not in r.text and "folio" not in r.text
    only = client.get(f"{SP}/demand", params={"group_id": frenos}, headers=h).json()["data"]
    assert [(d["group_id"], d["quantity"]) for d in only] == [(frenos, 3)]
    assert client.get(f"{SP}/demand", params={"branch_id": mty}, headers=h).json()["data"] == []

    top = client.get(f"{SP}/top-parts", headers=h).json()["data"]
    got = [(t["name"], t["quantity_sold"], t["available_stock"]) for t in top]
    assert got == [("Balata", 3, 17), ("Filtro", 1, 19)]


def test_a_branch_zone_is_its_postal_code_and_state() -> None:
    from nexus_core.domain.zones import zone_of

    assert zone_of("Av. Constitucion 100, C.P. 64000, Monterrey") == zone_of("Col. Centro 64000")
    assert zone_of("Av. Juarez 100, CP 06000").state == "Ciudad de México"
    assert zone_of("Calle 60 No. 500, 97000 Merida").state == "Yucatán"
    assert zone_of("Sin numero").key == "unknown"
    assert zone_of(None).postal_code is None


@pytest.mark.parametrize("days", ["0", "-3", "abc", "1.5", "367", ""])
def test_days_must_be_a_positive_whole_number(client: TestClient, h: H, days: str) -> None:
    for path in (f"{SP}/demand", f"{SP}/top-parts"):
        r = client.get(path, params={"days": days}, headers=h)
        assert r.status_code == 400, (path, days, r.text)
        assert "days" in r.json()["error"]


def test_unknown_filters_are_404(client: TestClient, h: H) -> None:
    assert client.get(f"{SP}/demand", params={"group_id": 99}, headers=h).status_code == 404
    assert client.get(f"{SP}/demand", params={"branch_id": 99}, headers=h).status_code == 404
    assert client.get(f"{SP}/demand", params={"branch_id": "x"}, headers=h).status_code == 400
