"""The outbox: outbound calls written in the business transaction, delivered later by a worker.

A message is written with the change that needs the call (an application, a WhatsApp message) and
delivered outside any database transaction (docs/adr/0028-integrations-outbox.md). Each attempt is claimed
first (``attempts + 1`` and a lease, so two workers never send it at once); a failure schedules a retry
after an exponential backoff, and after :data:`MAX_ATTEMPTS` (or a refusal that no retry can change) the
message is ``failed`` with its ``last_error`` kept, and the subject shows it.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime, timedelta

import attrs

from nexus_core.errors import ExternalServiceError

MAX_ATTEMPTS = 6
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=1)
LEASE = timedelta(minutes=2)  # longer than any call's timeout: an attempt that died is retried after it
MAX_ERROR_LENGTH = 500


class PermanentDeliveryError(ExternalServiceError):
    """The provider refused the call in a way no retry changes (bad credentials, invalid request)."""


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


def backoff(attempts: int) -> timedelta:
    """Wait before attempt ``attempts + 1``: 30 s, 1 min, 2 min, 4 min ... at most an hour."""
    delay: timedelta = BACKOFF_BASE * (2 ** min(max(attempts - 1, 0), 20))  # 2**20 x 30 s is past the cap
    return min(delay, BACKOFF_CAP)


@attrs.define(eq=False)
class OutboxMessage:
    id: int | None
    tenant_id: int
    topic: str
    subject_id: int
    payload: Mapping[str, str]
    status: OutboxStatus
    attempts: int
    next_attempt_at: datetime
    created_at: datetime
    last_error: str | None = None
    delivered_at: datetime | None = None

    @classmethod
    def create(
        cls, *, tenant_id: int, topic: str, subject_id: int, now: datetime, payload: Mapping[str, str] | None = None
    ) -> OutboxMessage:
        return cls(
            id=None,
            tenant_id=tenant_id,
            topic=topic,
            subject_id=subject_id,
            payload=dict(payload or {}),
            status=OutboxStatus.PENDING,
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )

    @property
    def is_failed(self) -> bool:
        return self.status is OutboxStatus.FAILED

    def is_due(self, now: datetime) -> bool:
        return self.status is OutboxStatus.PENDING and self.next_attempt_at <= now

    def claim(self, now: datetime) -> None:
        """Start an attempt: counted now, and leased so no other worker takes it meanwhile."""
        self.attempts += 1
        self.next_attempt_at = now + LEASE

    def succeed(self, now: datetime) -> None:
        self.status = OutboxStatus.DELIVERED
        self.delivered_at = now
        self.last_error = None

    def fail(self, error: str, now: datetime, *, permanent: bool = False) -> None:
        """Record the failure; retry after :func:`backoff` unless it is final."""
        self.last_error = error[:MAX_ERROR_LENGTH]
        if permanent or self.attempts >= MAX_ATTEMPTS:
            self.status = OutboxStatus.FAILED
        else:
            self.next_attempt_at = now + backoff(self.attempts)
