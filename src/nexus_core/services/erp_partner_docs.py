"""An ERP sync job's customer and purchase documents (docs/insight.md#erp-sync), read inside the
claiming transaction.

A purchase is one stock receipt: its ``purchase`` movements share a reference and an instant. Its tax is
each line's value times the item's tax rate, as the receipt computes it when the invoice's IVA is not
given (the posted entry keeps the invoice's own IVA).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from nexus_core.domain.erp import CustomerDoc, Document, PurchaseDoc, PurchaseDocLine
from nexus_core.domain.money import ZERO, round_money
from nexus_core.domain.stock import Movement
from nexus_core.ports.unit_of_work import UnitOfWork

GENERATED_REFERENCE = "COMPRA-"  # what a receipt without an invoice number is called


def customer_docs(uow: UnitOfWork, customer_ids: list[int]) -> list[Document]:
    found = [c for c in (uow.customers.get(i) for i in customer_ids) if c is not None]
    return [
        CustomerDoc(
            doc_id=f"customer:{c.id}",
            code=f"NX-C{c.id}",
            name=c.name,
            rfc=c.rfc,
            razon_social=c.razon_social,
            regimen_fiscal=c.regimen_fiscal,
            codigo_postal=c.codigo_postal,
            uso_cfdi=c.uso_cfdi,
            email=c.email,
            phone=c.phone,
            address=c.address,
            credit_limit=c.credit_limit,
            credit_days=c.credit_days,
            active=c.active,
        )
        for c in found
    ]


def purchase_groups(movements: Sequence[Movement], *, complete: bool) -> dict[int, list[Movement]]:
    """Receipts by their first movement's id, oldest first. When ``movements`` was cut at a limit
    (``complete`` false) the last receipt may be partial, so it is left for a later run."""
    groups: dict[tuple[str, datetime, int], list[Movement]] = {}
    for m in movements:
        groups.setdefault((m.reference, m.at, m.branch_id), []).append(m)
    by_first = {min(m.id or 0 for m in group): group for group in groups.values()}
    if not complete and len(by_first) > 1:
        del by_first[max(by_first)]
    return dict(sorted(by_first.items()))


def purchase_docs(uow: UnitOfWork, groups: dict[int, list[Movement]]) -> list[Document]:
    items = uow.items.get_many({m.item_id for group in groups.values() for m in group})
    docs: list[Document] = []
    for first, group in groups.items():
        lines = []
        for m in sorted(group, key=lambda m: m.id or 0):
            item = items.get(m.item_id)
            rate = item.tax_rate if item is not None else ZERO
            cost = m.unit_cost if m.unit_cost is not None else ZERO
            lines.append(
                PurchaseDocLine(
                    code=(item.part_number or item.barcode) if item is not None else str(m.item_id),
                    name=item.name if item is not None else str(m.item_id),
                    quantity=m.quantity,
                    unit_cost=cost,
                    subtotal=m.value,
                    tax_rate=rate,
                    tax=round_money(m.value * rate),
                )
            )
        head = group[0]
        subtotal = sum((ln.subtotal for ln in lines), ZERO)
        tax = sum((ln.tax for ln in lines), ZERO)
        docs.append(
            PurchaseDoc(
                doc_id=f"purchase:{first}",
                reference=head.reference,
                invoice_number=None if head.reference.startswith(GENERATED_REFERENCE) else head.reference,
                supplier=head.reason,
                date=head.business_date,
                branch_id=head.branch_id,
                subtotal=subtotal,
                tax=tax,
                total=subtotal + tax,
                lines=tuple(lines),
            )
        )
    return docs
