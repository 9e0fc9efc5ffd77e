"""A real PAC through one of satcfdi's clients (``NEXUS_PAC=finkok``), with a timeout on every call.

Finkok is the client wired: it can look a document up by its content (``stamped``), which stamp-once
needs after a timeout. Its answers map onto the port's errors: code 307 (already stamped) ->
:class:`AlreadyStamped`, any other refusal -> :class:`PacRejected` with the PAC's code, a network error or
a timeout -> :class:`PacUnavailable`.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import requests
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from lxml import etree
from satcfdi.cfdi import CFDI
from satcfdi.exceptions import DocumentNotFoundError, ResponseError
from satcfdi.models import Signer
from satcfdi.pacs import CancelReason, Environment
from satcfdi.pacs.finkok import Finkok

from nexus_adapters.cfdi.keys import KeyVault
from nexus_core.domain.invoicing import CancelMotive, IssuerCertificate
from nexus_core.ports.invoicing import AlreadyStamped, Cancellation, PacRejected, PacUnavailable, Stamp

TFD = "{http://www.sat.gob.mx/TimbreFiscalDigital}TimbreFiscalDigital"


class _TimedFinkok(Finkok):  # type: ignore[misc]
    timeout = 30.0

    def _perform_request(self, url: str, envelope: Any) -> Any:
        response = requests.post(url=url, data=etree.tostring(envelope), timeout=self.timeout)
        return etree.fromstring(response.content)


def stamp_of(xml: bytes | str) -> Stamp:
    raw = xml.encode("utf-8") if isinstance(xml, str) else xml
    tfd = etree.fromstring(raw).find(f".//{TFD}")
    if tfd is None:
        raise PacUnavailable("the PAC answered without a TimbreFiscalDigital")
    at = datetime.fromisoformat(tfd.get("FechaTimbrado", ""))
    return Stamp(uuid=tfd.get("UUID", "").upper(), stamped_at=at, xml=raw.decode("utf-8"))


def _refusal(error: ResponseError) -> PacRejected | AlreadyStamped:
    text = str(error.response if hasattr(error, "response") else error)
    code, _, message = text.partition(" - ")
    if code.strip() == "307":
        return AlreadyStamped(text)
    return PacRejected(code.strip() or "PAC", message or text)


class SatcfdiPac:
    """Implements :class:`nexus_core.ports.invoicing.StampingProvider` over satcfdi's Finkok client."""

    def __init__(self, username: str, password: str, *, test: bool, vault: KeyVault, timeout: float = 30.0) -> None:
        self.client = _TimedFinkok(username, password, Environment.TEST if test else Environment.PRODUCTION)
        self.client.timeout = timeout
        self.vault = vault

    def stamp(self, sealed_xml: str) -> Stamp:
        try:
            return stamp_of(self.client.stamp(CFDI.from_string(sealed_xml.encode("utf-8"))).xml)
        except ResponseError as error:
            raise _refusal(error) from None
        except requests.RequestException as error:
            raise PacUnavailable(f"the PAC did not answer: {error}") from None

    def find_stamp(self, sealed_xml: str) -> Stamp | None:
        try:
            return stamp_of(self.client.stamped(CFDI.from_string(sealed_xml.encode("utf-8"))).xml)
        except (DocumentNotFoundError, ResponseError):
            return None
        except requests.RequestException as error:
            raise PacUnavailable(f"the PAC did not answer: {error}") from None

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
        key = self.vault.open_key(issuer.encrypted_key)
        der = key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
        signer = Signer.load(issuer.certificate, der, None)
        document = {"Complemento": {"TimbreFiscalDigital": {"UUID": uuid}}}
        try:
            ack = self.client.cancel(document, CancelReason(motive.value), replacement_uuid, signer)
        except ResponseError as error:
            raise _refusal(error) from None
        except requests.RequestException as error:
            raise PacUnavailable(f"the PAC did not answer: {error}") from None
        needs_acceptance = total > Decimal("1000") and receptor_rfc not in ("XAXX010101000", "XEXX010101000")
        return Cancellation(
            accepted=not needs_acceptance, acknowledgement=(ack.acuse or b"").decode("utf-8", "replace")
        )
