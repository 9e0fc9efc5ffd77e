"""A sandbox PAC that behaves like one, for development, tests and benchmarks (``NEXUS_PAC=sandbox``).

It validates what it receives as a PAC does (SAT's XSD, the sello against the certificate inside the
document), stamps with a TimbreFiscalDigital 1.1 (UUID, FechaTimbrado, SelloCFD, NoCertificadoSAT, SelloSAT
signed with its own throw-away certificate; the TFD itself is XSD-valid), remembers what it stamped (so a
second send answers "already stamped", code 307, and :meth:`find_stamp` returns the first stamp), and can
be told to misbehave: refuse with a SAT code, time out before stamping, or stamp and then lose the answer.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import threading
import uuid as uuidlib
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from lxml import etree

from nexus_adapters.cfdi.sat_files import (
    cadena_of,
    cfdi_cadena,
    cfdi_schema,
    schema_errors,
    tfd_cadena,
    tfd_schema,
)
from nexus_adapters.cfdi.sealer import sign
from nexus_adapters.cfdi.selfsigned import make_csd
from nexus_core.domain.invoicing import CancelMotive, IssuerCertificate
from nexus_core.ports.invoicing import AlreadyStamped, Cancellation, PacRejected, PacUnavailable, Stamp

TFD_NS = "http://www.sat.gob.mx/TimbreFiscalDigital"
CFDI_NS = "http://www.sat.gob.mx/cfd/4"
SANDBOX_RFC = "SPR190613I52"  # the RfcProvCertif written in its stamps
SANDBOX_SERIAL = "20001000000300022323"
MEXICO = ZoneInfo("America/Mexico_City")

Rule = Callable[[etree._Element], tuple[str, str] | None]


class SandboxPac:
    """Implements :class:`nexus_core.ports.invoicing.StampingProvider`. Thread-safe; one per process."""

    def __init__(self, clock: Callable[[], datetime] | None = None) -> None:
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # not the issuers' key
        self.certificate, _ = make_csd(SANDBOX_RFC, "PAC SANDBOX NEXUS", serial=SANDBOX_SERIAL, key=self._key)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._lock = threading.Lock()
        self._stamped: dict[str, Stamp] = {}  # by the document's sello
        self.calls = 0  # stamp() calls received, for tests that count sends
        self.rules: list[Rule] = []  # checks that refuse a document with (code, message)
        self.timeouts = 0  # the next N stamp calls time out before stamping
        self.lost_answers = 0  # the next N stamp calls stamp, then time out (the answer is lost)
        self.cancel_failures = 0

    # --- configuration -------------------------------------------------------------------------
    def reject_with(self, code: str, message: str, when: Rule | None = None) -> None:
        """Refuse every document (or those ``when`` picks) with SAT's ``code``."""
        self.rules.append(lambda doc: (code, message) if when is None or when(doc) else None)

    # --- the PAC -------------------------------------------------------------------------------
    def stamp(self, sealed_xml: str) -> Stamp:
        with self._lock:
            self.calls += 1
            if self.timeouts > 0:
                self.timeouts -= 1
                raise PacUnavailable("the PAC did not answer in time (sandbox timeout)")
            doc = self._parse(sealed_xml)
            sello = doc.get("Sello", "")
            if sello in self._stamped:
                raise AlreadyStamped("307: el CFDI contiene un timbre previo")
            for rule in self.rules:
                refused = rule(doc)
                if refused is not None:
                    raise PacRejected(*refused)
            stamp = self._stamp(doc)
            self._stamped[sello] = stamp
            if self.lost_answers > 0:
                self.lost_answers -= 1
                raise PacUnavailable("the connection dropped after sending (sandbox lost answer)")
            return stamp

    def find_stamp(self, sealed_xml: str) -> Stamp | None:
        with self._lock:
            doc = self._parse(sealed_xml)
            return self._stamped.get(doc.get("Sello", ""))

    def cancel(
        self,
        *,
        uuid: str,
        emisor_rfc: str,
        receptor_rfc: str,
        total: Decimal,
        motive: CancelMotive,
        replacement_uuid: str | None,
        issuer: IssuerCertificate,
    ) -> Cancellation:
        with self._lock:
            if self.cancel_failures > 0:
                self.cancel_failures -= 1
                raise PacUnavailable("the PAC did not answer the cancellation (sandbox)")
            if not any(s.uuid == uuid for s in self._stamped.values()):
                raise PacRejected("205", f"UUID {uuid} no existe")
            needs_acceptance = total > Decimal("1000") and receptor_rfc not in ("XAXX010101000", "XEXX010101000")
            return Cancellation(accepted=not needs_acceptance, acknowledgement=f"sandbox acuse {uuid} {motive.value}")

    # --- inside --------------------------------------------------------------------------------
    def _parse(self, sealed_xml: str) -> etree._Element:
        try:
            doc = etree.fromstring(sealed_xml.encode("utf-8"))
        except etree.XMLSyntaxError as error:
            raise PacRejected("301", f"XML mal formado: {error}") from None
        errors = schema_errors(doc, cfdi_schema())
        if errors:
            raise PacRejected("301", f"XML mal formado: {errors[0]}")
        cert = x509.load_der_x509_certificate(base64.b64decode(doc.get("Certificado", "")))
        public = cert.public_key()
        assert isinstance(public, RSAPublicKey)
        cadena = cadena_of(doc, cfdi_cadena())
        try:
            public.verify(base64.b64decode(doc.get("Sello", "")), cadena.encode(), padding.PKCS1v15(), hashes.SHA256())
        except (InvalidSignature, ValueError):
            raise PacRejected("CFDI40102", "el sello del emisor no es valido") from None
        return doc

    def _stamp(self, doc: etree._Element) -> Stamp:
        sello = doc.get("Sello", "")
        uuid = str(uuidlib.UUID(bytes=hashlib.sha256(sello.encode()).digest()[:16], version=4)).upper()
        at = self._clock().astimezone(MEXICO).replace(tzinfo=None, microsecond=0)
        tfd = etree.Element(f"{{{TFD_NS}}}TimbreFiscalDigital", nsmap={"tfd": TFD_NS, "xsi": _XSI})
        tfd.set(f"{{{_XSI}}}schemaLocation", f"{TFD_NS} {_TFD_XSD_URL}")
        for name, value in (
            ("Version", "1.1"),
            ("UUID", uuid),
            ("FechaTimbrado", at.strftime("%Y-%m-%dT%H:%M:%S")),
            ("RfcProvCertif", SANDBOX_RFC),
            ("SelloCFD", sello),
            ("NoCertificadoSAT", SANDBOX_SERIAL),
        ):
            tfd.set(name, value)
        tfd.set("SelloSAT", sign(self._key, cadena_of(tfd, tfd_cadena())))
        problems = schema_errors(tfd, tfd_schema())
        assert not problems, problems
        stamped = copy.deepcopy(doc)
        complemento = stamped.find(f"{{{CFDI_NS}}}Complemento")
        if complemento is None:
            complemento = etree.SubElement(stamped, f"{{{CFDI_NS}}}Complemento")
        complemento.append(tfd)
        xml = etree.tostring(stamped, xml_declaration=True, encoding="UTF-8").decode("utf-8")
        return Stamp(uuid=uuid, stamped_at=at, xml=xml)


_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_TFD_XSD_URL = "http://www.sat.gob.mx/sitio_internet/cfd/TimbreFiscalDigital/TimbreFiscalDigitalv11.xsd"
