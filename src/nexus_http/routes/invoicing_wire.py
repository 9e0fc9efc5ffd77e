"""Wire classes of the invoicing endpoints (:mod:`.invoicing`) and a CFDI's JSON."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.days import instant_text
from nexus_core.domain.invoicing import CfdiRecord

PREFIX = "/pos/api/invoicing"
PREVIEW_CHARS = 4000


@attrs.frozen
class ReceptorIn:
    rfc: str | None = None
    razon_social: str | None = None
    regimen_fiscal: str | None = None
    codigo_postal: str | None = None


@attrs.frozen
class InvoiceIn:
    sale_id: int
    tipo_comprobante: str = "I"
    uso_cfdi: str | None = None
    forma_pago: str | None = None
    metodo_pago: str = "PUE"
    receptor: ReceptorIn | None = None  # a walk-in customer's fiscal data (else the sale's customer's)
    replaces_cfdi_id: int | None = None  # the stamped CFDI this one replaces (TipoRelacion 04)


@attrs.frozen
class GlobalIn:
    date_from: str | None = None
    date_to: str | None = None
    register_id: int | None = None  # instead of the dates: the tickets of one register session


@attrs.frozen
class InvoiceCreatedOut:
    cfdi_id: int
    uuid: str | None
    status: str
    serie: str
    folio: str
    total: Decimal
    xml_preview: str


@attrs.frozen
class QueueQuery:
    status: str | None = None
    page: int = 1
    per_page: int = 50


@attrs.frozen
class CfdiOut:
    cfdi_id: int
    kind: str
    serie: str
    folio: str
    fecha: str
    status: str
    uuid: str | None
    sale_ids: list[int]
    receptor_rfc: str
    receptor_name: str
    subtotal: Decimal
    descuento: Decimal
    tax: Decimal
    total: Decimal
    attempts: int
    error_code: str | None
    error_message: str | None
    stamped_at: str | None
    replaces_cfdi_id: int | None
    cancel_motive: str | None
    folio_sustitucion: str | None
    cancelled_at: str | None
    created_at: str


@attrs.frozen
class QueueOut:
    data: list[CfdiOut]
    total: int
    page: int
    per_page: int


@attrs.frozen
class OutcomeOut:
    cfdi_id: int
    status: str
    uuid: str | None
    error: str | None


@attrs.frozen
class QueueRunOut:
    processed: int
    stamped: int
    errors: int
    pending: int
    results: list[OutcomeOut]


@attrs.frozen
class CfdiCancelIn:
    motivo: str
    folio_sustitucion: str | None = None


def created_json(r: CfdiRecord) -> dict[str, Any]:
    return {
        "cfdi_id": r.id,
        "uuid": r.uuid,
        "status": r.status.value,
        "serie": r.serie,
        "folio": r.folio,
        "total": r.totals.total,
        "xml_preview": r.xml[:PREVIEW_CHARS],
    }


def cfdi_json(r: CfdiRecord) -> dict[str, Any]:
    t = r.totals
    return {
        "cfdi_id": r.id,
        "kind": r.kind.value,
        "serie": r.serie,
        "folio": r.folio,
        "fecha": r.fecha.isoformat(timespec="seconds"),
        "status": r.status.value,
        "uuid": r.uuid,
        "sale_ids": list(r.sale_ids),
        "receptor_rfc": r.receptor_rfc,
        "receptor_name": r.receptor_name,
        "subtotal": t.subtotal,
        "descuento": t.descuento,
        "tax": t.tax,
        "total": t.total,
        "attempts": r.attempts,
        "error_code": r.error_code,
        "error_message": r.error_message,
        "stamped_at": None if r.stamped_at is None else r.stamped_at.isoformat(timespec="seconds"),
        "replaces_cfdi_id": r.replaces_id,
        "cancel_motive": r.cancel_motive,
        "folio_sustitucion": r.cancel_replacement_uuid,
        "cancelled_at": None if r.cancelled_at is None else instant_text(r.cancelled_at),
        "created_at": instant_text(r.created_at),
    }


CFDI_EXAMPLE: dict[str, Any] = {
    "cfdi_id": 1,
    "kind": "invoice",
    "serie": "F",
    "folio": "1",
    "fecha": "2026-04-01T12:00:00",
    "status": "stamped",
    "uuid": "5A1B3C4D-1E2F-4A5B-8C7D-9E0F1A2B3C4D",
    "sale_ids": [45],
    "receptor_rfc": "EKU9003173C9",
    "receptor_name": "ESCUELA KEMPER URGATE",
    "subtotal": Decimal("700.00"),
    "descuento": Decimal("0.00"),
    "tax": Decimal("112.00"),
    "total": Decimal("812.00"),
    "attempts": 1,
    "error_code": None,
    "error_message": None,
    "stamped_at": "2026-04-01T12:00:05",
    "replaces_cfdi_id": None,
    "cancel_motive": None,
    "folio_sustitucion": None,
    "cancelled_at": None,
    "created_at": "2026-04-01T18:00:00",
}
CREATED_EXAMPLE: dict[str, Any] = {
    "cfdi_id": 1,
    "uuid": None,
    "status": "pending",
    "serie": "F",
    "folio": "1",
    "total": Decimal("812.00"),
    "xml_preview": "<?xml version='1.0' encoding='UTF-8'?>\n<cfdi:Comprobante Version=\"4.0\" ...",
}
