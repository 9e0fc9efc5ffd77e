"""A sale's payment complements (CFDIs tipo P, Pago 2.0): one per customer payment on its stamped PPD
invoice, queued by ``POST /pos/api/customers/{id}/payment`` and stamped by the queue like any CFDI."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from nexus_core.services import invoicing_complement_reads as reads
from nexus_http.endpoints import Call, RouteTable
from nexus_http.routes.invoicing_wire import PREFIX

routes = RouteTable("invoicing")


@attrs.frozen
class PaymentComplementOut:
    cfdi_id: int
    serie: str
    folio: str
    fecha: str
    status: str
    uuid: str | None
    invoice_cfdi_id: int
    payment_id: int
    num_parcialidad: int
    imp_saldo_ant: Decimal
    imp_pagado: Decimal
    imp_saldo_insoluto: Decimal
    error_message: str | None


@attrs.frozen
class PaymentComplementsOut:
    data: list[PaymentComplementOut]


EXAMPLE: dict[str, Any] = {
    "cfdi_id": 4,
    "serie": "P",
    "folio": "1",
    "fecha": "2026-04-02T10:00:00",
    "status": "stamped",
    "uuid": "E437CC86-9579-400E-9DE6-1F6D68ACAE85",
    "invoice_cfdi_id": 3,
    "payment_id": 1,
    "num_parcialidad": 1,
    "imp_saldo_ant": Decimal("1160.00"),
    "imp_pagado": Decimal("500.00"),
    "imp_saldo_insoluto": Decimal("660.00"),
    "error_message": None,
}


def complement_json(c: reads.ComplementView) -> dict[str, Any]:
    return {
        "cfdi_id": c.cfdi_id,
        "serie": c.serie,
        "folio": c.folio,
        "fecha": c.fecha.isoformat(timespec="seconds"),
        "status": c.status,
        "uuid": c.uuid,
        "invoice_cfdi_id": c.invoice_id,
        "payment_id": c.payment_id,
        "num_parcialidad": c.num_parcialidad,
        "imp_saldo_ant": c.saldo_anterior,
        "imp_pagado": c.pagado,
        "imp_saldo_insoluto": c.saldo_insoluto,
        "error_message": c.error,
    }


@routes.get(
    f"{PREFIX}/sales/{{sale_id}}/complements",
    summary="A sale's payment complements (CFDI tipo P, Pago 2.0), oldest first, with the balances each documents",
    permission="invoicing.view",
    response=PaymentComplementsOut,
    example={"data": [EXAMPLE]},
)
def sale_complements(call: Call) -> dict[str, Any]:
    cmd = reads.SaleComplements(call.actor, call.path_int("sale_id"))
    return {"data": [complement_json(c) for c in call.run(reads.sale_complements, cmd)]}
