"""The ``Idempotency-Key`` protocol, independent of HTTP (ADR 6).

1. ``claim_key`` (its own short transaction) records the key of this (tenant, principal) as
   *running*, owned by this process for a short lease, or answers with the stored response, or
   refuses: another body -> :class:`KeyReused`, still running -> :class:`Conflict`. A claim whose
   lease ran out is taken over (its process is presumed dead).
2. The use case runs with ``record_response`` as its ``before_commit``: the response is stored
   in the same transaction as the effect, and only if the claim is still ours, so a crash leaves
   neither and a request that outlived its lease cannot run twice.
3. A refusal (4xx) is stored too by ``record_refusal``, so a repeat gets the same answer; an
   unexpected failure ``release_key``s the claim so the client may retry.
"""

from __future__ import annotations

import attrs

from nexus_core.domain.idempotency import (
    MAX_KEY_LENGTH,
    MAX_PRINCIPAL_LENGTH,
    IdempotencyRecord,
    IdempotencyState,
)
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
    keyed with the server's pepper, because bodies can carry small secrets such as a PIN.
    ``principal`` scopes the key (``"employee:7"``); ``owner`` names the process that will run it."""

    key: str
    request_digest: str
    principal: str
    owner: str


def validate_key(key: str) -> str:
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise InvalidInput(
            f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable characters", field="Idempotency-Key"
        )
    return key


def claim_key(cmd: ClaimKey, uow: UnitOfWork, deps: Deps) -> StoredResponse | IdempotencyRecord:
    """The claim (go ahead, the key is now ours), or a stored response to answer again."""
    key = validate_key(cmd.key)
    if not cmd.principal or len(cmd.principal) > MAX_PRINCIPAL_LENGTH:
        raise ValueError(f"principal {cmd.principal!r} must be 1 to {MAX_PRINCIPAL_LENGTH} characters")
    now = deps.clock.now()
    fingerprint = deps.digests.digest(uow.tenant_id, "idempotency:" + cmd.request_digest)
    fresh = IdempotencyRecord.claim(key=key, principal=cmd.principal, fingerprint=fingerprint, owner=cmd.owner, now=now)
    if uow.idempotency.claim(fresh):
        return fresh
    record = uow.idempotency.get(cmd.principal, key)
    if record is None:  # released between our insert and our read: the client may simply retry
        raise Conflict("a request with this Idempotency-Key is still running")
    if record.fingerprint != fingerprint:
        raise KeyReused("this Idempotency-Key was already used with a different request")
    if record.state is IdempotencyState.DONE:
        assert record.status_code is not None and record.body is not None
        return StoredResponse(record.status_code, record.body)
    if record.is_stale(now) and uow.idempotency.replace(fresh, claim=record):
        return fresh
    raise Conflict(
        "a request with this Idempotency-Key is still running; "
        f"retry in {record.seconds_left(now)} s if it does not answer"
    )


def record_response(uow: UnitOfWork, claim: IdempotencyRecord, response: StoredResponse) -> None:
    """Mark our claim done with the response; call inside the effect's transaction. If a retry took
    the key over (our lease ran out), refuse, so that the effect is rolled back, not doubled."""
    done = attrs.evolve(claim, state=IdempotencyState.DONE, status_code=response.status_code, body=response.body)
    if not uow.idempotency.replace(done, claim=claim):
        raise Conflict(
            "this request outlived its Idempotency-Key lease and a retry took the key over; "
            "it was not applied: repeat it to get the retry's answer"
        )


@attrs.frozen
class RecordRefusal:
    claim: IdempotencyRecord
    response: StoredResponse


def record_refusal(cmd: RecordRefusal, uow: UnitOfWork, deps: Deps) -> None:
    record_response(uow, cmd.claim, cmd.response)


@attrs.frozen
class ReleaseKey:
    claim: IdempotencyRecord


def release_key(cmd: ReleaseKey, uow: UnitOfWork, deps: Deps) -> None:
    """Forget our claim (a transient failure); a claim already taken over is left alone."""
    uow.idempotency.release(cmd.claim)
