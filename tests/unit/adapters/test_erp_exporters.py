"""ERP exporters against SAT's XSDs and local fakes of Odoo's and SAP B1's APIs (httpx.MockTransport):
request shapes, authentication, error mapping and timeouts."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
import satcfdi
from lxml import etree

from nexus_adapters.erp.files import contpaqi_polizas
from nexus_adapters.erp.odoo import OdooExporter
from nexus_adapters.erp.sap_b1 import SapB1Exporter
from nexus_adapters.erp.sat_ce import balanza, catalogo, polizas
from nexus_core.domain.erp import (
    BalanceRow,
    EntryDoc,
    EntryDocLine,
    ExportBatch,
    ItemDoc,
    LedgerAccount,
    MonthBooks,
    SaleDoc,
    SaleDocLine,
    SyncType,
)
from nexus_core.errors import ExternalServiceError

D = Decimal
XSD = Path(satcfdi.__file__).parent / "transform/schemas/www.sat.gob.mx/esquemas/ContabilidadE/1_3"
BOOKS = MonthBooks(
    rfc="PEAJ800101AB1",
    year=2026,
    month=4,
    accounts=(
        LedgerAccount("101", "101", "Caja", "D", 1, None),
        LedgerAccount("101.01", "101.01", "Caja y efectivo", "D", 2, "101"),
        LedgerAccount("401", "401", "Ingresos", "A", 1, None),
        LedgerAccount("401.01", "401.01", "Ventas y/o servicios gravados a la tasa general", "A", 2, "401"),
    ),
    balances=(
        BalanceRow("101.01", D("1000.00"), D("1160.00"), D("0.00"), D("2160.00")),
        BalanceRow("401.01", D("0.00"), D("0.00"), D("1000.00"), D("1000.00")),
    ),
)
ENTRY = EntryDoc(
    "entry:1", 1, date(2026, 4, 1), "sale", "V-0001", "Venta V-0001 — mostrador",
    (EntryDocLine("101.01", "Caja y efectivo", D("1160.00"), D("0")),
     EntryDocLine("401.01", "Ventas", D("0"), D("1160.00"))),
)  # fmt: skip


def _valid(xml: bytes, xsd: str) -> None:
    schema = etree.XMLSchema(etree.parse(str(XSD / xsd)))
    doc = etree.fromstring(xml)
    assert schema.validate(doc), schema.error_log


def test_the_months_catalogo_balanza_and_polizas_are_valid_against_sats_xsds() -> None:
    _valid(catalogo(BOOKS), "CatalogoCuentas/CatalogoCuentas_1_3.xsd")
    _valid(balanza(BOOKS), "BalanzaComprobacion/BalanzaComprobacion_1_3.xsd")
    _valid(polizas(BOOKS, [ENTRY], {}), "PolizasPeriodo/PolizasPeriodo_1_3.xsd")
    root = etree.fromstring(polizas(BOOKS, [ENTRY], {"tipo_solicitud": "DE", "num_tramite": "AB123456789012"}))
    assert (root.get("TipoSolicitud"), root.get("NumTramite"), root.get("Mes"), root.get("Anio")) == (
        "DE", "AB123456789012", "04", "2026",
    )  # fmt: skip


def test_a_broken_catalogo_is_caught_by_the_xsd() -> None:
    bad = MonthBooks("not-an-rfc", 2026, 4, BOOKS.accounts, ())
    schema = etree.XMLSchema(etree.parse(str(XSD / "CatalogoCuentas/CatalogoCuentas_1_3.xsd")))
    assert not schema.validate(etree.fromstring(catalogo(bad)))


def test_contpaqi_lines_have_the_layouts_fixed_widths() -> None:
    p, m1, m2, end = contpaqi_polizas([ENTRY]).split("\r\n")
    assert p.startswith("P  20260401    1         1 1          0 Venta V-0001")
    assert len(p) == 3 + 8 + 1 + 4 + 1 + 9 + 1 + 1 + 1 + 10 + 1 + 100 + 7
    assert m1[:3] == "M1 " and m1[3:33].rstrip() == "101.01" and m1[45] == "0"
    assert m1[47:67].strip() == "1160.00" and m2[45] == "1"
    assert end == ""


ITEM = ItemDoc("item:1", "7501", "BAL-1", "Balata", "PZA", D("200.00"), D("100.00"), D("0.16"), True)
SALE = SaleDoc(
    "sale:1", "V-0001", date(2026, 4, 1), "tarjeta", D("400.00"), D("64.00"), D("464.00"),
    (SaleDocLine("BAL-1", "Balata", D("2.000"), D("200.00"), D("0"), D("400.00"), D("0.16"), D("64.00"), D("464.00")),),
)  # fmt: skip


def _batch(provider: str, kind: SyncType, docs: tuple[Any, ...], **creds: str) -> ExportBatch:
    return ExportBatch(1, provider, kind, date(2026, 4, 1), date(2026, 4, 1), creds, docs)


ODOO = {"url": "https://odoo.example/", "database": "shop", "username": "api@shop", "api_key": "secret"}


def _odoo(handler: Any) -> OdooExporter:
    def respond(request: httpx.Request) -> httpx.Response:
        assert request.url == "https://odoo.example/jsonrpc" and request.method == "POST"
        body = json.loads(request.content)
        assert body["jsonrpc"] == "2.0" and body["method"] == "call"
        return handler(body["params"], body["id"])

    return OdooExporter(httpx.MockTransport(respond))


def test_odoo_authenticates_then_creates_the_sale_with_its_lines_once() -> None:
    seen: list[list[Any]] = []

    def handler(params: dict[str, Any], rid: int) -> httpx.Response:
        if params["service"] == "common":
            assert params["args"] == ["shop", "api@shop", "secret", {}]
            return httpx.Response(200, json={"id": rid, "result": 9})
        db, uid, key, model, method, args, _kw = params["args"]
        assert (db, uid, key) == ("shop", 9, "secret")
        seen.append([model, method, args])
        if method == "search":
            return httpx.Response(200, json={"id": rid, "result": [5] if model == "res.partner" else []})
        return httpx.Response(200, json={"id": rid, "result": 77})

    result = _odoo(handler).export(_batch("odoo", SyncType.SALES, (SALE,), **ODOO))
    assert result.sent == (("sale:1", "77"),) and result.errors == ()
    order = next(args[0] for model, method, args in seen if (model, method) == ("sale.order", "create"))
    assert order["partner_id"] == 5 and order["client_order_ref"] == "V-0001"
    assert order["order_line"] == [[0, 0, {"product_id": 77, "name": "Balata", "product_uom_qty": "2.000",
                                           "price_unit": "200.00", "discount": "0"}]]  # fmt: skip


def test_odoo_bad_credentials_fail_the_run_and_a_refused_document_is_recorded() -> None:
    def refuse(params: dict[str, Any], rid: int) -> httpx.Response:
        return httpx.Response(200, json={"id": rid, "result": False})

    with pytest.raises(ExternalServiceError, match="refused the credentials"):
        _odoo(refuse).export(_batch("odoo", SyncType.ITEMS, (ITEM,), **ODOO))

    def invalid(params: dict[str, Any], rid: int) -> httpx.Response:
        if params["service"] == "common":
            return httpx.Response(200, json={"id": rid, "result": 9})
        error = {"code": 200, "message": "Odoo Server Error", "data": {"name": "ValidationError", "message": "bad"}}
        return httpx.Response(200, json={"id": rid, "error": error})

    result = _odoo(invalid).export(_batch("odoo", SyncType.ITEMS, (ITEM,), **ODOO))
    assert result.sent == () and result.errors == (("item:1", "bad"),)


def test_a_timeout_or_a_server_error_is_an_external_service_error() -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(ExternalServiceError, match="did not answer in time"):
        OdooExporter(httpx.MockTransport(slow)).export(_batch("odoo", SyncType.ITEMS, (ITEM,), **ODOO))
    down = httpx.MockTransport(lambda r: httpx.Response(503))
    with pytest.raises(ExternalServiceError, match="503"):
        SapB1Exporter(down).export(_batch("sap_b1", SyncType.ITEMS, (ITEM,), **SAP))


SAP = {"url": "https://sap.example:50000", "company_db": "SBODEMO", "username": "manager", "password": "p"}


def test_sap_b1_logs_in_posts_the_invoice_and_logs_out() -> None:
    seen: list[tuple[str, str, Any]] = []

    def respond(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        seen.append((request.method, request.url.path, body))
        if request.url.path == "/b1s/v1/Login":
            return httpx.Response(200, json={"SessionId": "abc"}, headers={"set-cookie": "B1SESSION=abc; path=/b1s"})
        assert request.headers.get("cookie") == "B1SESSION=abc"
        if request.method == "GET":
            assert request.url.params["$filter"] == "NumAtCard eq 'V-0001'"
            return httpx.Response(200, json={"value": []})
        if request.url.path == "/b1s/v1/Invoices":
            return httpx.Response(201, json={"DocEntry": 123})
        return httpx.Response(204)

    result = SapB1Exporter(httpx.MockTransport(respond)).export(_batch("sap_b1", SyncType.SALES, (SALE,), **SAP))
    assert result.sent == (("sale:1", "123"),)
    assert seen[0] == ("POST", "/b1s/v1/Login", {"CompanyDB": "SBODEMO", "UserName": "manager", "Password": "p"})
    invoice = seen[2][2]
    assert invoice["CardCode"] == "C-PUBLICO" and invoice["NumAtCard"] == "V-0001"
    assert invoice["DocumentLines"][0]["ItemCode"] == "BAL-1" and invoice["DocumentLines"][0]["Quantity"] == "2.000"
    assert seen[-1][:2] == ("POST", "/b1s/v1/Logout")


def test_sap_b1_refused_login_and_per_document_errors() -> None:
    error = {"error": {"code": -304, "message": {"value": "Fail to get DB Credentials"}}}
    refused = httpx.MockTransport(lambda r: httpx.Response(401, json=error))
    with pytest.raises(ExternalServiceError, match="refused the credentials"):
        SapB1Exporter(refused).export(_batch("sap_b1", SyncType.ITEMS, (ITEM,), **SAP))

    def item_error(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/Login") or request.url.path.endswith("/Logout"):
            return httpx.Response(200, json={})
        if request.method == "GET":
            return httpx.Response(200, json={"value": []})
        return httpx.Response(400, json={"error": {"code": -10, "message": {"value": "Invalid ItemCode"}}})

    result = SapB1Exporter(httpx.MockTransport(item_error)).export(_batch("sap_b1", SyncType.ITEMS, (ITEM,), **SAP))
    assert result.errors == (("item:1", "-10: Invalid ItemCode"),) and result.sent == ()
