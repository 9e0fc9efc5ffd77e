"""Idempotency records: the first answer to a keyed request, replayed for repeats (ADR 6).

A key belongs to one *principal* of one tenant (``"employee:7"``): another employee sending the same
key makes a request of their own and never sees this one's answer. A running claim carries its
``owner`` (the process running it) and a short lease: a claim whose process died is released when
the server restarts on that host, and otherwise taken over once its lease has run out.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

import attrs

# How long a running claim holds its key against repeats before another request may take it over.
# A request still running past its lease is not doubled: its answer is only written if its claim is
# still the key's (``same_claim``), otherwise its whole transaction is rolled back (409).
CLAIM_LEASE = timedelta(seconds=30)
MAX_KEY_LENGTH = 200
MAX_PRINCIPAL_LENGTH = 60
ANONYMOUS = "anonymous"


class IdempotencyState(enum.StrEnum):
    RUNNING = "running"
    DONE = "done"


@attrs.define(eq=False)
class IdempotencyRecord:
    """One key of one principal of one tenant: the request's fingerprint, who runs it, what was answered.

    ``(owner, created_at)`` identifies one claim: a takeover changes both.
    """

    key: str
    fingerprint: str
    state: IdempotencyState
    created_at: datetime
    principal: str = ANONYMOUS
    owner: str = ""
    lease_until: datetime | None = None
    status_code: int | None = None
    body: str | None = None

    @classmethod
    def claim(cls, *, key: str, principal: str, fingerprint: str, owner: str, now: datetime) -> IdempotencyRecord:
        return cls(
            key=key,
            principal=principal,
            fingerprint=fingerprint,
            state=IdempotencyState.RUNNING,
            created_at=now,
            owner=owner,
            lease_until=now + CLAIM_LEASE,
        )

    def is_stale(self, now: datetime) -> bool:
        """A running claim whose lease has run out: its process is presumed dead."""
        if self.state is not IdempotencyState.RUNNING:
            return False
        lease_until = self.lease_until if self.lease_until is not None else self.created_at + CLAIM_LEASE
        return now >= lease_until

    def seconds_left(self, now: datetime) -> int:
        lease_until = self.lease_until if self.lease_until is not None else self.created_at + CLAIM_LEASE
        return max(1, int((lease_until - now).total_seconds() + 0.999))

    def same_claim(self, other: IdempotencyRecord) -> bool:
        return self.owner == other.owner and self.created_at == other.created_at


def principal_of(kind: str, principal_id: int) -> str:
    """How a key's owner is written: ``"employee:7"``, ``"user:3"``, ``"operator:0"``."""
    return f"{kind}:{principal_id}"[:MAX_PRINCIPAL_LENGTH]
