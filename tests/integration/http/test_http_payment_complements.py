"""Pago 2.0 over HTTP: a payment on a credit sale with a stamped PPD invoice answers the CFDI de pago it
queued; the queue stamps it; the sale's complements list the instalments; a sale that does not exist is 404."""

from __future__ import annotations

import pytest
from http_support import TestClient
from lxml import etree

from contract.invoice_shop import enable_invoicing, give_csd
from nexus_core.services.runner import Nexus
from nexus_core.services.tenants import TenantCreated
from nexus_core.testing import FakeClock, in_memory_nexus

P = "/pos/api/invoicing"
CUST = "/pos/api/customers"
H = dict[str, str]
CUSTOMER = {
    "name": "Xochilt Casas",
    "rfc": "CACX7605101P8",
    "razon_social": "Xochilt Casas Chavez",
    "regimen_fiscal": "612",
    "codigo_postal": "36257",
    "uso_cfdi": "G03",
    "credit_limit": 50000,
}


@pytest.fixture
def nexus(clock: FakeClock) -> Nexus:
    n = in_memory_nexus(clock)
    enable_invoicing(n, clock)
    return n


@pytest.fixture
def h(owner_headers: H, nexus: Nexus, shop: TenantCreated) -> H:
    give_csd(nexus, shop.tenant_id)
    return owner_headers


def _ppd_credit_sale(client: TestClient, h: H) -> tuple[int, int, float]:
    r = client.post(CUST, json=CUSTOMER, headers=h)
    assert r.status_code == 201, r.text
    customer = r.json()["id"]
    item = {"name": "Balatas", "branch_id": 1, "cost": 100, "price_1": 500, "initial_stock": 100}
    item_id = client.post("/pos/api/inventory/items", json=item, headers=h).json()["id"]
    body = {"items": [{"inventory_id": item_id, "quantity": 2}], "payment_method": "credito", "customer_id": customer}
    sale = client.post("/pos/api/sales", json=body, headers=h)
    assert sale.status_code == 201, sale.text
    invoice = client.post(f"{P}/invoice", json={"sale_id": sale.json()["sale_id"], "metodo_pago": "PPD"}, headers=h)
    assert invoice.status_code == 201, invoice.text
    assert client.post(f"{P}/queue/process", headers=h).json()["stamped"] == 1
    return customer, int(sale.json()["sale_id"]), float(sale.json()["total"])


def test_payments_on_a_ppd_invoice_queue_and_list_their_complements(client: TestClient, h: H) -> None:
    customer, sale, total = _ppd_credit_sale(client, h)
    first = client.post(
        f"{CUST}/{customer}/payment", json={"amount": 400, "payment_method": "transferencia"}, headers=h
    )
    assert first.status_code == 201, first.text
    [cfdi_id] = first.json()["cfdi_pago_ids"]
    pending = client.get(f"{P}/queue/{cfdi_id}", headers=h).json()
    assert (pending["kind"], pending["serie"], pending["status"]) == ("payment", "P", "pending")
    rest = round(total - 400, 2)
    second = client.post(f"{CUST}/{customer}/payment", json={"amount": rest, "payment_method": "tarjeta"}, headers=h)
    assert second.status_code == 201 and len(second.json()["cfdi_pago_ids"]) == 1
    assert client.post(f"{P}/queue/process", headers=h).json()["stamped"] == 2
    listed = client.get(f"{P}/sales/{sale}/complements", headers=h)
    assert listed.status_code == 200, listed.text
    rows = listed.json()["data"]
    assert [(c["num_parcialidad"], c["imp_pagado"], c["imp_saldo_insoluto"], c["status"]) for c in rows] == [
        (1, 400, rest, "stamped"),
        (2, rest, 0, "stamped"),
    ]
    xml = client.get(f"{P}/queue/{rows[0]['cfdi_id']}/xml", headers=h)
    root = etree.fromstring(xml.content)
    assert (root.get("TipoDeComprobante"), root.get("Total")) == ("P", "0")
    assert rows[0]["uuid"] in xml.text


def test_a_payment_without_a_ppd_invoice_queues_nothing_and_unknown_sales_are_404(client: TestClient, h: H) -> None:
    r = client.post(CUST, json=CUSTOMER, headers=h)
    customer = r.json()["id"]
    item = {"name": "Filtro", "branch_id": 1, "cost": 10, "price_1": 100, "initial_stock": 10}
    item_id = client.post("/pos/api/inventory/items", json=item, headers=h).json()["id"]
    body = {"items": [{"inventory_id": item_id, "quantity": 1}], "payment_method": "credito", "customer_id": customer}
    sale = client.post("/pos/api/sales", json=body, headers=h).json()["sale_id"]
    paid = client.post(f"{CUST}/{customer}/payment", json={"amount": 50, "payment_method": "transferencia"}, headers=h)
    assert paid.status_code == 201 and paid.json()["cfdi_pago_ids"] == []
    assert client.get(f"{P}/sales/{sale}/complements", headers=h).json() == {"data": []}
    assert client.get(f"{P}/sales/999/complements", headers=h).status_code == 404
    assert client.get(f"{P}/sales/abc/complements", headers=h).status_code in (400, 404)


def test_a_global_invoice_by_register_session(client: TestClient, h: H) -> None:
    opened = client.post("/pos/api/register/open", json={"opening_amount": 500}, headers=h)
    assert opened.status_code == 201, opened.text
    item = {"name": "Bujia", "branch_id": 1, "cost": 10, "price_1": 80, "initial_stock": 10}
    item_id = client.post("/pos/api/inventory/items", json=item, headers=h).json()["id"]
    body = {"items": [{"inventory_id": item_id, "quantity": 1}], "payment_method": "efectivo", "amount_paid": 100}
    sale = client.post("/pos/api/sales", json=body, headers=h)
    assert sale.status_code == 201, sale.text
    register_id = opened.json()["register_id"]
    both = {"register_id": register_id, "date_from": "2026-04-01", "date_to": "2026-04-01"}
    assert client.post(f"{P}/global", json=both, headers=h).status_code == 400
    assert client.post(f"{P}/global", json={"register_id": 999}, headers=h).status_code == 404
    r = client.post(f"{P}/global", json={"register_id": register_id}, headers=h)
    assert r.status_code == 201, r.text
    assert client.get(f"{P}/queue/{r.json()['cfdi_id']}", headers=h).json()["sale_ids"] == [sale.json()["sale_id"]]
    again = client.post(f"{P}/global", json={"register_id": register_id}, headers=h)
    assert again.status_code == 400 and "register session" in again.json()["error"]
