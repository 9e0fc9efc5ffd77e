"""A BNPL provider's webhook, checked and read (docs/integrations.md#bnpl).

Every provider signs the raw body with HMAC-SHA256 and the shop's ``webhook_secret``; the hex digest
comes in the provider's header (:data:`SIGNATURE_HEADERS`), with or without a ``sha256=`` prefix. The
body names the event (its id, for replays), the provider's application id or our reference (the
application's id, sent as the merchant reference when it was created), and the new status in the
provider's words (:data:`STATUS_WORDS`, Spanish or English).
"""

from __future__ import annotations

from typing import Any

import attrs

from nexus_core.domain.bnpl import BnplState
from nexus_core.domain.webhooks import signature_matches
from nexus_core.errors import InvalidInput

SIGNATURE_HEADERS = {
    "aplazo": "x-aplazo-signature",
    "kueski": "x-kueski-signature",
    "clip": "x-clip-signature",
}

STATUS_WORDS: dict[str, BnplState] = {
    "pending": BnplState.PENDING,
    "pendiente": BnplState.PENDING,
    "created": BnplState.PENDING,
    "approved": BnplState.APPROVED,
    "aprobado": BnplState.APPROVED,
    "activo": BnplState.APPROVED,
    "paid": BnplState.APPROVED,
    "completed": BnplState.APPROVED,
    "rejected": BnplState.REJECTED,
    "rechazado": BnplState.REJECTED,
    "declined": BnplState.REJECTED,
    "denied": BnplState.REJECTED,
    "expired": BnplState.EXPIRED,
    "expirado": BnplState.EXPIRED,
    "cancelled": BnplState.CANCELLED,
    "canceled": BnplState.CANCELLED,
    "cancelado": BnplState.CANCELLED,
}


def signature_valid(provider: str, raw: bytes, header: str | None, secret: str) -> bool:
    """Whether ``header`` is the HMAC-SHA256 of ``raw`` with ``secret`` (hex, ``sha256=`` optional)."""
    given = header.strip() if header else None
    if given is not None and not given.lower().startswith("sha256="):
        given = "sha256=" + given
    return signature_matches(raw, given, secret, prefix="sha256=")


@attrs.frozen
class BnplEvent:
    event_id: str
    status: BnplState
    provider_ref: str | None
    reference: int | None  # our application id
    reason: str | None


def _text(body: dict[str, Any], key: str, max_len: int) -> str | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip() or len(value) > max_len:
        raise InvalidInput(f"{key} must be text of 1 to {max_len} characters", field=key)
    return value.strip()


def parse_event(body: object) -> BnplEvent:
    """``{"event_id", "status", "application_id" and/or "reference", "reason"?}``; else 400."""
    if not isinstance(body, dict):
        raise InvalidInput("the body must be a JSON object", field="body")
    event_id = _text(body, "event_id", 120)
    if event_id is None:
        raise InvalidInput("event_id is required", field="event_id")
    word = _text(body, "status", 40)
    status = STATUS_WORDS.get((word or "").lower())
    if status is None:
        raise InvalidInput(f"status {word!r} is not one of {', '.join(sorted(STATUS_WORDS))}", field="status")
    provider_ref = _text(body, "application_id", 120)
    raw_reference = _text(body, "reference", 18)
    if raw_reference is not None and not raw_reference.isdigit():
        raise InvalidInput("reference must be the application's id", field="reference")
    if provider_ref is None and raw_reference is None:
        raise InvalidInput("application_id or reference is required", field="application_id")
    reason = body.get("reason")
    return BnplEvent(
        event_id=event_id,
        status=status,
        provider_ref=provider_ref,
        reference=None if raw_reference is None else int(raw_reference),
        reason=reason[:300] if isinstance(reason, str) else None,
    )
