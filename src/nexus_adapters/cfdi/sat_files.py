"""SAT's XSD and XSLT files, read at run time from the ``satcfdi`` package (never copied here).

Compiled once per thread: an lxml ``XMLSchema`` or ``XSLT`` object must not run in two threads at once.
"""

from __future__ import annotations

import threading
from pathlib import Path

import satcfdi
from lxml import etree

SCHEMAS = Path(satcfdi.__file__).parent / "transform" / "schemas" / "www.sat.gob.mx" / "sitio_internet" / "cfd"
CFDI_XSD = SCHEMAS / "4" / "cfdv40.xsd"
CFDI_XSLT = SCHEMAS / "4" / "cadenaoriginal_4_0" / "cadenaoriginal_4_0.xslt"
TFD_XSD = SCHEMAS / "TimbreFiscalDigital" / "TimbreFiscalDigitalv11.xsd"
PAGOS_XSD = SCHEMAS / "Pagos" / "Pagos20.xsd"
TFD_XSLT = SCHEMAS / "TimbreFiscalDigital" / "cadenaoriginal_TFD_1_1.xslt"

_local = threading.local()


def _cached(name: str, build: object) -> object:
    found = getattr(_local, name, None)
    if found is None:
        found = build() if callable(build) else None
        setattr(_local, name, found)
    return found


def _cfdi_with_complements() -> etree.XMLSchema:
    """CFDI 4.0 and the complements Nexus writes (Pagos 2.0): ``cfdi:Complemento`` takes any element
    *strictly*, so its schema must know theirs. One in-memory schema importing SAT's own files."""
    xs = "http://www.w3.org/2001/XMLSchema"
    imports = (("http://www.sat.gob.mx/cfd/4", CFDI_XSD), ("http://www.sat.gob.mx/Pagos20", PAGOS_XSD))
    text = f'<xs:schema xmlns:xs="{xs}">' + "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{path.as_uri()}"/>' for ns, path in imports
    )
    return etree.XMLSchema(etree.fromstring((text + "</xs:schema>").encode()))


def cfdi_schema() -> etree.XMLSchema:
    return _cached("cfdi_xsd", _cfdi_with_complements)  # type: ignore[return-value]


def tfd_schema() -> etree.XMLSchema:
    return _cached("tfd_xsd", lambda: etree.XMLSchema(etree.parse(str(TFD_XSD))))  # type: ignore[return-value]


def cfdi_cadena() -> etree.XSLT:
    return _cached("cfdi_xslt", lambda: etree.XSLT(etree.parse(str(CFDI_XSLT))))  # type: ignore[return-value]


def tfd_cadena() -> etree.XSLT:
    return _cached("tfd_xslt", lambda: etree.XSLT(etree.parse(str(TFD_XSLT))))  # type: ignore[return-value]


def cadena_of(element: etree._Element, transform: etree.XSLT) -> str:
    """The cadena original: SAT's XSLT applied to the element's document."""
    return str(transform(etree.ElementTree(element)))


def schema_errors(element: etree._Element, schema: etree.XMLSchema) -> list[str]:
    if schema.validate(element):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
