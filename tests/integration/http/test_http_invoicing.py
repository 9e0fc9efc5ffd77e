"""Invoicing over HTTP: invoice a sale (201 pending with the XML's start), the queue, stamping, XML, PDF,
the global invoice and cancellation; every bad input is a 400/404 naming the problem and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from http_support import TestClient, add_employee, bearer, login
from lxml import etree

from contract.invoice_shop import enable_invoicing, give_csd
from nexus_core.services.runner import Nexus
from nexus_core.services.tenants import TenantCreated
from nexus_core.testing import FakeClock, in_memory_nexus

P = "/pos/api/invoicing"
H = dict[str, str]
WORKSHOP = {"rfc": "CACX7605101P8", "razon_social": "Xochilt Casas", "regimen_fiscal": "612", "codigo_postal": "36257"}


@pytest.fixture
def nexus(clock: FakeClock) -> Nexus:
    n = in_memory_nexus(clock)
    enable_invoicing(n, clock)
    return n


@pytest.fixture
def h(owner_headers: H, nexus: Nexus, shop: TenantCreated) -> H:
    give_csd(nexus, shop.tenant_id)
    return owner_headers


def _sale(client: TestClient, h: H, price: int = 350, qty: int = 2, method: str = "tarjeta") -> int:
    item = {"name": "Balatas", "branch_id": 1, "cost": 100, "price_1": price, "initial_stock": 100}
    r = client.post("/pos/api/inventory/items", json=item, headers=h)
    assert r.status_code == 201, r.text
    line = {"inventory_id": r.json()["id"], "quantity": qty, "tax_rate": "0.16"}
    r = client.post("/pos/api/sales", json={"items": [line], "payment_method": method}, headers=h)
    assert r.status_code == 201, r.text
    return int(r.json()["sale_id"])


def _invoice(client: TestClient, h: H, sale_id: int, **extra: Any) -> Any:
    return client.post(f"{P}/invoice", json={"sale_id": sale_id, "receptor": WORKSHOP, **extra}, headers=h)


def test_invoice_stamp_read_print_and_cancel(client: TestClient, h: H) -> None:
    sale = _sale(client, h)
    r = _invoice(client, h, sale, uso_cfdi="G01", forma_pago="04", metodo_pago="PUE")
    assert r.status_code == 201, r.text
    created = r.json()
    assert (created["uuid"], created["status"], created["total"]) == (None, "pending", 812.0)
    assert created["xml_preview"].startswith("<?xml")
    cfdi = created["cfdi_id"]
    assert client.get(f"{P}/queue", params={"status": "pending"}, headers=h).json()["total"] == 1
    run = client.post(f"{P}/queue/process", headers=h).json()
    assert (run["processed"], run["stamped"], run["errors"]) == (1, 1, 0)
    one = client.get(f"{P}/queue/{cfdi}", headers=h).json()
    assert one["status"] == "stamped" and one["uuid"] == run["results"][0]["uuid"]
    xml = client.get(f"{P}/queue/{cfdi}/xml", headers=h)
    assert xml.headers["content-type"] == "application/xml"
    assert one["uuid"] in xml.text and etree.fromstring(xml.content).get("Total") == "812.00"
    pdf = client.get(f"{P}/{sale}/pdf", headers=h)
    assert (pdf.status_code, pdf.headers["content-type"], pdf.content[:4]) == (200, "application/pdf", b"%PDF")
    r = client.post(f"{P}/cancel/{cfdi}", json={"motivo": "02", "folio_sustitucion": None}, headers=h)
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["cancel_motive"]) == ("cancelled", "02")


def test_a_global_invoice_over_http(client: TestClient, h: H) -> None:
    _sale(client, h)
    r = client.post(f"{P}/global", json={"date_from": "2026-04-01", "date_to": "2026-04-01"}, headers=h)
    assert r.status_code == 201, r.text
    assert "InformacionGlobal" in r.json()["xml_preview"]
    again = client.post(f"{P}/global", json={"date_from": "2026-04-01", "date_to": "2026-04-01"}, headers=h)
    assert again.status_code == 400 and "no ticket" in again.json()["error"]


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"sale_id": "x"}, 400, "sale_id"),
        ({"sale_id": None}, 400, "sale_id"),
        ({"sale_id": 999}, 404, "sale 999"),
        ({"tipo_comprobante": "E"}, 400, "tipo_comprobante"),
        ({"metodo_pago": "XXX"}, 400, "metodo_pago"),
        ({"forma_pago": "77"}, 400, "forma_pago"),
        ({"metodo_pago": "PPD", "forma_pago": "01"}, 400, "CFDI40105"),
        ({"receptor": {**WORKSHOP, "rfc": "CACX7605101P9"}}, 400, "check digit"),
        (
            {"receptor": {"razon_social": "Taller"}},
            400,
            "receptor.rfc, receptor.regimen_fiscal, receptor.codigo_postal",
        ),
        ({"receptor": {**WORKSHOP, "regimen_fiscal": "601"}}, 400, "régimen"),
        ({"uso_cfdi": "CN01"}, 400, "CFDI40158"),
        ({"replaces_cfdi_id": 77}, 404, "CFDI 77"),
    ],
)
def test_bad_invoices_are_refused_and_change_nothing(
    client: TestClient, h: H, body: dict[str, Any], status: int, says: str
) -> None:
    sale = _sale(client, h)
    r = client.post(f"{P}/invoice", json={"sale_id": sale, "receptor": WORKSHOP, **body}, headers=h)
    assert r.status_code == status, r.text
    assert says in r.json()["error"]
    assert client.get(f"{P}/queue", headers=h).json()["total"] == 0


def test_refusals_around_the_queue_and_cancellation(client: TestClient, h: H) -> None:
    sale = _sale(client, h, price=100, qty=1)
    cfdi = _invoice(client, h, sale).json()["cfdi_id"]
    assert "already invoiced" in _invoice(client, h, sale).json()["error"]
    r = client.post(f"{P}/cancel/{cfdi}", json={"motivo": "02"}, headers=h)
    assert r.status_code == 400 and "only a stamped CFDI" in r.json()["error"]
    client.post(f"{P}/queue/process", headers=h)
    for body, says in [
        ({"motivo": "01"}, "motivo 01 needs folio_sustitucion"),
        ({"motivo": "09"}, "motivo must be one of"),
        ({"motivo": "02", "folio_sustitucion": "not-a-uuid"}, "folio_sustitucion"),
        ({"motivo": "04"}, "global invoice"),
        ({}, "motivo"),
    ]:
        r = client.post(f"{P}/cancel/{cfdi}", json=body, headers=h)
        assert r.status_code == 400 and says in r.json()["error"], (body, r.text)
    assert client.get(f"{P}/queue/{cfdi}", headers=h).json()["status"] == "stamped"
    assert client.get(f"{P}/queue", params={"status": "lost"}, headers=h).status_code == 400
    for url in (f"{P}/queue/999", f"{P}/queue/999/xml", f"{P}/999/pdf", f"{P}/queue/abc"):
        assert client.get(url, headers=h).status_code == 404
    assert client.post(f"{P}/cancel/999", json={"motivo": "02"}, headers=h).status_code == 404
    bad_range = client.post(f"{P}/global", json={"date_from": "2026-04-02", "date_to": "2026-04-01"}, headers=h)
    assert bad_range.status_code == 400 and "date_to" in bad_range.json()["error"]
    assert (
        client.post(f"{P}/global", json={"date_from": "abril", "date_to": "2026-04-01"}, headers=h).status_code == 400
    )


def test_a_cashier_may_not_invoice_and_another_tenant_sees_nothing(
    client: TestClient, h: H, other_shop: TenantCreated
) -> None:
    sale = _sale(client, h)
    cfdi = _invoice(client, h, sale).json()["cfdi_id"]
    add_employee(client, h, name="Carla", role="cashier", pin="5678")
    cashier = bearer(login(client, 1, "5678", device="caja").json()["token"])
    assert _invoice(client, cashier, sale).status_code == 403
    assert client.get(f"{P}/queue", headers=cashier).status_code == 403
    other = bearer(login(client, other_shop.tenant_id, "9999").json()["token"])
    assert client.get(f"{P}/queue/{cfdi}", headers=other).status_code == 404
    assert client.get(f"{P}/queue", headers=other).json()["total"] == 0
    r = client.post(f"{P}/invoice", json={"sale_id": sale}, headers=other)
    assert r.status_code == 404


def test_without_a_csd_the_shop_is_told_to_upload_it(client: TestClient, owner_headers: H) -> None:
    sale = _sale(client, owner_headers)
    r = _invoice(client, owner_headers, sale)
    assert r.status_code == 400 and "CSD" in r.json()["error"]
