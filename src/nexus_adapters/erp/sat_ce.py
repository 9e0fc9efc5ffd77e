"""SAT's contabilidad electrónica 1.3 (Anexo 24 of the RMF): the month's catálogo de cuentas, balanza de
comprobación and pólizas del periodo, as the three XML files SAT names ``<RFC><AAAA><MM>CT.xml``,
``...BN.xml`` and ``...PL.xml``, together in one ZIP (the job's output).

Rendered with the standard library; tests validate each file against SAT's XSDs (shipped by ``satcfdi``)
with lxml. The files are unsigned (``Sello`` is optional in the schema; SAT's portal signs on upload with
the e.firma). The pólizas' request type comes from the provider settings (``tipo_solicitud``: AF, FC, DE
or CO, default AF; ``num_orden`` / ``num_tramite`` when SAT gave one).
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from xml.etree import ElementTree as ET

from nexus_core.domain.erp import EntryDoc, ExportBatch, ExportResult, MonthBooks, OutputFile

BASE = "http://www.sat.gob.mx/esquemas/ContabilidadE/1_3"
CATALOGO = f"{BASE}/CatalogoCuentas"
BALANZA = f"{BASE}/BalanzaComprobacion"
POLIZAS = f"{BASE}/PolizasPeriodo"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
for prefix, uri in (("catalogocuentas", CATALOGO), ("BCE", BALANZA), ("PLZ", POLIZAS), ("xsi", XSI)):
    ET.register_namespace(prefix, uri)


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _head(books: MonthBooks) -> dict[str, str]:
    return {"Version": "1.3", "RFC": books.rfc, "Mes": f"{books.month:02d}", "Anio": str(books.year)}


def _xml(root: ET.Element, location: str) -> bytes:
    root.set(f"{{{XSI}}}schemaLocation", location)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def catalogo(books: MonthBooks) -> bytes:
    root = ET.Element(f"{{{CATALOGO}}}Catalogo", _head(books))
    for a in books.accounts:
        attrs = {"CodAgrup": a.sat_code, "NumCta": a.code, "Desc": a.name, "Nivel": str(a.level), "Natur": a.nature}
        if a.parent_code:
            attrs["SubCtaDe"] = a.parent_code
        ET.SubElement(root, f"{{{CATALOGO}}}Ctas", attrs)
    return _xml(root, f"{CATALOGO} {CATALOGO}/CatalogoCuentas_1_3.xsd")


def balanza(books: MonthBooks) -> bytes:
    root = ET.Element(f"{{{BALANZA}}}Balanza", {**_head(books), "TipoEnvio": "N"})
    for b in books.balances:
        ET.SubElement(
            root,
            f"{{{BALANZA}}}Ctas",
            {
                "NumCta": b.code,
                "SaldoIni": _money(b.opening),
                "Debe": _money(b.debit),
                "Haber": _money(b.credit),
                "SaldoFin": _money(b.closing),
            },
        )
    return _xml(root, f"{BALANZA} {BALANZA}/BalanzaComprobacion_1_3.xsd")


def polizas(books: MonthBooks, entries: list[EntryDoc], request: dict[str, str]) -> bytes:
    head = {**_head(books), "TipoSolicitud": request.get("tipo_solicitud") or "AF"}
    for key, attr in (("num_orden", "NumOrden"), ("num_tramite", "NumTramite")):
        if request.get(key):
            head[attr] = request[key]
    root = ET.Element(f"{{{POLIZAS}}}Polizas", head)
    for e in entries:
        concept = (e.description or e.type)[:300]
        head = {"NumUnIdenPol": str(e.number), "Fecha": e.date.isoformat(), "Concepto": concept}
        poliza = ET.SubElement(root, f"{{{POLIZAS}}}Poliza", head)
        for ln in e.lines:
            ET.SubElement(
                poliza,
                f"{{{POLIZAS}}}Transaccion",
                {
                    "NumCta": ln.account_code,
                    "DesCta": ln.account_name[:100],
                    "Concepto": concept[:200],
                    "Debe": _money(ln.debit),
                    "Haber": _money(ln.credit),
                },
            )
    return _xml(root, f"{POLIZAS} {POLIZAS}/PolizasPeriodo_1_3.xsd")


def month_files(books: MonthBooks, entries: list[EntryDoc], request: dict[str, str]) -> dict[str, bytes]:
    stem = f"{books.rfc}{books.year}{books.month:02d}"
    files = {f"{stem}CT.xml": catalogo(books), f"{stem}BN.xml": balanza(books)}
    if entries:  # SAT's schema needs at least one póliza
        files[f"{stem}PL.xml"] = polizas(books, entries, request)
    return files


class SatContabilidadExporter:
    def export(self, batch: ExportBatch) -> ExportResult:
        assert batch.books is not None, "a SAT job is claimed with its month's books"
        entries = [d for d in batch.documents if isinstance(d, EntryDoc)]
        files = month_files(batch.books, entries, dict(batch.credentials))
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, content in files.items():
                z.writestr(name, content)
        books = batch.books
        name = f"{books.rfc}{books.year}{books.month:02d}-contabilidad-electronica.zip"
        return ExportResult(
            sent=tuple((d.doc_id, None) for d in batch.documents),
            output=OutputFile(name, "application/zip", buf.getvalue()),
        )
