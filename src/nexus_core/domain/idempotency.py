"""Idempotency records: the first answer to a keyed request, replayed for repeats."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

import attrs

# A claim older than this is taken to belong to a request whose worker died.
STALE_CLAIM_AFTER = timedelta(minutes=5)
MAX_KEY_LENGTH = 200


class IdempotencyState(enum.StrEnum):
    RUNNING = "running"
    DONE = "done"


@attrs.define(eq=False)
class IdempotencyRecord:
    """One key of one tenant: who claimed it with which request, and what was answered."""

    key: str
    fingerprint: str
    state: IdempotencyState
    created_at: datetime
    status_code: int | None = None
    body: str | None = None

    def is_stale(self, now: datetime) -> bool:
        return self.state is IdempotencyState.RUNNING and now - self.created_at > STALE_CLAIM_AFTER
