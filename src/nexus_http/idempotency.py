"""``Idempotency-Key`` over HTTP, on top of the core's protocol (:mod:`nexus_core.services.idempotency`).

The first request claims the key, runs the use case and stores its rendered answer, all *in the use
case's one transaction* (the claim first, the answer in ``before_commit``), so a repeat gets
byte-for-byte the same status and body and a request costs one transaction, not two (ADR 18).
A refusal is stored too, so the repeat is refused the same way; a transient failure (conflict, rate
limit, outside service, lost credentials, a bug) leaves the key free so the client may simply retry.
Keys are scoped per (tenant, principal); a claim is owned by this process for a short lease (ADR 6).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Callable, TypeVar

import attrs

from nexus_adapters.process_identity import process_owner
from nexus_core.domain.idempotency import IdempotencyRecord
from nexus_core.errors import Conflict, NexusError
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.idempotency import (
    ClaimKey,
    ReleaseKey,
    StoredResponse,
    claim_key,
    is_final_refusal,
    record_response,
    release_key,
)
from nexus_core.services.runner import Deps, Nexus
from nexus_http.envelope import Surface
from nexus_http.errors import error_reply, logger
from nexus_http.jsonio import RawJson, canonical_body, dumps
from nexus_http.reply import Reply

C = TypeVar("C")
R = TypeVar("R")

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"


def request_digest(method: str, path: str, query: str, body: Any) -> str:
    """SHA-256 of method, path, query and canonical body (the core keys it before storing it)."""
    parts = [method.encode(), path.encode(), query.encode(), canonical_body(body)]
    return hashlib.sha256(b"\n".join(parts)).hexdigest()


@attrs.frozen
class _Replay:
    """The key's stored answer (the request ran before): nothing else happens in the transaction."""

    stored: StoredResponse


@attrs.frozen
class _StoreRefusal:
    claim: IdempotencyRecord
    again: ClaimKey
    response: StoredResponse


def _store_refusal(cmd: _StoreRefusal, uow: UnitOfWork, deps: Deps) -> None:
    """Store a refusal for the key: on our claim if the handler committed it early, else on a new claim
    (the refusal rolled the first one back); if another request holds or answered the key, it wins."""
    try:
        record_response(uow, cmd.claim, cmd.response)
        return
    except Conflict:
        pass  # our claim is not there: it was rolled back with the refused work
    claimed = claim_key(cmd.again, uow, deps)
    if isinstance(claimed, IdempotencyRecord):
        record_response(uow, claimed, cmd.response)


# Keys whose first request is running in this process. The claim commits with the effect, so without
# this a repeat would queue behind the first (SQLite's one writer) and replay its answer; the contract
# is that a repeat while the first runs answers 409. Across processes PostgreSQL's advisory lock in the
# repository says the same (docs/adr/0006-idempotency-keys.md).
_running: set[tuple[int, str, str]] = set()
_running_lock = threading.Lock()


@contextmanager
def _first_of_its_key(tenant_id: int, principal: str, key: str) -> Iterator[None]:
    held = (tenant_id, principal, key)
    with _running_lock:
        if held in _running:
            raise Conflict("a request with this Idempotency-Key is still running")
        _running.add(held)
    try:
        yield
    finally:
        with _running_lock:
            _running.discard(held)


def run_idempotent(
    nexus: Nexus,
    *,
    tenant_id: int,
    key: str,
    digest: str,
    principal: str,
    surface: Surface,
    handler: Callable[[C, UnitOfWork, Deps], R],
    cmd: C,
    render: Callable[[R], Reply],
) -> Reply:
    """Claim the key, run the use case and store its answer, all in the use case's one transaction.

    A later repeat finds the stored answer; a repeat while the first is still running answers 409 (in this
    process: :func:`_first_of_its_key`; in another: the repository's lock, or a committed claim of a
    process that died, until its lease ends). Only a final refusal takes a second transaction, to store
    itself once the refused work is rolled back."""
    with _first_of_its_key(tenant_id, principal, key):
        return _run_idempotent(nexus, tenant_id, key, digest, principal, surface, handler, cmd, render)


def _run_idempotent(
    nexus: Nexus,
    tenant_id: int,
    key: str,
    digest: str,
    principal: str,
    surface: Surface,
    handler: Callable[[C, UnitOfWork, Deps], R],
    cmd: C,
    render: Callable[[R], Reply],
) -> Reply:
    claim_cmd = ClaimKey(key=key, request_digest=digest, principal=principal, owner=process_owner())
    claims: list[IdempotencyRecord] = []

    def claim_then_run(command: C, uow: UnitOfWork, deps: Deps) -> R | _Replay:
        claimed = claim_key(claim_cmd, uow, deps)
        if isinstance(claimed, StoredResponse):
            return _Replay(claimed)
        claims.append(claimed)
        return handler(command, uow, deps)

    answered: list[Reply] = []

    def store_answer(uow: UnitOfWork, result: R | _Replay) -> None:
        if isinstance(result, _Replay):
            stored = result.stored
            answered.append(Reply(RawJson(stored.body), stored.status_code, {REPLAYED_HEADER: "true"}))
            return
        reply = render(result)
        text = dumps(reply.body).decode()
        record_response(uow, claims[0], StoredResponse(reply.status, text))
        answered.append(Reply(RawJson(text), reply.status, reply.headers))

    try:
        nexus.run(tenant_id, claim_then_run, cmd, before_commit=store_answer)
    except NexusError as exc:
        if not claims:
            raise  # the claim itself refused (key reused, still running): nothing of ours to keep
        if not is_final_refusal(exc):
            _release(nexus, tenant_id, claims[0])
        else:
            refusal = error_reply(exc, surface)
            stored = StoredResponse(refusal.status, dumps(refusal.body).decode())
            try:
                nexus.run(tenant_id, _store_refusal, _StoreRefusal(claims[0], claim_cmd, stored))
            except NexusError:
                logger.warning("could not store the refusal for Idempotency-Key %r", key)
        raise
    except Exception:
        if claims:
            _release(nexus, tenant_id, claims[0])
        raise
    return answered[0]


def _release(nexus: Nexus, tenant_id: int, claim: IdempotencyRecord) -> None:
    try:
        nexus.run(tenant_id, release_key, ReleaseKey(claim))
    except Exception:  # the original error matters more; a stale claim expires with its lease
        logger.exception("could not release Idempotency-Key %r", claim.key)
