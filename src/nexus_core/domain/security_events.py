"""The security journal: lockouts, device changes, refused PINs, employee changes. Append-only."""

from __future__ import annotations

import enum
from datetime import datetime

import attrs


class SecurityEventKind(enum.StrEnum):
    LOCKOUT = "lockout"
    DEVICE_ENROLLED = "device_enrolled"
    DEVICE_LEARNED = "device_learned"
    DEVICE_REVOKED = "device_revoked"
    PIN_REFUSED = "pin_refused"
    PIN_RESET = "pin_reset"
    EMPLOYEE_UPDATED = "employee_updated"


@attrs.frozen
class SecurityEvent:
    """``employee_id`` is who acted (``None``: an anonymous caller or the operator); ``subject`` what it
    was about (a limiter key, a device, an employee); ``detail`` a short human sentence."""

    kind: SecurityEventKind
    at: datetime
    subject: str
    detail: str
    employee_id: int | None = None
