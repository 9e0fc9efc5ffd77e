"""The shop's point-of-sale devices: enrolled by the owner, or learned at a successful login.

``device_id`` is chosen by the client and guessable, so a device proves itself with a secret the
server issued to it; only a keyed digest of that secret is stored (``secret_lookup``).
"""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from nexus_core.domain.login_limiter import LEARNED_DEVICE_TTL, Pool
from nexus_core.domain.text import optional_text, require_text

DEVICE_NAME_MAX = 100


class DeviceKind(enum.StrEnum):
    ENROLLED = "enrolled"
    LEARNED = "learned"


def secret_purpose(secret: str) -> str:
    """What the keyed digest is taken over (prefixed so it never equals a PIN's digest)."""
    return "device-secret:" + secret


@attrs.define(eq=False)
class Device:
    id: int | None
    tenant_id: int
    name: str
    kind: DeviceKind
    label: str | None
    secret_lookup: str
    created_at: datetime
    last_login_at: datetime | None

    @classmethod
    def create(
        cls, *, tenant_id: int, name: object, kind: DeviceKind, label: object, secret_lookup: str, now: datetime
    ) -> Device:
        return cls(
            id=None,
            tenant_id=tenant_id,
            name=require_text(name, field="device_id", max_len=DEVICE_NAME_MAX),
            kind=kind,
            label=optional_text(label, field="label", max_len=120),
            secret_lookup=secret_lookup,
            created_at=now,
            last_login_at=now if kind is DeviceKind.LEARNED else None,
        )

    def is_trusted(self, now: datetime) -> bool:
        """Enrolled devices always; learned ones while their last successful login is recent."""
        if self.kind is DeviceKind.ENROLLED:
            return True
        return self.last_login_at is not None and now - self.last_login_at <= LEARNED_DEVICE_TTL

    @property
    def pool(self) -> Pool:
        return Pool.ENROLLED if self.kind is DeviceKind.ENROLLED else Pool.LEARNED

    @property
    def key(self) -> str:
        """The limiter key of a proven device: its row, never its (guessable) name."""
        return f"device:{self.id}"
