"""The printed invoice (representación impresa): fpdf2 for the page, segno for SAT's QR code."""

from __future__ import annotations

import io

import segno
from fpdf import FPDF
from lxml import etree

from nexus_adapters.cfdi.render import CFDI_NS
from nexus_adapters.cfdi.sandbox_pac import TFD_NS


def _text(value: str | None) -> str:
    # The core fonts are Latin-1: keep accents, drop what they cannot draw.
    return (value or "").encode("latin-1", "replace").decode("latin-1")


class FpdfPrinter:
    """Implements :class:`nexus_core.ports.invoicing.CfdiPrinter`."""

    def pdf(self, stamped_xml: str, verification_url: str) -> bytes:
        doc = etree.fromstring(stamped_xml.encode("utf-8"))
        ns = {"cfdi": CFDI_NS, "tfd": TFD_NS}
        emisor, receptor = doc.find("cfdi:Emisor", ns), doc.find("cfdi:Receptor", ns)
        tfd = doc.find(".//tfd:TimbreFiscalDigital", ns)
        pdf = FPDF(format="Letter")
        pdf.set_auto_page_break(True, margin=15)
        pdf.add_page()
        e = emisor if emisor is not None else etree.Element("none")
        r = receptor if receptor is not None else etree.Element("none")
        pdf.set_font("Helvetica", "B", 14)
        pdf.cell(0, 8, _text(e.get("Nombre")), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=9)
        lines = [
            f"RFC {e.get('Rfc', '')}   Regimen fiscal {e.get('RegimenFiscal', '')}",
            f"Factura {doc.get('Serie', '')}-{doc.get('Folio', '')}   Fecha {doc.get('Fecha')}",
            f"Lugar de expedicion {doc.get('LugarExpedicion')}   Moneda {doc.get('Moneda')}",
            f"Receptor: {r.get('Nombre', '')}   RFC {r.get('Rfc', '')}   Uso CFDI {r.get('UsoCFDI', '')}",
            f"Forma de pago {doc.get('FormaPago', '')}   Metodo de pago {doc.get('MetodoPago', '')}",
        ]
        for line in lines:
            pdf.cell(0, 5, _text(line), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 8)
        for title, width in (("Cant.", 18), ("Clave", 22), ("Descripcion", 90), ("P. unitario", 30), ("Importe", 30)):
            pdf.cell(width, 6, title, border=1)
        pdf.ln()
        pdf.set_font("Helvetica", size=8)
        for k in doc.iterfind("cfdi:Conceptos/cfdi:Concepto", ns):
            for value, width in (
                (k.get("Cantidad"), 18),
                (k.get("ClaveProdServ"), 22),
                ((k.get("Descripcion") or "")[:60], 90),
                (k.get("ValorUnitario"), 30),
                (k.get("Importe"), 30),
            ):
                pdf.cell(width, 5, _text(value), border=1)
            pdf.ln()
        pdf.ln(2)
        for label, attr in (("Subtotal", "SubTotal"), ("Descuento", "Descuento"), ("Total", "Total")):
            if doc.get(attr) is not None:
                pdf.cell(160, 5, label, align="R")
                pdf.cell(30, 5, doc.get(attr, ""), align="R", new_x="LMARGIN", new_y="NEXT")
        impuestos = doc.find("cfdi:Impuestos", ns)
        if impuestos is not None and impuestos.get("TotalImpuestosTrasladados"):
            pdf.cell(160, 5, "IVA trasladado", align="R")
            pdf.cell(30, 5, impuestos.get("TotalImpuestosTrasladados", ""), align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        qr = io.BytesIO()
        segno.make(verification_url, error="M").save(qr, kind="png", scale=4)
        qr.seek(0)
        top = pdf.get_y()
        pdf.image(qr, x=10, y=top, w=35, h=35)
        pdf.set_xy(50, top)
        pdf.set_font("Helvetica", size=7)
        stamp = tfd if tfd is not None else etree.Element("none")
        details = [
            f"Folio fiscal (UUID): {stamp.get('UUID', '')}",
            f"Fecha de timbrado: {stamp.get('FechaTimbrado', '')}",
            f"Certificado SAT: {stamp.get('NoCertificadoSAT', '')}",
            f"Certificado del emisor: {doc.get('NoCertificado', '')}",
            f"Sello digital del CFDI: {doc.get('Sello', '')}",
            f"Sello del SAT: {stamp.get('SelloSAT', '')}",
            "Este documento es una representacion impresa de un CFDI 4.0",
        ]
        for line in details:
            pdf.set_x(50)
            pdf.multi_cell(150, 3.5, _text(line), new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())
