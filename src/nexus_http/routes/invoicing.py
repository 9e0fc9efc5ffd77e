"""Invoicing (CFDI 4.0): invoice a sale, the global invoice, the stamping queue, cancel, XML and PDF.

Creating answers 201 ``pending`` with the sealed XML's start: the PAC is called by ``POST /queue/process``
(or ``nexus invoicing process-queue`` from cron), never inside the request's transaction.
"""

from __future__ import annotations

from typing import Any

from nexus_core.domain.invoicing import CfdiStatus
from nexus_core.services import invoicing, invoicing_cancel, invoicing_global, invoicing_queue, invoicing_reads
from nexus_http.endpoints import Call, RouteTable
from nexus_http.reply import RawBody, Reply
from nexus_http.routes.invoicing_wire import (
    CFDI_EXAMPLE,
    CREATED_EXAMPLE,
    PREFIX,
    CfdiCancelIn,
    CfdiOut,
    GlobalIn,
    InvoiceCreatedOut,
    InvoiceIn,
    QueueOut,
    QueueQuery,
    QueueRunOut,
    cfdi_json,
    created_json,
)

routes = RouteTable("invoicing")


@routes.post(
    f"{PREFIX}/invoice",
    summary="Invoice a sale (CFDI 4.0): built from the ticket's figures, SAT's rules checked, sealed, queued",
    permission="invoicing.create",
    body=InvoiceIn,
    response=InvoiceCreatedOut,
    status=201,
    idempotent=True,
    example=CREATED_EXAMPLE,
)
def create_invoice(call: Call) -> Reply:
    b: InvoiceIn = call.body
    receptor = None
    if b.receptor is not None:
        r = b.receptor
        receptor = invoicing.ReceptorInput(r.rfc, r.razon_social, r.regimen_fiscal, r.codigo_postal)
    cmd = invoicing.CreateInvoice(
        actor=call.actor,
        sale_id=b.sale_id,
        tipo_comprobante=b.tipo_comprobante,
        uso_cfdi=b.uso_cfdi,
        forma_pago=b.forma_pago,
        metodo_pago=b.metodo_pago,
        receptor=receptor,
        replaces_cfdi_id=b.replaces_cfdi_id,
    )
    return call.respond(invoicing.create_invoice, cmd, lambda r: Reply(created_json(r), 201))


@routes.post(
    f"{PREFIX}/global",
    summary="Global invoice (público en general) of the tickets nobody invoiced: of a period or a register session",
    permission="invoicing.create",
    body=GlobalIn,
    response=InvoiceCreatedOut,
    status=201,
    idempotent=True,
    example={**CREATED_EXAMPLE, "folio": "2"},
)
def create_global_invoice(call: Call) -> Reply:
    b: GlobalIn = call.body
    cmd = invoicing_global.CreateGlobalInvoice(call.actor, b.date_from, b.date_to, b.register_id)
    return call.respond(invoicing_global.create_global_invoice, cmd, lambda r: Reply(created_json(r), 201))


@routes.get(
    f"{PREFIX}/queue",
    summary="The stamping queue, newest first (status: pending, stamped, error, cancellation_pending, cancelled)",
    permission="invoicing.view",
    query=QueueQuery,
    response=QueueOut,
    example={"data": [CFDI_EXAMPLE], "total": 1, "page": 1, "per_page": 50},
)
def list_queue(call: Call) -> dict[str, Any]:
    q: QueueQuery = call.params
    page = call.run(invoicing_reads.list_queue, invoicing_reads.ListQueue(call.actor, q.status, q.page, q.per_page))
    return {
        "data": [cfdi_json(r) for r in page.rows],
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
    }


@routes.get(
    f"{PREFIX}/queue/{{cfdi_id}}",
    summary="One CFDI of the queue: its state, stamp, error (SAT's code) or cancellation",
    permission="invoicing.view",
    response=CfdiOut,
    example=CFDI_EXAMPLE,
)
def get_cfdi(call: Call) -> dict[str, Any]:
    return cfdi_json(call.run(invoicing_reads.get_cfdi, invoicing_reads.GetCfdi(call.actor, call.path_int("cfdi_id"))))


@routes.get(
    f"{PREFIX}/queue/{{cfdi_id}}/xml",
    summary="A CFDI's XML: the stamped one, or the sealed one while pending or refused",
    permission="invoicing.view",
    media_type="application/xml",
    example="<?xml version='1.0' encoding='UTF-8'?>\n<cfdi:Comprobante ...",
)
def cfdi_xml(call: Call) -> Reply:
    xml = call.run(invoicing_reads.cfdi_xml, invoicing_reads.GetCfdi(call.actor, call.path_int("cfdi_id")))
    return Reply(RawBody(xml.encode("utf-8"), "application/xml"))


@routes.post(
    f"{PREFIX}/queue/process",
    summary="Send pending CFDIs to the PAC, each once (a CFDI sent before is first looked up at the PAC)",
    permission="invoicing.create",
    response=QueueRunOut,
    example={
        "processed": 1,
        "stamped": 1,
        "errors": 0,
        "pending": 0,
        "results": [{"cfdi_id": 1, "status": "stamped", "uuid": CFDI_EXAMPLE["uuid"], "error": None}],
    },
)
def process_queue(call: Call) -> dict[str, Any]:
    run = invoicing_queue.process_queue(call.nexus, call.actor.tenant_id, call.actor)
    return {
        "processed": len(run.outcomes),
        "stamped": run.count(CfdiStatus.STAMPED),
        "errors": run.count(CfdiStatus.ERROR),
        "pending": run.count(CfdiStatus.PENDING),
        "results": [{"cfdi_id": o.cfdi_id, "status": o.status, "uuid": o.uuid, "error": o.error} for o in run.outcomes],
    }


@routes.post(
    f"{PREFIX}/cancel/{{cfdi_id}}",
    summary="Cancel a stamped CFDI with SAT's motive 01-04 (01 needs the stamped replacement's UUID)",
    permission="invoicing.cancel",
    body=CfdiCancelIn,
    response=CfdiOut,
    example={**CFDI_EXAMPLE, "status": "cancelled", "cancel_motive": "02", "cancelled_at": "2026-04-02T10:00:00"},
)
def cancel_cfdi(call: Call) -> dict[str, Any]:
    b: CfdiCancelIn = call.body
    cmd = invoicing_cancel.CancelCfdi(call.actor, call.path_int("cfdi_id"), b.motivo, b.folio_sustitucion)
    return cfdi_json(invoicing_cancel.cancel_cfdi(call.nexus, call.actor.tenant_id, cmd))


@routes.get(
    f"{PREFIX}/{{sale_id}}/pdf",
    summary="The printed invoice of a sale (PDF with SAT's verification QR code), once stamped",
    permission="invoicing.view",
    media_type="application/pdf",
    example="%PDF-1.3 ...",
)
def invoice_pdf(call: Call) -> Reply:
    pdf = call.run(invoicing_reads.invoice_pdf, invoicing_reads.InvoicePdf(call.actor, call.path_int("sale_id")))
    return Reply(RawBody(pdf, "application/pdf"))
