"""Sealing: render, cadena original with SAT's XSLT, sello (RSA PKCS#1 v1.5 SHA-256), XSD validation."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from nexus_adapters.cfdi.keys import KeyVault
from nexus_adapters.cfdi.render import render, to_text
from nexus_adapters.cfdi.sat_files import cadena_of, cfdi_cadena, cfdi_schema, schema_errors
from nexus_core.domain.cfdi import Comprobante
from nexus_core.domain.invoicing import IssuerCertificate
from nexus_core.errors import RuleViolation
from nexus_core.ports.invoicing import SealedCfdi


def sign(key: RSAPrivateKey, cadena: str) -> str:
    return base64.b64encode(key.sign(cadena.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())).decode()


class LxmlSealer:
    """Implements :class:`nexus_core.ports.invoicing.CfdiSealer`."""

    def __init__(self, vault: KeyVault) -> None:
        self.vault = vault
        self._keys: dict[bytes, RSAPrivateKey] = {}

    def _key(self, issuer: IssuerCertificate) -> RSAPrivateKey:
        key = self._keys.get(issuer.encrypted_key)
        if key is None:
            key = self.vault.open_key(issuer.encrypted_key)
            self._keys = {issuer.encrypted_key: key, **dict(list(self._keys.items())[:31])}
        return key

    def seal(self, document: Comprobante, issuer: IssuerCertificate) -> SealedCfdi:
        certificado = base64.b64encode(issuer.certificate).decode()
        root = render(document, no_certificado=issuer.no_certificado, certificado=certificado)
        cadena = cadena_of(root, cfdi_cadena())
        sello = sign(self._key(issuer), cadena)
        root.set("Sello", sello)
        errors = schema_errors(root, cfdi_schema())
        if errors:
            raise RuleViolation(f"the CFDI does not follow SAT's XSD: {errors[0]}")
        return SealedCfdi(xml=to_text(root), cadena=cadena, sello=sello, no_certificado=issuer.no_certificado)
