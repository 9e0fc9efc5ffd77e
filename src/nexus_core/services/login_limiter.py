"""Applying the login limiter: gates for PIN logins and for employees choosing PINs.

A *gate* names the key and the pool an attempt is counted under. Every attempt is checked against
both before the PIN is looked at; every wrong PIN is recorded under both and committed before the
refusal is answered, so every worker counts it. A lockout is recorded once, when it begins.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from nexus_core.domain.login_limiter import (
    PER_KEY_HARD_LIMIT,
    PER_KEY_LIMIT,
    POOL_LIMITS,
    Pool,
    retry_after,
    window_start,
)
from nexus_core.domain.security_events import SecurityEvent, SecurityEventKind
from nexus_core.errors import RateLimited, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork

LOCKED_MESSAGE = "too many failed PIN attempts; try again later"


@attrs.frozen
class Gate:
    pool: Pool
    key: str


def _waits(uow: UnitOfWork, gate: Gate, now: datetime) -> list[tuple[str, int]]:
    since = window_start(now)
    waits = []
    failures = uow.pin_failures
    key_waits = (
        retry_after(failures.key_failures(gate.key, since), PER_KEY_LIMIT, now),
        retry_after(failures.key_failures(gate.key, since, include_cleared=True), PER_KEY_HARD_LIMIT, now),
    )
    if any(w is not None for w in key_waits):
        waits.append((gate.key, max(w for w in key_waits if w is not None)))
    limit = POOL_LIMITS[gate.pool]
    if limit is not None:
        pool_wait = retry_after(uow.pin_failures.pool_failures(gate.pool, since), limit, now)
        if pool_wait is not None:
            waits.append((f"pool:{gate.pool.value}", pool_wait))
    return waits


def check(uow: UnitOfWork, gate: Gate, now: datetime) -> None:
    """Refuse (429 with ``Retry-After``) while the gate's key or pool is locked. Takes the tenant's
    login lock first, so the check and the failure it may record are one step for every worker."""
    uow.pin_failures.lock()
    waits = _waits(uow, gate, now)
    if waits:
        raise RateLimited(LOCKED_MESSAGE, retry_after=max(w for _, w in waits))


def record_failure(uow: UnitOfWork, gate: Gate, now: datetime, *, employee_id: int | None = None) -> None:
    """Count one wrong PIN under the gate; journal the lockout it starts, if any. Does not commit."""
    uow.pin_failures.record(gate.pool, gate.key, now)
    for subject, wait in _waits(uow, gate, now):
        uow.security_events.add(
            SecurityEvent(
                kind=SecurityEventKind.LOCKOUT,
                at=now,
                subject=subject,
                detail=f"locked for {wait} s after repeated wrong PINs",
                employee_id=employee_id,
            )
        )


def succeeded(uow: UnitOfWork, gate: Gate) -> None:
    """A success clears its own key for later attempts; the pool keeps counting what happened."""
    uow.pin_failures.clear_key(gate.key)


PIN_IN_USE = "pin is already used by another employee of this tenant"


def claim_pin(
    uow: UnitOfWork, *, lookup: str, employee_id: int | None, now: datetime, owner_id: int | None = None
) -> None:
    """Refuse a PIN that an active employee of the tenant already uses, without becoming an oracle.

    Called only after every other field was validated and before anything is written (the failure
    is committed on its own). An employee choosing PINs (``employee_id``)
    goes through the same limiter as a login from an unknown device: the check comes before the
    look-up, and a collision is a wrong guess, recorded and committed before the refusal. The
    operator (``None``, the command line) is trusted and only refused. ``owner_id`` is the employee
    the PIN is for, when it exists already: its own PIN is no collision.
    """

    def taken() -> bool:
        holder = uow.employees.find_active_by_pin(lookup)
        return holder is not None and (owner_id is None or holder.id != owner_id)

    if employee_id is None:
        if taken():
            raise RuleViolation(PIN_IN_USE, field="pin")
        return
    gate = Gate(Pool.UNKNOWN, f"employee:{employee_id}")
    check(uow, gate, now)
    if not taken():
        return
    record_failure(uow, gate, now, employee_id=employee_id)
    uow.security_events.add(
        SecurityEvent(
            kind=SecurityEventKind.PIN_REFUSED,
            at=now,
            subject=f"employee:{employee_id}",
            detail="chose a PIN already in use; counted as a failed attempt",
            employee_id=employee_id,
        )
    )
    uow.commit()
    raise RuleViolation(PIN_IN_USE, field="pin")
