"""Customers and purchases to Odoo and SAP B1 (httpx.MockTransport fakes of their APIs): request shapes,
look-up before create, and per-document errors."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import httpx

from nexus_adapters.erp.files import aspel_csv
from nexus_adapters.erp.odoo import OdooExporter
from nexus_adapters.erp.sap_b1 import SapB1Exporter
from nexus_core.domain.erp import CustomerDoc, ExportBatch, PurchaseDoc, PurchaseDocLine, SyncType

D = Decimal
CUSTOMER = CustomerDoc(
    "customer:7", "NX-C7", "Taller Perez", "TPE010101AA1", "Taller Perez SA de CV", "601", "06600", "G03",
    "taller@correo.com", "555-9876", "Calle Reforma 50", D("50000.00"), 30, True,
)  # fmt: skip
PURCHASE = PurchaseDoc(
    "purchase:3", "F-77", "F-77", "Frenos SA", date(2026, 4, 1), 1, D("200.00"), D("32.00"), D("232.00"),
    (PurchaseDocLine("BAL-1", "Balata", D("4.000"), D("50.00"), D("200.00"), D("0.16"), D("32.00")),),
)  # fmt: skip
ODOO = {"url": "https://odoo.example", "database": "shop", "username": "api@shop", "api_key": "secret"}
SAP = {"url": "https://sap.example:50000", "company_db": "SBODEMO", "username": "manager", "password": "p"}


def _batch(provider: str, kind: SyncType, docs: tuple[Any, ...], creds: dict[str, str]) -> ExportBatch:
    return ExportBatch(1, provider, kind, date(2026, 4, 1), date(2026, 4, 1), creds, docs)


def _odoo(found: dict[str, list[int]], seen: list[tuple[str, str, Any, Any]]) -> OdooExporter:
    def respond(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        rid, params = body["id"], body["params"]
        if params["service"] == "common":
            return httpx.Response(200, json={"id": rid, "result": 9})
        _db, _uid, _key, model, method, args, kwargs = params["args"]
        seen.append((model, method, args, kwargs))
        if method == "search":
            return httpx.Response(200, json={"id": rid, "result": found.get(model, [])})
        return httpx.Response(200, json={"id": rid, "result": 41 if method == "create" else True})

    return OdooExporter(httpx.MockTransport(respond))


def test_odoo_creates_a_customer_partner_with_its_rfc_and_updates_a_known_one() -> None:
    seen: list[tuple[str, str, Any, Any]] = []
    result = _odoo({}, seen).export(_batch("odoo", SyncType.CUSTOMERS, (CUSTOMER,), ODOO))
    assert result.sent == (("customer:7", "41"),) and result.errors == ()
    search, create = seen
    assert search[:3] == ("res.partner", "search", [["|", ["ref", "=", "NX-C7"], ["vat", "=", "TPE010101AA1"]]])
    values = create[2][0]
    assert (create[0], create[1]) == ("res.partner", "create")
    assert values["vat"] == "TPE010101AA1" and values["ref"] == "NX-C7" and values["customer_rank"] == 1
    assert (
        values["name"] == "Taller Perez SA de CV" and values["zip"] == "06600" and values["company_type"] == "company"
    )

    seen.clear()
    result = _odoo({"res.partner": [12]}, seen).export(_batch("odoo", SyncType.CUSTOMERS, (CUSTOMER,), ODOO))
    assert result.sent == (("customer:7", "12"),)
    assert [(m, meth) for m, meth, _, _ in seen] == [("res.partner", "search"), ("res.partner", "write")]


def test_odoo_sends_a_purchase_as_a_vendor_bill_once() -> None:
    seen: list[tuple[str, str, Any, Any]] = []
    result = _odoo({}, seen).export(_batch("odoo", SyncType.PURCHASES, (PURCHASE,), ODOO))
    assert result.sent == (("purchase:3", "41"),)
    bill = next(args[0] for model, method, args, _ in seen if (model, method) == ("account.move", "create"))
    assert bill["move_type"] == "in_invoice" and bill["ref"] == "F-77" and bill["invoice_date"] == "2026-04-01"
    assert bill["invoice_line_ids"] == [[0, 0, {"product_id": 41, "name": "Balata", "quantity": "4.000",
                                                "price_unit": "50.00"}]]  # fmt: skip
    supplier = next(args[0] for model, method, args, _ in seen if (model, method) == ("res.partner", "create"))
    assert supplier == {"name": "Frenos SA", "supplier_rank": 1}

    seen.clear()
    again = _odoo({"account.move": [88], "res.partner": [5]}, seen)
    assert again.export(_batch("odoo", SyncType.PURCHASES, (PURCHASE,), ODOO)).sent == (("purchase:3", "88"),)
    assert not [m for m, method, _, _ in seen if method == "create"]  # already in Odoo: nothing created


def _sap(seen: list[tuple[str, str, Any]], existing: bool = False, refuse: bool = False) -> SapB1Exporter:
    def respond(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        seen.append((request.method, request.url.path, body if body is not None else dict(request.url.params)))
        if request.url.path.endswith(("/Login", "/Logout")):
            return httpx.Response(200, json={})
        if request.method == "GET":
            return httpx.Response(200, json={"value": [{"CardCode": "NX-C7", "DocEntry": 5}] if existing else []})
        if refuse:
            return httpx.Response(400, json={"error": {"code": -5002, "message": {"value": "Unknown CardCode"}}})
        return httpx.Response(201, json={"DocEntry": 321}) if request.method == "POST" else httpx.Response(204)

    return SapB1Exporter(httpx.MockTransport(respond))


def test_sap_b1_posts_a_customer_business_partner_or_patches_a_known_one() -> None:
    seen: list[tuple[str, str, Any]] = []
    assert _sap(seen).export(_batch("sap_b1", SyncType.CUSTOMERS, (CUSTOMER,), SAP)).sent == (("customer:7", "NX-C7"),)
    assert seen[1] == ("GET", "/b1s/v1/BusinessPartners", {"$filter": "CardCode eq 'NX-C7'", "$select": "CardCode"})
    method, path, body = seen[2]
    assert (method, path, body["CardType"], body["CardCode"]) == (
        "POST",
        "/b1s/v1/BusinessPartners",
        "cCustomer",
        "NX-C7",
    )
    assert body["FederalTaxID"] == "TPE010101AA1" and body["CreditLimit"] == "50000.00"

    seen.clear()
    _sap(seen, existing=True).export(_batch("sap_b1", SyncType.CUSTOMERS, (CUSTOMER,), SAP))
    assert seen[2][:2] == ("PATCH", "/b1s/v1/BusinessPartners('NX-C7')")


def test_sap_b1_posts_a_purchase_delivery_note_for_the_settings_supplier() -> None:
    seen: list[tuple[str, str, Any]] = []
    creds = {**SAP, "supplier_code": "P-FRENOS"}
    result = _sap(seen).export(_batch("sap_b1", SyncType.PURCHASES, (PURCHASE,), creds))
    assert result.sent == (("purchase:3", "321"),)
    method, path, note = seen[2]
    assert (method, path, note["CardCode"], note["NumAtCard"]) == (
        "POST",
        "/b1s/v1/PurchaseDeliveryNotes",
        "P-FRENOS",
        "F-77",
    )
    assert note["DocumentLines"] == [
        {"ItemCode": "BAL-1", "Quantity": "4.000", "UnitPrice": "50.00", "LineTotal": "200.00"}
    ]

    refused = _sap([], refuse=True).export(_batch("sap_b1", SyncType.PURCHASES, (PURCHASE,), SAP))
    assert refused.sent == () and refused.errors == (("purchase:3", "-5002: Unknown CardCode"),)


def test_aspel_clientes_and_compras_layouts() -> None:
    clientes = aspel_csv(_batch("aspel_sae", SyncType.CUSTOMERS, (CUSTOMER,), {})).lstrip("\ufeff").split("\r\n")
    assert clientes[0].startswith("Clave,Nombre,RFC,Régimen fiscal,Código postal,Uso CFDI")
    assert clientes[1].startswith("NX-C7,Taller Perez SA de CV,TPE010101AA1,601,06600,G03,taller@correo.com")
    compras = aspel_csv(_batch("aspel_sae", SyncType.PURCHASES, (PURCHASE,), {})).lstrip("\ufeff").split("\r\n")
    assert compras[1] == "F-77,Frenos SA,01/04/2026,BAL-1,Balata,4.000,50.00,200.00,16.00,32.00,232.00"
