"""Reading the stamping queue: the list, one CFDI, its XML and the PDF of a sale's invoice."""

from __future__ import annotations

from typing import Any

import attrs

from nexus_core.domain.invoicing import CfdiRecord, CfdiStatus, verification_url
from nexus_core.errors import InvalidInput, NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor
from nexus_core.services.inventory_lists import page_of
from nexus_core.services.invoicing import invoicing_ports
from nexus_core.services.runner import Deps, read_only


@attrs.frozen
class ListQueue:
    actor: Actor
    status: Any = None
    page: int = 1
    per_page: int = 50


@attrs.frozen
class QueuePage:
    rows: list[CfdiRecord]
    total: int
    page: int
    per_page: int


@read_only
def list_queue(cmd: ListQueue, uow: UnitOfWork, deps: Deps) -> QueuePage:
    cmd.actor.require("invoicing.view")
    status = None
    if cmd.status is not None:
        try:
            status = CfdiStatus(cmd.status)
        except ValueError:
            names = ", ".join(s.value for s in CfdiStatus)
            raise InvalidInput(f"status must be one of {names}", field="status") from None
    page = page_of(cmd.page, cmd.per_page)
    rows, total = uow.cfdis.page(status, page.offset, page.size)
    return QueuePage(rows, total, page.number, page.size)


@attrs.frozen
class GetCfdi:
    actor: Actor
    cfdi_id: int


@read_only
def get_cfdi(cmd: GetCfdi, uow: UnitOfWork, deps: Deps) -> CfdiRecord:
    cmd.actor.require("invoicing.view")
    record = uow.cfdis.get(cmd.cfdi_id)
    if record is None:
        raise NotFound(f"CFDI {cmd.cfdi_id} not found", field="cfdi_id")
    return record


@read_only
def cfdi_xml(cmd: GetCfdi, uow: UnitOfWork, deps: Deps) -> str:
    """The stamped XML once stamped, else the sealed one that waits for (or was refused by) the PAC."""
    record = get_cfdi(cmd, uow, deps)
    return record.stamped_xml or record.xml


@attrs.frozen
class InvoicePdf:
    actor: Actor
    sale_id: int


@read_only
def invoice_pdf(cmd: InvoicePdf, uow: UnitOfWork, deps: Deps) -> bytes:
    """The printed invoice of a sale: its newest CFDI, once stamped (the PDF carries the stamp's QR)."""
    cmd.actor.require("invoicing.view")
    record = uow.cfdis.latest_for_sale(cmd.sale_id)
    if record is None:
        raise NotFound(f"sale {cmd.sale_id} has no invoice", field="sale_id")
    if record.stamped_xml is None or record.uuid is None:
        raise RuleViolation(f"the invoice of sale {cmd.sale_id} is {record.status.value}: it is not stamped yet")
    sello = _sello(record.stamped_xml)
    url = verification_url(record.uuid, record.emisor_rfc, record.receptor_rfc, record.totals.total, sello)
    return invoicing_ports(deps).printer.pdf(record.stamped_xml, url)


def _sello(xml: str) -> str:
    marker = ' Sello="'
    start = xml.find(marker)
    if start < 0:
        return ""
    start += len(marker)
    return xml[start : xml.find('"', start)]
