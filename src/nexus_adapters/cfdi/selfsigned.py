"""Throw-away CSD-like certificates, generated on the spot: for tests, benchmarks, the demo and the sandbox
PAC's own stamping certificate. They have what SAT's CSDs have that Nexus reads (``x500UniqueIdentifier``
= the RFC, a serial of 20 ASCII digits, an RSA key in DER PKCS#8 encrypted with a password) and are signed
by themselves, so no PAC would accept them. Never commit real certificates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, Encoding, PrivateFormat
from cryptography.x509.oid import NameOID

from nexus_adapters.cfdi.certificates import UNIQUE_ID

_KEYS: list[rsa.RSAPrivateKey] = []


def _key() -> rsa.RSAPrivateKey:
    # RSA generation costs ~50 ms: one key per process is enough for throw-away certificates.
    if not _KEYS:
        _KEYS.append(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    return _KEYS[0]


def make_csd(
    rfc: str,
    name: str,
    *,
    serial: str = "30001000000500003416",
    password: bytes = b"12345678a",
    valid_from: datetime | None = None,
    valid_to: datetime | None = None,
    key: rsa.RSAPrivateKey | None = None,
) -> tuple[bytes, bytes]:
    """(.cer DER, .key DER PKCS#8 encrypted with ``password``); ``key`` defaults to the process's one."""
    key = key or _key()
    start = valid_from or datetime(2020, 1, 1, tzinfo=UTC)
    end = valid_to or start + timedelta(days=4 * 365 * 3)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "MX"),
            x509.NameAttribute(UNIQUE_ID, f"{rfc} / "),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(int.from_bytes(serial.encode("ascii"), "big"))
        .not_valid_before(start)
        .not_valid_after(end)
        .sign(key, hashes.SHA256())
    )
    key_der = key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, BestAvailableEncryption(password))
    return cert.public_bytes(Encoding.DER), key_der
