"""A :class:`~nexus_core.domain.cfdi.Comprobante` as CFDI 4.0 XML, in the XSD's node and attribute order."""

from __future__ import annotations

from lxml import etree

from nexus_adapters.cfdi.render_pagos import PAGOS_NS, PAGOS_SCHEMA_LOCATION, render_pagos
from nexus_adapters.cfdi.sat_files import CFDI_XSD
from nexus_core.domain.cfdi import Comprobante, Concept, Tipo, Transfer
from nexus_core.domain.cfdi_limits import money_text, quantity_text, rate_text

CFDI_NS = "http://www.sat.gob.mx/cfd/4"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{CFDI_NS} http://www.sat.gob.mx/sitio_internet/cfd/4/cfdv40.xsd"
NSMAP = {"cfdi": CFDI_NS, "xsi": XSI_NS}
assert CFDI_XSD.exists(), "satcfdi ships SAT's CFDI 4.0 schema"


def _q(tag: str) -> str:
    return f"{{{CFDI_NS}}}{tag}"


def _set(el: etree._Element, **attrs: str | None) -> None:
    for name, value in attrs.items():
        if value is not None:
            el.set(name.replace("Anio", "Año"), value)


def render(c: Comprobante, *, no_certificado: str, certificado: str, sello: str = "") -> etree._Element:
    pago = c.tipo is Tipo.PAGO
    nsmap = {**NSMAP, "pago20": PAGOS_NS} if c.pagos is not None else NSMAP
    root = etree.Element(_q("Comprobante"), nsmap=nsmap)
    location = f"{SCHEMA_LOCATION} {PAGOS_SCHEMA_LOCATION}" if c.pagos is not None else SCHEMA_LOCATION
    root.set(f"{{{XSI_NS}}}schemaLocation", location)
    _set(
        root,
        Version="4.0",
        Serie=c.serie,
        Folio=c.folio,
        Fecha=c.fecha.strftime("%Y-%m-%dT%H:%M:%S"),
        Sello=sello,
        FormaPago=c.forma_pago,
        NoCertificado=no_certificado,
        Certificado=certificado,
        SubTotal="0" if pago else money_text(c.subtotal),
        Descuento=money_text(c.descuento) if c.descuento else None,
        Moneda=c.moneda,
        Total="0" if pago else money_text(c.total),
        TipoDeComprobante=c.tipo.value,
        Exportacion=c.exportacion,
        MetodoPago=None if c.metodo_pago is None else c.metodo_pago.value,
        LugarExpedicion=c.lugar_expedicion,
    )
    if c.informacion_global is not None:
        g = c.informacion_global
        _set(
            etree.SubElement(root, _q("InformacionGlobal")),
            Periodicidad=g.periodicidad,
            Meses=g.meses,
            Anio=str(g.anio),
        )
    for rel in c.relacionados:
        node = etree.SubElement(root, _q("CfdiRelacionados"), TipoRelacion=rel.tipo_relacion)
        for uuid in rel.uuids:
            etree.SubElement(node, _q("CfdiRelacionado"), UUID=uuid)
    e, r = c.emisor, c.receptor
    etree.SubElement(root, _q("Emisor"), Rfc=e.rfc, Nombre=e.name, RegimenFiscal=e.regimen_fiscal)
    etree.SubElement(
        root,
        _q("Receptor"),
        Rfc=r.rfc,
        Nombre=r.name,
        DomicilioFiscalReceptor=r.codigo_postal,
        RegimenFiscalReceptor=r.regimen_fiscal,
        UsoCFDI=r.uso_cfdi,
    )
    conceptos = etree.SubElement(root, _q("Conceptos"))
    for k in c.conceptos:
        _concept(conceptos, k, zero=pago)
    if c.impuestos is not None and c.impuestos.transfers:
        imp = etree.SubElement(root, _q("Impuestos"))
        total = c.impuestos.total_transferred
        _set(imp, TotalImpuestosTrasladados=None if total is None else money_text(total))
        traslados = etree.SubElement(imp, _q("Traslados"))
        for t in c.impuestos.transfers:
            _transfer(traslados, t)
    if c.pagos is not None:
        render_pagos(etree.SubElement(root, _q("Complemento")), c.pagos)
    return root


def _concept(parent: etree._Element, k: Concept, *, zero: bool = False) -> None:
    el = etree.SubElement(parent, _q("Concepto"))
    _set(
        el,
        ClaveProdServ=k.clave_prod_serv,
        NoIdentificacion=k.no_identificacion,
        Cantidad=quantity_text(k.cantidad),
        ClaveUnidad=k.clave_unidad,
        Unidad=k.unidad,
        Descripcion=k.descripcion,
        ValorUnitario="0" if zero else money_text(k.valor_unitario),
        Importe="0" if zero else money_text(k.importe),
        Descuento=money_text(k.descuento) if k.descuento else None,
        ObjetoImp=k.objeto_imp,
    )
    if k.transfers:
        traslados = etree.SubElement(etree.SubElement(el, _q("Impuestos")), _q("Traslados"))
        for t in k.transfers:
            _transfer(traslados, t)


def _transfer(parent: etree._Element, t: Transfer) -> None:
    _set(
        etree.SubElement(parent, _q("Traslado")),
        Base=money_text(t.base),
        Impuesto=t.tax,
        TipoFactor=t.factor,
        TasaOCuota=None if t.rate is None else rate_text(t.rate),
        Importe=None if t.amount is None else money_text(t.amount),
    )


def to_text(root: etree._Element) -> str:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode("utf-8")
