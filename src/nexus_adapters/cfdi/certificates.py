"""Reading a CSD (SAT's .cer and .key): RFC, serial (NoCertificado), validity, and the key it opens."""

from __future__ import annotations

from datetime import UTC

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey
from cryptography.hazmat.primitives.serialization import load_der_private_key
from cryptography.x509.oid import NameOID

from nexus_adapters.cfdi.keys import KeyVault
from nexus_core.domain.invoicing import IssuerCertificate
from nexus_core.errors import InvalidInput

UNIQUE_ID = x509.ObjectIdentifier("2.5.4.45")  # x500UniqueIdentifier: "RFC / RFC of the legal representative"


def certificate_number(cert: x509.Certificate) -> str:
    """NoCertificado: SAT's serial numbers are 20 ASCII digits stored as the serial's bytes."""
    raw = cert.serial_number.to_bytes((cert.serial_number.bit_length() + 7) // 8, "big")
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        text = ""
    if len(text) != 20 or not text.isdigit():
        raise InvalidInput("the certificate is not a CSD: its serial is not 20 ASCII digits", field="cer")
    return text


def _attribute(cert: x509.Certificate, oid: x509.ObjectIdentifier) -> str | None:
    found = cert.subject.get_attributes_for_oid(oid)
    return str(found[0].value) if found else None


def certificate_rfc(cert: x509.Certificate) -> str:
    unique = _attribute(cert, UNIQUE_ID)
    if not unique:
        raise InvalidInput("the certificate names no RFC (x500UniqueIdentifier): is it a CSD?", field="cer")
    return unique.split("/")[0].strip().upper()


class CsdReader:
    """Implements :class:`nexus_core.ports.invoicing.CertificateReader`."""

    def __init__(self, vault: KeyVault) -> None:
        self.vault = vault

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
        try:
            cert = x509.load_der_x509_certificate(certificate)
        except ValueError:
            raise InvalidInput("the .cer file is not a DER certificate", field="cer") from None
        try:
            private = load_der_private_key(key, password=password)
        except (ValueError, TypeError):
            raise InvalidInput(
                "the .key does not open with this password (or is not a CSD key)", field="password"
            ) from None
        public = cert.public_key()
        if not isinstance(private, RSAPrivateKey) or not isinstance(public, RSAPublicKey):
            raise InvalidInput("a CSD key is RSA", field="key")
        if private.public_key().public_numbers() != public.public_numbers():
            raise InvalidInput("the .key is not the key of this .cer", field="key")
        name = legal_name or _attribute(cert, NameOID.ORGANIZATION_NAME) or _attribute(cert, NameOID.COMMON_NAME)
        return IssuerCertificate(
            tenant_id=tenant_id,
            rfc=certificate_rfc(cert),
            legal_name=" ".join((name or "").upper().split()) or certificate_rfc(cert),
            regimen_fiscal=regimen_fiscal,
            codigo_postal=codigo_postal,
            serie=serie,
            no_certificado=certificate_number(cert),
            valid_from=cert.not_valid_before_utc.astimezone(UTC),
            valid_to=cert.not_valid_after_utc.astimezone(UTC),
            certificate=certificate,
            encrypted_key=self.vault.seal_key(private),
        )
