"""``Idempotency-Key`` over HTTP, on top of the core's protocol (:mod:`nexus_core.services.idempotency`).

The first request claims the key, runs the use case and stores its rendered answer *in the same
transaction* as the effect (``before_commit``), so a repeat gets byte-for-byte the same status and body.
A refusal is stored too, so the repeat is refused the same way; a transient failure (conflict, rate
limit, outside service, lost credentials, a bug) releases the key so the client may simply retry.
Keys are scoped per (tenant, principal); a claim is owned by this process for a short lease (ADR 6).
"""

from __future__ import annotations

import hashlib
from typing import Any, Callable, TypeVar

from nexus_adapters.process_identity import process_owner
from nexus_core.domain.idempotency import IdempotencyRecord
from nexus_core.errors import NexusError
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.idempotency import (
    ClaimKey,
    RecordRefusal,
    ReleaseKey,
    StoredResponse,
    claim_key,
    is_final_refusal,
    record_refusal,
    record_response,
    release_key,
)
from nexus_core.services.runner import Deps, Nexus
from nexus_http.envelope import Surface
from nexus_http.errors import error_reply, logger
from nexus_http.jsonio import RawJson, canonical, dumps
from nexus_http.reply import Reply

C = TypeVar("C")
R = TypeVar("R")

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"


def request_digest(method: str, path: str, query: str, body: Any) -> str:
    """SHA-256 of method, path, query and canonical body (the core keys it before storing it)."""
    return hashlib.sha256(b"\n".join([method.encode(), path.encode(), query.encode(), canonical(body)])).hexdigest()


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
    claimed = nexus.run(
        tenant_id, claim_key, ClaimKey(key=key, request_digest=digest, principal=principal, owner=process_owner())
    )
    if isinstance(claimed, StoredResponse):
        return Reply(RawJson(claimed.body), claimed.status_code, {REPLAYED_HEADER: "true"})
    claim = claimed

    answered: list[Reply] = []

    def store_answer(uow: UnitOfWork, result: R) -> None:
        reply = render(result)
        text = dumps(reply.body).decode()
        record_response(uow, claim, StoredResponse(reply.status, text))
        answered.append(Reply(RawJson(text), reply.status, reply.headers))

    try:
        nexus.run(tenant_id, handler, cmd, before_commit=store_answer)
    except NexusError as exc:
        if not is_final_refusal(exc):
            _release(nexus, tenant_id, claim)
        else:
            refusal = error_reply(exc, surface)
            text = dumps(refusal.body).decode()
            try:
                nexus.run(tenant_id, record_refusal, RecordRefusal(claim, StoredResponse(refusal.status, text)))
            except NexusError:
                logger.warning("could not store the refusal for Idempotency-Key %r", key)
        raise
    except Exception:
        _release(nexus, tenant_id, claim)
        raise
    return answered[0]


def _release(nexus: Nexus, tenant_id: int, claim: IdempotencyRecord) -> None:
    try:
        nexus.run(tenant_id, release_key, ReleaseKey(claim))
    except Exception:  # the original error matters more; a stale claim expires with its lease
        logger.exception("could not release Idempotency-Key %r", claim.key)
