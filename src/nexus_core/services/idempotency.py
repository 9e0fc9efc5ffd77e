"""The ``Idempotency-Key`` protocol, independent of HTTP.

1. ``claim_key`` (its own short transaction) records the key as *running*, or answers with
   the stored response, or refuses: another body -> :class:`KeyReused`, still running -> :class:`Conflict`.
2. The use case runs with ``record_response`` as its ``before_commit``: the response is stored
   in the same transaction as the effect, so a crash leaves neither.
3. A refusal (4xx) is stored too by ``record_refusal``, so a repeat gets the same answer; an
   unexpected failure ``release_key``s the claim so the client may retry.
"""

from __future__ import annotations

import attrs

from nexus_core.domain.idempotency import MAX_KEY_LENGTH, IdempotencyRecord, IdempotencyState
from nexus_core.errors import (
    Conflict,
    ExternalServiceError,
    InvalidInput,
    KeyReused,
    NexusError,
    RateLimited,
    Unauthorized,
)
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.runner import Deps


@attrs.frozen
class StoredResponse:
    status_code: int
    body: str


# Refusals that say nothing final about the request itself: the claim is released so the client may
# retry with the same key. Every other refusal is stored and answered again to a repeat.
TRANSIENT_REFUSALS: tuple[type[NexusError], ...] = (Conflict, RateLimited, ExternalServiceError, Unauthorized)


def is_final_refusal(error: NexusError) -> bool:
    return not isinstance(error, TRANSIENT_REFUSALS)


@attrs.frozen
class ClaimKey:
    """``request_digest`` identifies the request (e.g. a hash of method, path and body); it is stored
    keyed with the server's pepper, because bodies can carry small secrets such as a PIN."""

    key: str
    request_digest: str


def validate_key(key: str) -> str:
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise InvalidInput(
            f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable characters", field="Idempotency-Key"
        )
    return key


def claim_key(cmd: ClaimKey, uow: UnitOfWork, deps: Deps) -> StoredResponse | None:
    """``None`` means: go ahead, the key is now ours. A stored response means: answer it again."""
    key = validate_key(cmd.key)
    now = deps.clock.now()
    fingerprint = deps.digests.digest(uow.tenant_id, "idempotency:" + cmd.request_digest)
    fresh = IdempotencyRecord(key=key, fingerprint=fingerprint, state=IdempotencyState.RUNNING, created_at=now)
    if uow.idempotency.claim(fresh):
        return None
    record = uow.idempotency.get(key)
    if record is None:  # released between our insert and our read: the client may simply retry
        raise Conflict("a request with this Idempotency-Key is still running")
    if record.fingerprint != fingerprint:
        raise KeyReused("this Idempotency-Key was already used with a different request")
    if record.state is IdempotencyState.DONE:
        assert record.status_code is not None and record.body is not None
        return StoredResponse(record.status_code, record.body)
    if record.is_stale(now):
        record.created_at = now
        uow.idempotency.save(record)
        return None
    raise Conflict("a request with this Idempotency-Key is still running")


def record_response(uow: UnitOfWork, key: str, response: StoredResponse) -> None:
    """Mark the claimed key done with the response; call inside the effect's transaction."""
    record = uow.idempotency.get(key)
    if record is None:
        raise Conflict("the Idempotency-Key claim was lost; retry the request")
    record.state = IdempotencyState.DONE
    record.status_code = response.status_code
    record.body = response.body
    uow.idempotency.save(record)


@attrs.frozen
class RecordRefusal:
    key: str
    response: StoredResponse


def record_refusal(cmd: RecordRefusal, uow: UnitOfWork, deps: Deps) -> None:
    record_response(uow, cmd.key, cmd.response)


@attrs.frozen
class ReleaseKey:
    key: str


def release_key(cmd: ReleaseKey, uow: UnitOfWork, deps: Deps) -> None:
    uow.idempotency.delete(cmd.key)
