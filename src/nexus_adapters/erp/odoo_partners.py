"""Customers and purchases to Odoo (docs/insight.md#erp-sync).

A customer is a ``res.partner`` (``customer_rank`` 1) keyed by ``ref`` = its code (``NX-C<id>``), or found by
its ``vat`` (the RFC, unless it is SAT's generic one) when Odoo already knows it; found partners are updated.
A purchase is a vendor bill (``account.move`` with ``move_type`` ``in_invoice``: in every Odoo with
accounting, where ``purchase.order`` needs the Purchase app) keyed by ``ref`` = the receipt's reference, for
the supplier partner of that name (``supplier_rank`` 1; "Proveedores varios" when the receipt named none).
"""

from __future__ import annotations

from typing import Any, Protocol

from nexus_core.domain.customers import FOREIGN_RFC, GENERIC_RFC
from nexus_core.domain.erp import CustomerDoc, PurchaseDoc

ANY_SUPPLIER = "Proveedores varios"


class Session(Protocol):
    def execute(self, model: str, method: str, args: list[Any], kwargs: dict[str, Any] | None = None) -> Any: ...


def customer(session: Session, c: CustomerDoc) -> int:
    domain: list[Any] = [["ref", "=", c.code]]
    if c.rfc and c.rfc not in (GENERIC_RFC, FOREIGN_RFC):
        domain = ["|", ["ref", "=", c.code], ["vat", "=", c.rfc]]
    values = {
        "name": c.razon_social or c.name,
        "ref": c.code,
        "vat": c.rfc or False,
        "email": c.email or False,
        "phone": c.phone or False,
        "street": c.address or False,
        "zip": c.codigo_postal or False,
        "company_type": "company" if c.rfc and len(c.rfc) == 12 else "person",
        "customer_rank": 1,
        "active": c.active,
    }
    found = session.execute("res.partner", "search", [domain], {"limit": 1, "context": {"active_test": False}})
    if found:
        session.execute("res.partner", "write", [[found[0]], values])
        return int(found[0])
    return int(session.execute("res.partner", "create", [values]))


def _supplier(session: Session, name: str) -> int:
    found = session.execute("res.partner", "search", [[["name", "=", name]]], {"limit": 1})
    if found:
        return int(found[0])
    return int(session.execute("res.partner", "create", [{"name": name, "supplier_rank": 1}]))


def vendor_bill(session: Session, p: PurchaseDoc, product: Any) -> int:
    """``product(code, name)`` gives the Odoo product id (found or created, as for sales)."""
    partner = _supplier(session, (p.supplier or ANY_SUPPLIER)[:200])
    domain = [["move_type", "=", "in_invoice"], ["ref", "=", p.reference], ["partner_id", "=", partner]]
    found = session.execute("account.move", "search", [domain], {"limit": 1})
    if found:
        return int(found[0])
    lines = [
        (0, 0, {"product_id": product(ln.code, ln.name), "name": ln.name, "quantity": str(ln.quantity),
                "price_unit": str(ln.unit_cost)})
        for ln in p.lines
    ]  # fmt: skip
    values = {"move_type": "in_invoice", "partner_id": partner, "ref": p.reference,
              "invoice_date": p.date.isoformat(), "invoice_line_ids": lines}  # fmt: skip
    return int(session.execute("account.move", "create", [values]))
