"""Reading a sale's payment complements (CFDIs tipo P), with the balances each one documents."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from nexus_core.errors import NotFound
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor
from nexus_core.services.purchases import parse_item_id
from nexus_core.services.runner import Deps, read_only


@attrs.frozen
class SaleComplements:
    actor: Actor
    sale_id: Any


@attrs.frozen
class ComplementView:
    cfdi_id: int
    serie: str
    folio: str
    fecha: datetime
    status: str
    uuid: str | None
    invoice_id: int
    payment_id: int
    num_parcialidad: int
    saldo_anterior: Decimal
    pagado: Decimal
    saldo_insoluto: Decimal
    error: str | None


@read_only
def sale_complements(cmd: SaleComplements, uow: UnitOfWork, deps: Deps) -> list[ComplementView]:
    """The complements of the sale's invoices, oldest first (any state: an ``error`` one says why)."""
    cmd.actor.require("invoicing.view")
    sale_id = parse_item_id(cmd.sale_id, field="sale_id")
    if uow.sales.get(sale_id) is None:
        raise NotFound(f"sale {sale_id} not found", field="sale_id")
    views = []
    for link in uow.cfdi_payments.for_sale(sale_id):
        record = uow.cfdis.get(link.complement_id)
        assert record is not None  # foreign key
        views.append(
            ComplementView(
                cfdi_id=link.complement_id,
                serie=record.serie,
                folio=record.folio,
                fecha=record.fecha,
                status=record.status.value,
                uuid=record.uuid,
                invoice_id=link.invoice_id,
                payment_id=link.payment_id,
                num_parcialidad=link.num_parcialidad,
                saldo_anterior=link.saldo_anterior,
                pagado=link.pagado,
                saldo_insoluto=link.saldo_insoluto,
                error=record.error_message if record.status.value == "error" else None,
            )
        )
    return views
