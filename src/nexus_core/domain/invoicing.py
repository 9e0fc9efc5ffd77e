"""An issued CFDI as Nexus keeps it (the stamping queue), and the issuer's certificate (CSD).

States: ``pending`` (sealed and stored, waiting for the PAC) -> ``stamped`` (the PAC's TimbreFiscalDigital
is stored) or ``error`` (the PAC refused it with SAT's code; the sale may be invoiced again). A stamped
CFDI is cancelled with a SAT motive -> ``cancelled``, or ``cancellation_pending`` while the receiver must
accept it (over $1,000 and not to público en general [RMF]).

Stamp once: the sealed XML is stored before the PAC is called; a row is *claimed* for a lease before the
call, so two workers never send it at once, and a row that was ever sent (``attempts > 0``) is first looked
up at the PAC, which may have stamped it before a timeout or a crash.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from decimal import Decimal

import attrs

from nexus_core.domain.fiscal import GENERIC_RFCS
from nexus_core.errors import InvalidInput, RuleViolation

LEASE = timedelta(minutes=2)
ACCEPTANCE_THRESHOLD = Decimal("1000.00")
VERIFY_URL = "https://verificacfdi.facturaelectronica.sat.gob.mx/default.aspx"


class CfdiStatus(enum.StrEnum):
    PENDING = "pending"
    STAMPED = "stamped"
    ERROR = "error"
    CANCELLATION_PENDING = "cancellation_pending"
    CANCELLED = "cancelled"


class CfdiKind(enum.StrEnum):
    INVOICE = "invoice"
    GLOBAL = "global"
    PAYMENT = "payment"  # a CFDI tipo P (Pago 2.0) of a payment on a PPD invoice


class CancelMotive(enum.StrEnum):
    WITH_ERRORS_RELATED = "01"
    WITH_ERRORS_UNRELATED = "02"
    NOT_CARRIED_OUT = "03"
    NOMINATIVE_IN_GLOBAL = "04"


def parse_motive(value: object) -> CancelMotive:
    try:
        return CancelMotive(str(value))
    except ValueError:
        raise InvalidInput("motivo must be one of 01, 02, 03, 04 (SAT's motives)", field="motivo") from None


@attrs.frozen
class Totals:
    subtotal: Decimal
    descuento: Decimal
    tax: Decimal
    total: Decimal


@attrs.define
class CfdiRecord:
    id: int | None
    tenant_id: int
    kind: CfdiKind
    serie: str
    folio: str
    fecha: datetime  # local, naive, as written in the XML
    sale_ids: tuple[int, ...]
    emisor_rfc: str
    receptor_rfc: str
    receptor_name: str
    totals: Totals
    xml: str  # sealed, before stamping
    created_at: datetime
    status: CfdiStatus = CfdiStatus.PENDING
    replaces_id: int | None = None
    uuid: str | None = None
    stamped_xml: str | None = None
    stamped_at: datetime | None = None
    error_code: str | None = None
    error_message: str | None = None
    attempts: int = 0
    claimed_until: datetime | None = None
    cancel_motive: str | None = None
    cancel_replacement_uuid: str | None = None
    cancelled_at: datetime | None = None
    metodo_pago: str | None = None  # PUE or PPD (an ingreso); None for a tipo P

    @property
    def needs_acceptance(self) -> bool:
        """SAT asks the receiver to accept a cancellation over $1,000 unless it is to público en general."""
        return self.totals.total > ACCEPTANCE_THRESHOLD and self.receptor_rfc not in GENERIC_RFCS

    def claimable(self, now: datetime) -> bool:
        return self.status is CfdiStatus.PENDING and (self.claimed_until is None or self.claimed_until <= now)

    def claim(self, now: datetime) -> None:
        """Take the row for one PAC call; nobody else sends it until the lease ends."""
        if not self.claimable(now):
            raise RuleViolation(f"CFDI {self.serie}-{self.folio} is not waiting to be stamped")
        self.claimed_until = now + LEASE
        self.attempts += 1

    def record_stamp(self, uuid: str, stamped_xml: str, stamped_at: datetime) -> None:
        if self.status is not CfdiStatus.PENDING:
            raise RuleViolation(f"CFDI {self.serie}-{self.folio} is {self.status.value}, not pending")
        self.status, self.uuid, self.stamped_xml, self.stamped_at = CfdiStatus.STAMPED, uuid, stamped_xml, stamped_at
        self.claimed_until, self.error_code, self.error_message = None, None, None

    def record_rejection(self, code: str, message: str) -> None:
        """The PAC refused the document for good (SAT's code): it will never be stamped."""
        self.status, self.error_code, self.error_message = CfdiStatus.ERROR, code, message[:500]
        self.claimed_until = None

    def record_failure(self, message: str) -> None:
        """The call did not answer (timeout, network): stays pending, and claimed until the lease ends (the
        back-off); the next try asks the PAC first."""
        self.error_code, self.error_message = None, message[:500]

    def check_cancellable(self, motive: CancelMotive, replacement: CfdiRecord | None) -> None:
        """SAT's motive rules; ``replacement`` is the CFDI named by ``folio_sustitucion`` (if any)."""
        if self.status is not CfdiStatus.STAMPED:
            raise RuleViolation(f"only a stamped CFDI can be cancelled; this one is {self.status.value}")
        if motive is CancelMotive.WITH_ERRORS_RELATED:
            if replacement is None:
                raise RuleViolation(
                    "motivo 01 needs folio_sustitucion: the UUID of the stamped CFDI that replaces this one",
                    field="folio_sustitucion",
                )
            if replacement.status is not CfdiStatus.STAMPED or replacement.replaces_id != self.id:
                raise RuleViolation(
                    "folio_sustitucion must be a stamped CFDI issued to replace this one (TipoRelacion 04)",
                    field="folio_sustitucion",
                )
        elif replacement is not None:
            raise RuleViolation("folio_sustitucion goes with motivo 01 only", field="folio_sustitucion")
        if motive is CancelMotive.NOMINATIVE_IN_GLOBAL and self.kind is not CfdiKind.GLOBAL:
            raise RuleViolation("motivo 04 cancels a global invoice (público en general) only", field="motivo")

    def record_cancellation(
        self, motive: CancelMotive, replacement_uuid: str | None, at: datetime, *, accepted: bool
    ) -> None:
        if self.status is not CfdiStatus.STAMPED:
            raise RuleViolation(f"only a stamped CFDI can be cancelled; this one is {self.status.value}")
        self.cancel_motive, self.cancel_replacement_uuid, self.cancelled_at = motive.value, replacement_uuid, at
        self.status = CfdiStatus.CANCELLED if accepted else CfdiStatus.CANCELLATION_PENDING

    @property
    def holds_sales(self) -> bool:
        """Whether the sales it covers count as invoiced (an ``error`` or cancelled CFDI frees them)."""
        return self.status in (CfdiStatus.PENDING, CfdiStatus.STAMPED, CfdiStatus.CANCELLATION_PENDING)


def verification_url(uuid: str, emisor_rfc: str, receptor_rfc: str, total: Decimal, sello: str) -> str:
    """SAT's verification address printed as the QR code (Anexo 20): ``id`` the UUID, ``re``/``rr`` the
    RFCs (``&`` escaped), ``tt`` the total without insignificant zeros, ``fe`` the sello's last 8 characters."""
    tt = f"{total.normalize():f}"
    re_, rr = emisor_rfc.replace("&", "%26"), receptor_rfc.replace("&", "%26")
    return f"{VERIFY_URL}?id={uuid}&re={re_}&rr={rr}&tt={tt}&fe={sello[-8:]}"


@attrs.frozen
class IssuerCertificate:
    """A tenant's CSD and its issuer data. The private key is stored encrypted (``encrypted_key``): only
    the sealing adapter, with the installation's key, can open it."""

    tenant_id: int
    rfc: str
    legal_name: str
    regimen_fiscal: str
    codigo_postal: str
    serie: str
    no_certificado: str
    valid_from: datetime
    valid_to: datetime
    certificate: bytes
    encrypted_key: bytes

    def check_valid(self, now: datetime) -> None:
        if now < self.valid_from:
            raise RuleViolation(f"the CSD {self.no_certificado} is not valid before {self.valid_from:%Y-%m-%d}")
        if now > self.valid_to:
            raise RuleViolation(f"the CSD {self.no_certificado} expired on {self.valid_to:%Y-%m-%d}")
