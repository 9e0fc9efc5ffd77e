"""Odoo over its external JSON-RPC API (``POST /jsonrpc``; services ``common`` and ``object``).

Authenticates with the database, login and API key (``common.authenticate``), then ``object.execute_kw``
on ``product.product`` (items, keyed by ``default_code``) and ``sale.order`` (sales, keyed by
``client_order_ref`` = the folio, for the partner "Público en general"); customers and purchases as in
odoo_partners.py. Each document is looked up first,
so a document Odoo already has is not created twice. An Odoo error on one document is recorded for it and
the others go on; bad credentials or an unreachable server fail the run.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import httpx

from nexus_adapters.erp.http_base import call, client, json_of, need
from nexus_adapters.erp.odoo_partners import customer, vendor_bill
from nexus_core.domain.erp import CustomerDoc, ExportBatch, ExportResult, ItemDoc, PurchaseDoc, SaleDoc, SaleDocLine
from nexus_core.errors import ExternalServiceError

PUBLIC_PARTNER = "Público en general"


class OdooError(Exception):
    """Odoo refused one call (its ``error`` member): the message is Odoo's."""


class OdooSession:
    def __init__(self, http: httpx.Client, database: str, uid: int, key: str) -> None:
        self._http, self._db, self._uid, self._key = http, database, uid, key
        self._ids = itertools.count(1)

    @classmethod
    def login(cls, http: httpx.Client, database: str, username: str, key: str) -> OdooSession:
        uid = rpc(http, next(itertools.count(1)), "common", "authenticate", [database, username, key, {}])
        if not uid:
            raise ExternalServiceError("odoo refused the credentials (database, username, api_key)")
        return cls(http, database, int(uid), key)

    def execute(self, model: str, method: str, args: list[Any], kwargs: dict[str, Any] | None = None) -> Any:
        return rpc(
            self._http, next(self._ids), "object", "execute_kw",
            [self._db, self._uid, self._key, model, method, args, kwargs or {}],
        )  # fmt: skip


def rpc(http: httpx.Client, request_id: int, service: str, method: str, args: list[Any]) -> Any:
    body = {"jsonrpc": "2.0", "method": "call", "params": {"service": service, "method": method, "args": args}}
    response = call("odoo", lambda: http.post("/jsonrpc", json={**body, "id": request_id}))
    if response.status_code != 200:
        raise ExternalServiceError(f"odoo answered {response.status_code}")
    answer = json_of("odoo", response)
    if "error" in answer:
        error = answer["error"]
        data = error.get("data") or {}
        message = data.get("message") or error.get("message") or "error"
        if "AccessDenied" in str(data.get("name", "")):
            raise ExternalServiceError(f"odoo refused the credentials: {message}")
        raise OdooError(message)
    return answer.get("result")


def _product(session: OdooSession, code: str, values: dict[str, Any]) -> int:
    found = session.execute("product.product", "search", [[["default_code", "=", code]]], {"limit": 1})
    if found:
        session.execute("product.product", "write", [[found[0]], values])
        return int(found[0])
    return int(session.execute("product.product", "create", [{"default_code": code, **values}]))


def _partner(session: OdooSession) -> int:
    found = session.execute("res.partner", "search", [[["name", "=", PUBLIC_PARTNER]]], {"limit": 1})
    return int(found[0]) if found else int(session.execute("res.partner", "create", [{"name": PUBLIC_PARTNER}]))


def _line(session: OdooSession, ln: SaleDocLine) -> dict[str, Any]:
    """Amounts travel as decimal strings (never floats): Odoo's float fields parse them."""
    gross = ln.quantity * ln.unit_price
    discount = (ln.discount * 100 / gross).quantize(Decimal("0.01")) if ln.discount and gross else Decimal("0")
    return {
        "product_id": _product(session, ln.code, {"name": ln.name}),
        "name": ln.name,
        "product_uom_qty": str(ln.quantity),
        "price_unit": str(ln.unit_price),
        "discount": str(discount),
    }


def _sale(session: OdooSession, partner: int, s: SaleDoc) -> int:
    found = session.execute("sale.order", "search", [[["client_order_ref", "=", s.folio]]], {"limit": 1})
    if found:
        return int(found[0])
    lines = [(0, 0, _line(session, ln)) for ln in s.lines]
    values = {"partner_id": partner, "client_order_ref": s.folio, "date_order": f"{s.date} 12:00:00"}
    values["order_line"] = lines
    return int(session.execute("sale.order", "create", [values]))


class OdooExporter:
    def __init__(self, transport: httpx.BaseTransport | None = None) -> None:
        self._transport = transport

    def export(self, batch: ExportBatch) -> ExportResult:
        url, database, username, key = need(batch.credentials, "url", "database", "username", "api_key")
        sent: list[tuple[str, str | None]] = []
        errors: list[tuple[str, str]] = []
        with client(url, self._transport) as http:
            session = OdooSession.login(http, database, username, key)
            partner = _partner(session) if any(isinstance(d, SaleDoc) for d in batch.documents) else 0
            for doc in batch.documents:
                try:
                    if isinstance(doc, ItemDoc):
                        values = {"name": doc.name, "list_price": str(doc.price), "standard_price": str(doc.cost)}
                        remote = _product(session, doc.code, values)
                    elif isinstance(doc, CustomerDoc):
                        remote = customer(session, doc)
                    elif isinstance(doc, PurchaseDoc):
                        remote = vendor_bill(session, doc, lambda code, name: _product(session, code, {"name": name}))
                    else:
                        assert isinstance(doc, SaleDoc)
                        remote = _sale(session, partner, doc)
                except OdooError as error:
                    errors.append((doc.doc_id, str(error)))
                    continue
                sent.append((doc.doc_id, str(remote)))
        return ExportResult(sent=tuple(sent), errors=tuple(errors))
