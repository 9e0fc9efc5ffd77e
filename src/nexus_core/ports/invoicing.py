"""Ports of invoicing: who the receiver is, sealing, the PAC, the printed invoice.

The core builds a :class:`~nexus_core.domain.cfdi.Comprobante` and checks SAT's rules; everything that
needs SAT's files, cryptography or the network is behind these protocols (adapters in
``nexus_adapters.cfdi``). PAC calls never run inside a database transaction.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Protocol

import attrs

from nexus_core.domain.cfdi import Comprobante
from nexus_core.domain.invoicing import CancelMotive, IssuerCertificate
from nexus_core.errors import ExternalServiceError


@attrs.frozen
class SealedCfdi:
    xml: str  # the sealed document, UTF-8, with its XML declaration
    cadena: str  # the cadena original the sello signs
    sello: str
    no_certificado: str


class CfdiSealer(Protocol):
    def seal(self, document: Comprobante, issuer: IssuerCertificate) -> SealedCfdi:
        """Render in SAT's order, build the cadena original with SAT's XSLT, sign it with the issuer's key
        and validate the result against SAT's XSD (a document the XSD refuses is a RuleViolation)."""
        ...


class CertificateReader(Protocol):
    def read(
        self,
        tenant_id: int,
        certificate: bytes,
        key: bytes,
        password: bytes,
        *,
        regimen_fiscal: str,
        codigo_postal: str,
        serie: str,
        legal_name: str | None,
    ) -> IssuerCertificate:
        """Open a CSD (.cer DER, .key DER PKCS#8 encrypted with ``password``): a wrong password, a key
        that is not the certificate's, or files that are not a CSD are InvalidInput. The key is kept
        encrypted with the installation's key."""
        ...


@attrs.frozen
class Stamp:
    """The PAC's TimbreFiscalDigital, and the stamped document it belongs to."""

    uuid: str
    stamped_at: datetime  # FechaTimbrado, naive local (Mexico City) as the TFD writes it
    xml: str  # the whole CFDI with its Complemento/TimbreFiscalDigital


@attrs.frozen
class Cancellation:
    accepted: bool  # False: SAT waits for the receiver's acceptance
    acknowledgement: str = ""


class PacRejected(ExternalServiceError):
    """The PAC refused the document for good (SAT's code, e.g. CFDI40108)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


class PacUnavailable(ExternalServiceError):
    """No answer (timeout, network, PAC down): the document may or may not have been stamped."""


class AlreadyStamped(ExternalServiceError):
    """The PAC has stamped this very document before (SAT 307 / the PAC's duplicate answer)."""


class StampingProvider(Protocol):
    """A PAC (proveedor autorizado de certificación)."""

    def stamp(self, sealed_xml: str) -> Stamp:
        """Raises :class:`PacRejected`, :class:`PacUnavailable` or :class:`AlreadyStamped`."""
        ...

    def find_stamp(self, sealed_xml: str) -> Stamp | None:
        """The stamp the PAC already gave this document, or ``None`` when it never stamped it."""
        ...

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
    ) -> Cancellation: ...


class CfdiPrinter(Protocol):
    def pdf(self, stamped_xml: str, verification_url: str) -> bytes:
        """The printed representation (representación impresa) with SAT's QR code."""
        ...


@attrs.frozen
class InvoicingPorts:
    sealer: CfdiSealer
    certificates: CertificateReader
    pac: StampingProvider
    printer: CfdiPrinter
