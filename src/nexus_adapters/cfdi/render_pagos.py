"""The ``pago20:Pagos`` complement (Pagos 2.0) of a CFDI tipo P, in the XSD's node and attribute order."""

from __future__ import annotations

from lxml import etree

from nexus_core.domain.cfdi import Transfer
from nexus_core.domain.cfdi_limits import money_text, rate_text
from nexus_core.domain.cfdi_pagos import Pago, Pagos, PaidDocument

PAGOS_NS = "http://www.sat.gob.mx/Pagos20"
PAGOS_SCHEMA_LOCATION = f"{PAGOS_NS} http://www.sat.gob.mx/sitio_internet/cfd/Pagos/Pagos20.xsd"
TOTALES_ORDER = (
    "TotalTrasladosBaseIVA16",
    "TotalTrasladosImpuestoIVA16",
    "TotalTrasladosBaseIVA8",
    "TotalTrasladosImpuestoIVA8",
    "TotalTrasladosBaseIVA0",
    "TotalTrasladosImpuestoIVA0",
    "TotalTrasladosBaseIVAExento",
)


def _q(tag: str) -> str:
    return f"{{{PAGOS_NS}}}{tag}"


def render_pagos(complemento: etree._Element, pagos: Pagos) -> etree._Element:
    root = etree.SubElement(complemento, _q("Pagos"), nsmap={"pago20": PAGOS_NS})
    root.set("Version", "2.0")
    totales = etree.SubElement(root, _q("Totales"))
    values = pagos.totales()
    for name in TOTALES_ORDER:
        if name in values:
            totales.set(name, money_text(values[name]))
    totales.set("MontoTotalPagos", money_text(pagos.monto_total))
    for p in pagos.pagos:
        _pago(root, p)
    return root


def _pago(parent: etree._Element, p: Pago) -> None:
    el = etree.SubElement(parent, _q("Pago"))
    el.set("FechaPago", p.fecha_pago.strftime("%Y-%m-%dT%H:%M:%S"))
    el.set("FormaDePagoP", p.forma_pago)
    el.set("MonedaP", p.moneda)
    el.set("TipoCambioP", "1")
    el.set("Monto", money_text(p.monto))
    for d in p.documents:
        _document(el, d, p.moneda)
    transfers = p.transfers
    if transfers:
        traslados = etree.SubElement(etree.SubElement(el, _q("ImpuestosP")), _q("TrasladosP"))
        for t in transfers:
            _transfer(traslados, "TrasladoP", "P", t)


def _document(parent: etree._Element, d: PaidDocument, moneda: str) -> None:
    el = etree.SubElement(parent, _q("DoctoRelacionado"))
    el.set("IdDocumento", d.id_documento)
    el.set("Serie", d.serie)
    el.set("Folio", d.folio)
    el.set("MonedaDR", moneda)
    el.set("EquivalenciaDR", "1")
    el.set("NumParcialidad", str(d.num_parcialidad))
    el.set("ImpSaldoAnt", money_text(d.saldo_anterior))
    el.set("ImpPagado", money_text(d.pagado))
    el.set("ImpSaldoInsoluto", money_text(d.saldo_insoluto))
    el.set("ObjetoImpDR", d.objeto_imp)
    if d.transfers:
        traslados = etree.SubElement(etree.SubElement(el, _q("ImpuestosDR")), _q("TrasladosDR"))
        for t in d.transfers:
            _transfer(traslados, "TrasladoDR", "DR", t)


def _transfer(parent: etree._Element, tag: str, suffix: str, t: Transfer) -> None:
    el = etree.SubElement(parent, _q(tag))
    el.set(f"Base{suffix}", money_text(t.base))
    el.set(f"Impuesto{suffix}", t.tax)
    el.set(f"TipoFactor{suffix}", t.factor)
    if t.rate is not None:
        el.set(f"TasaOCuota{suffix}", rate_text(t.rate))
    if t.amount is not None:
        el.set(f"Importe{suffix}", money_text(t.amount))
