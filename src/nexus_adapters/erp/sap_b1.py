"""SAP Business One over its Service Layer (REST/OData, ``/b1s/v1``).

``POST /Login`` with ``CompanyDB``, ``UserName``, ``Password`` opens a session (cookie ``B1SESSION``, kept
by the httpx client); items go to ``/Items`` (keyed by ``ItemCode`` = the barcode) and sales to
``/Invoices`` (``NumAtCard`` = the folio, for the customer ``customer_code`` of the settings, default
``C-PUBLICO``); customers and purchases as in sap_b1_partners.py;
each is looked up first, so nothing is created twice. ``POST /Logout`` closes the session.
A Service Layer error on one document (``{"error": {"code", "message": {"value"}}}``) is recorded for it;
a refused login, a timeout or a 5xx fails the run.
"""

from __future__ import annotations

import contextlib
from typing import Any

import httpx

from nexus_adapters.erp.http_base import call, client, json_of, need
from nexus_adapters.erp.sap_b1_partners import DEFAULT_SUPPLIER, business_partner, delivery_note
from nexus_core.domain.erp import CustomerDoc, ExportBatch, ExportResult, ItemDoc, PurchaseDoc, SaleDoc
from nexus_core.errors import ExternalServiceError

PREFIX = "/b1s/v1"
DEFAULT_CUSTOMER = "C-PUBLICO"


class SapError(Exception):
    """The Service Layer refused one request: the message is SAP's."""


def _message(response: httpx.Response) -> str:
    try:
        error = response.json().get("error", {})
    except ValueError:
        return f"HTTP {response.status_code}"
    message = error.get("message", {})
    text = message.get("value") if isinstance(message, dict) else message
    return f"{error.get('code', response.status_code)}: {text or 'error'}"


def _quote(value: str) -> str:
    return value.replace("'", "''")


class SapSession:
    def __init__(self, http: httpx.Client) -> None:
        self._http = http

    def get(self, path: str, params: dict[str, str]) -> Any:
        response = call("sap_b1", lambda: self._http.get(PREFIX + path, params=params))
        if response.status_code >= 400:
            raise SapError(_message(response))
        return json_of("sap_b1", response)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        response = call("sap_b1", lambda: self._http.post(PREFIX + path, json=body))
        if response.status_code >= 400:
            raise SapError(_message(response))
        return json_of("sap_b1", response) if response.content else {}

    def patch(self, path: str, body: dict[str, Any]) -> None:
        response = call("sap_b1", lambda: self._http.patch(PREFIX + path, json=body))
        if response.status_code >= 400:
            raise SapError(_message(response))


def login(http: httpx.Client, company: str, username: str, password: str) -> SapSession:
    body = {"CompanyDB": company, "UserName": username, "Password": password}
    response = call("sap_b1", lambda: http.post(PREFIX + "/Login", json=body))
    if response.status_code in (401, 403) or (response.status_code >= 400 and "Login" in _message(response)):
        raise ExternalServiceError(f"sap_b1 refused the credentials: {_message(response)}")
    if response.status_code >= 400:
        raise ExternalServiceError(f"sap_b1 login failed: {_message(response)}")
    return SapSession(http)


def _item(session: SapSession, doc: ItemDoc) -> str:
    values = {"ItemName": doc.name[:100], "Valid": "tYES" if doc.active else "tNO"}
    found = session.get("/Items", {"$filter": f"ItemCode eq '{_quote(doc.code)}'", "$select": "ItemCode"})
    if found.get("value"):
        session.patch(f"/Items('{_quote(doc.code)}')", values)
    else:
        session.post("/Items", {"ItemCode": doc.code, **values})
    return doc.code


def _invoice(session: SapSession, customer: str, s: SaleDoc) -> str:
    found = session.get("/Invoices", {"$filter": f"NumAtCard eq '{_quote(s.folio)}'", "$select": "DocEntry"})
    if found.get("value"):
        return str(found["value"][0]["DocEntry"])
    body = {
        "CardCode": customer,
        "DocDate": s.date.isoformat(),
        "NumAtCard": s.folio,
        "DocumentLines": [
            # Amounts as decimal strings: the Service Layer parses them; never a float.
            {"ItemCode": ln.code, "Quantity": str(ln.quantity), "UnitPrice": str(ln.unit_price),
             "DiscountPercent": "0", "LineTotal": str(ln.subtotal)}
            for ln in s.lines
        ],
    }  # fmt: skip
    created = session.post("/Invoices", body)
    return str(created.get("DocEntry", ""))


class SapB1Exporter:
    def __init__(self, transport: httpx.BaseTransport | None = None) -> None:
        self._transport = transport

    def export(self, batch: ExportBatch) -> ExportResult:
        url, company, username, password = need(batch.credentials, "url", "company_db", "username", "password")
        customer = batch.credentials.get("customer_code") or DEFAULT_CUSTOMER
        supplier = batch.credentials.get("supplier_code") or DEFAULT_SUPPLIER
        sent: list[tuple[str, str | None]] = []
        errors: list[tuple[str, str]] = []
        with client(url, self._transport) as http:
            session = login(http, company, username, password)
            try:
                for doc in batch.documents:
                    try:
                        remote = _item(session, doc) if isinstance(doc, ItemDoc) else None
                        if isinstance(doc, SaleDoc):
                            remote = _invoice(session, customer, doc)
                        elif isinstance(doc, CustomerDoc):
                            remote = business_partner(session, doc)
                        elif isinstance(doc, PurchaseDoc):
                            remote = delivery_note(session, supplier, doc)
                    except SapError as error:
                        errors.append((doc.doc_id, str(error)))
                        continue
                    sent.append((doc.doc_id, remote))
            finally:
                with contextlib.suppress(httpx.HTTPError):  # else the session expires on its own
                    http.post(PREFIX + "/Logout")
        return ExportResult(sent=tuple(sent), errors=tuple(errors))
