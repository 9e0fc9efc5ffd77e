"""The idempotency keys of one tenant over SQL (ADR 6): per (tenant, principal, key), claims
identified by ``(owner, created_at)`` and replaced or released only by compare-and-set, so a
request that outlived its lease can never overwrite the claim of the retry that took its key over.

:func:`release_claims_of_dead_processes` runs at start-up: a running claim owned by a process of
this host that no longer exists is deleted at once, so its key is free without waiting for the lease.
"""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import Connection, Engine, RowMapping, and_, bindparam, delete, func, select, update

from nexus_adapters.persistence.fast import run
from nexus_adapters.persistence.sql import dialect_insert
from nexus_adapters.persistence.tables import idempotency_keys
from nexus_adapters.process_identity import process_owner
from nexus_core.domain.idempotency import IdempotencyRecord, IdempotencyState
from nexus_core.errors import Conflict

# Built once (values travel as parameters): these run on every idempotent request's path.
_c = idempotency_keys.c
_ROW = and_(
    _c.tenant_id == bindparam("w_tenant_id"), _c.principal == bindparam("w_principal"), _c.key == bindparam("w_key")
)
_CLAIM = and_(
    _ROW,
    _c.state == IdempotencyState.RUNNING.value,
    _c.owner == bindparam("w_owner"),
    _c.created_at == bindparam("w_created_at"),
)
_GET = select(idempotency_keys).where(_ROW)
_REPLACE = update(idempotency_keys).where(_CLAIM)
_RELEASE = delete(idempotency_keys).where(_CLAIM)
_CLAIMS: dict[str, Any] = {}  # INSERT ... ON CONFLICT DO NOTHING, per dialect


def _to_record(row: RowMapping) -> IdempotencyRecord:
    return IdempotencyRecord(
        key=row["key"],
        principal=row["principal"],
        fingerprint=row["fingerprint"],
        state=IdempotencyState(row["state"]),
        created_at=row["created_at"],
        owner=row["owner"],
        lease_until=row["lease_until"],
        status_code=row["status_code"],
        body=row["body"],
    )


# PostgreSQL only; built once (docs/adr/0033-counter-speed.md).
_TRY_LOCK = select(func.pg_try_advisory_xact_lock(func.hashtextextended(bindparam("held"), 0)))


class SqlIdempotencyRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def _values(self, record: IdempotencyRecord) -> dict[str, Any]:
        return {
            "tenant_id": self._tid,
            "principal": record.principal,
            "key": record.key,
            "fingerprint": record.fingerprint,
            "state": record.state.value,
            "status_code": record.status_code,
            "body": record.body,
            "created_at": record.created_at,
            "owner": record.owner,
            "lease_until": record.lease_until or record.created_at,
        }

    def _row(self, principal: str, key: str) -> dict[str, Any]:
        return {"w_tenant_id": self._tid, "w_principal": principal, "w_key": key}

    def _claim(self, claim: IdempotencyRecord) -> dict[str, Any]:
        return {**self._row(claim.principal, claim.key), "w_owner": claim.owner, "w_created_at": claim.created_at}

    def get(self, principal: str, key: str) -> IdempotencyRecord | None:
        row = run(self._conn, _GET, self._row(principal, key)).mappings().first()
        return _to_record(row) if row else None

    def claim(self, record: IdempotencyRecord) -> bool:
        if self._conn.dialect.name == "postgresql":
            # The claim commits with the effect (ADR 18), so a repeat on another worker would otherwise wait
            # on the key's row and replay; the contract says a repeat while the first runs answers 409.
            # The first request holds this transaction-scoped lock until it commits or rolls back.
            held = f"{self._tid}:{record.principal}:{record.key}"
            if not self._conn.execute(_TRY_LOCK, {"held": held}).scalar():
                raise Conflict("a request with this Idempotency-Key is still running")
        # ON CONFLICT DO NOTHING: a duplicate is an answer, not an error, and leaves the transaction usable.
        # preserve_rowcount: SQLAlchemy only keeps an INSERT's rowcount when asked to.
        stmt = _CLAIMS.get(self._conn.dialect.name)
        if stmt is None:
            stmt = dialect_insert(self._conn, idempotency_keys).on_conflict_do_nothing()
            stmt = _CLAIMS[self._conn.dialect.name] = stmt.execution_options(preserve_rowcount=True)
        return bool(run(self._conn, stmt, self._values(record)).rowcount == 1)

    def replace(self, record: IdempotencyRecord, *, claim: IdempotencyRecord) -> bool:
        # Compare-and-set: on PostgreSQL an UPDATE that waited for a concurrent writer re-checks its
        # WHERE against the row that writer committed, so only one of two racing requests wins.
        values = {k: v for k, v in self._values(record).items() if k not in ("tenant_id", "principal", "key")}
        return bool(run(self._conn, _REPLACE, {**values, **self._claim(claim)}).rowcount == 1)

    def release(self, claim: IdempotencyRecord) -> bool:
        return bool(run(self._conn, _RELEASE, self._claim(claim)).rowcount == 1)


# --- who runs a claim, and start-up recovery -----------------------------------------------------


def _is_dead(owner: str, me: str) -> bool:
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    my_host, _, my_rest = me.partition(":")
    my_pid, _, _ = my_rest.partition(":")
    if host != my_host or not pid_text.isascii() or not pid_text.isdigit() or owner == me:
        return False  # another host's claims expire by their lease
    if pid_text == my_pid:
        return True  # our pid with another nonce: our predecessor
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError, ValueError):
        return False
    return False


def release_claims_of_dead_processes(engine: Engine, owner: str | None = None) -> int:
    """Delete running claims whose process (on this host) is gone; returns how many were released."""
    me = owner or process_owner()
    c = idempotency_keys.c
    with engine.begin() as conn:
        owners = conn.execute(select(c.owner).distinct().where(c.state == IdempotencyState.RUNNING.value)).scalars()
        dead = [o for o in owners if _is_dead(o, me)]
        if not dead:
            return 0
        stmt = delete(idempotency_keys).where(c.state == IdempotencyState.RUNNING.value, c.owner.in_(dead))
        return int(conn.execute(stmt).rowcount)
