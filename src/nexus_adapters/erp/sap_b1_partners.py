"""Customers and purchases to SAP Business One's Service Layer (docs/insight.md#erp-sync).

A customer is a ``BusinessPartners`` record with ``CardType`` ``cCustomer`` keyed by ``CardCode`` = its
code (``NX-C<id>``), updated when found. A purchase (a stock receipt) is a ``PurchaseDeliveryNotes``
document (goods receipt PO) keyed by ``NumAtCard`` = the receipt's reference, for the supplier
``supplier_code`` of the settings (default ``P-VARIOS``).
"""

from __future__ import annotations

from typing import Any, Protocol

from nexus_core.domain.erp import CustomerDoc, PurchaseDoc

DEFAULT_SUPPLIER = "P-VARIOS"


class Session(Protocol):
    def get(self, path: str, params: dict[str, str]) -> Any: ...
    def post(self, path: str, body: dict[str, Any]) -> Any: ...
    def patch(self, path: str, body: dict[str, Any]) -> None: ...


def _quote(value: str) -> str:
    return value.replace("'", "''")


def business_partner(session: Session, c: CustomerDoc) -> str:
    values = {
        "CardName": (c.razon_social or c.name)[:100],
        "FederalTaxID": c.rfc or "",
        "EmailAddress": c.email or "",
        "Phone1": c.phone or "",
        "Address": (c.address or "")[:100],
        "ZipCode": c.codigo_postal or "",
        "CreditLimit": str(c.credit_limit),
        "Valid": "tYES" if c.active else "tNO",
    }
    found = session.get("/BusinessPartners", {"$filter": f"CardCode eq '{_quote(c.code)}'", "$select": "CardCode"})
    if found.get("value"):
        session.patch(f"/BusinessPartners('{_quote(c.code)}')", values)
    else:
        session.post("/BusinessPartners", {"CardCode": c.code, "CardType": "cCustomer", **values})
    return c.code


def delivery_note(session: Session, supplier: str, p: PurchaseDoc) -> str:
    query = {"$filter": f"NumAtCard eq '{_quote(p.reference)}'", "$select": "DocEntry"}
    found = session.get("/PurchaseDeliveryNotes", query)
    if found.get("value"):
        return str(found["value"][0]["DocEntry"])
    body = {
        "CardCode": supplier,
        "DocDate": p.date.isoformat(),
        "NumAtCard": p.reference,
        "Comments": (p.supplier or "")[:254],
        "DocumentLines": [
            # Amounts as decimal strings: the Service Layer parses them; never a float.
            {"ItemCode": ln.code, "Quantity": str(ln.quantity), "UnitPrice": str(ln.unit_cost),
             "LineTotal": str(ln.subtotal)}
            for ln in p.lines
        ],
    }  # fmt: skip
    created = session.post("/PurchaseDeliveryNotes", body)
    return str(created.get("DocEntry", ""))
