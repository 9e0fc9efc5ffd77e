"""Bearer tokens -> :class:`Actor`. A POS token opens only the POS surface, a parcels token only parcels.

:class:`Authenticator` keeps two per-process caches so that a read needs no database round trip:

* verified claims per token (a bounded LRU; an entry is refused once its ``exp`` has passed), and
* each employee's current state (active, role, name, branch), never older than :data:`STALENESS`.

Every POS request is judged by the employee's *current* state, not by the token's claims: a
deactivated employee's token dies and a demoted one's permissions shrink, on every worker, within
:data:`STALENESS` (one second). Writes re-check in their own transaction as before.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime, timedelta
from typing import Any

from nexus_core.errors import Unauthorized
from nexus_core.services.auth import actor_from_claims
from nexus_core.services.authz import Actor, ActorKind
from nexus_core.services.runner import Nexus
from nexus_core.services.sessions import EmployeeState, ReadEmployeeState, current_actor, read_employee_state
from nexus_http.envelope import Surface

_KIND_FOR_SURFACE = {Surface.POS: ActorKind.EMPLOYEE, Surface.PARCELS: ActorKind.USER}
STALENESS = timedelta(seconds=1)
MAX_CACHED_TOKENS = 10_000
MAX_CACHED_EMPLOYEES = 10_000


def bearer_token(header: str | None) -> str:
    if not header:
        raise Unauthorized("authentication required: send Authorization: Bearer <token>")
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("Authorization header must be 'Bearer <token>'")
    return token


def _decode(nexus: Nexus, token: str) -> dict[str, Any]:
    try:
        claims = nexus.deps.tokens.decode(token)
    except Unauthorized:
        raise
    except Exception:  # a garbled token must never become a 500, whatever the codec raises
        raise Unauthorized("invalid token") from None
    if not isinstance(claims, dict):
        raise Unauthorized("invalid token")
    return claims


def _for_surface(actor: Actor, surface: Surface) -> Actor:
    if actor.kind is not _KIND_FOR_SURFACE[surface]:
        raise Unauthorized("this token is not valid for this API")
    return actor


def authenticate(nexus: Nexus, authorization: str | None, surface: Surface) -> Actor:
    """The caller of ``surface`` named by the ``Authorization`` header (claims only, no cache)."""
    return _for_surface(actor_from_claims(_decode(nexus, bearer_token(authorization))), surface)


Resolved = tuple[Actor, EmployeeState | None]


class _Verified:
    """A verified token in the cache: its actor and expiry, and the last current actor derived from it
    with the employee state it was derived from (one tuple, replaced whole, so threads never mix two)."""

    __slots__ = ("actor", "current", "expires")

    def __init__(self, actor: Actor, expires: float) -> None:
        self.actor = actor
        self.expires = expires
        self.current: tuple[EmployeeState | None, Actor] | None = None


class Authenticator:
    """One per application (so per process); thread-safe."""

    def __init__(self, nexus: Nexus) -> None:
        self._nexus = nexus
        self._lock = threading.Lock()
        self._tokens: OrderedDict[str, _Verified] = OrderedDict()
        self._employees: OrderedDict[tuple[int, int], tuple[EmployeeState | None, datetime]] = OrderedDict()

    def _now(self) -> datetime:
        return self._nexus.deps.clock.now()

    def _verified(self, token: str, now: datetime) -> _Verified:
        with self._lock:
            hit = self._tokens.get(token)
            if hit is not None:
                self._tokens.move_to_end(token)
        if hit is None:
            claims = _decode(self._nexus, token)
            hit = _Verified(actor_from_claims(claims), float(claims.get("exp", 0)))
            with self._lock:
                self._tokens[token] = hit
                while len(self._tokens) > MAX_CACHED_TOKENS:
                    self._tokens.popitem(last=False)
        elif hit.expires <= now.timestamp():
            with self._lock:
                self._tokens.pop(token, None)
            raise Unauthorized("token expired")
        return hit

    def _fresh_state(self, actor: Actor, now: datetime) -> tuple[bool, EmployeeState | None]:
        with self._lock:
            hit = self._employees.get((actor.tenant_id, actor.principal_id))
        if hit is None or now - hit[1] >= STALENESS:
            return False, None
        return True, hit[0]

    @staticmethod
    def _current(verified: _Verified, state: EmployeeState | None) -> Actor:
        """``current_actor`` of the token and this state, computed once per (token, state object)."""
        memo = verified.current
        if memo is not None and memo[0] is state:
            return memo[1]
        current = current_actor(verified.actor, state)
        verified.current = (state, current)
        return current

    def _lookup(self, authorization: str | None, surface: Surface) -> tuple[_Verified, Resolved | None, datetime]:
        """The verified token, and the caller when the caches answer (``None`` when the state is stale)."""
        now = self._now()
        verified = self._verified(bearer_token(authorization), now)
        actor = _for_surface(verified.actor, surface)
        if actor.kind is not ActorKind.EMPLOYEE:
            return verified, (actor, None), now
        fresh, state = self._fresh_state(actor, now)
        if not fresh:
            return verified, None, now
        return verified, (self._current(verified, state), state), now

    def resolve_cached(self, authorization: str | None, surface: Surface) -> Resolved | None:
        """Like :meth:`resolve` when no database read is needed; ``None`` when one is."""
        return self._lookup(authorization, surface)[1]

    def resolve(self, authorization: str | None, surface: Surface) -> Resolved:
        """The caller with the employee's current permissions (may read the database: run it off the loop)."""
        verified, resolved, now = self._lookup(authorization, surface)
        if resolved is not None:
            return resolved
        actor = verified.actor
        state = self._nexus.run(actor.tenant_id, read_employee_state, ReadEmployeeState(actor.principal_id))
        with self._lock:
            self._employees[(actor.tenant_id, actor.principal_id)] = (state, now)
            self._employees.move_to_end((actor.tenant_id, actor.principal_id))
            while len(self._employees) > MAX_CACHED_EMPLOYEES:
                self._employees.popitem(last=False)
        return self._current(verified, state), state

    def forget(self, tenant_id: int, employee_id: int) -> None:
        """This process changed the employee: its next request reads the new state at once."""
        with self._lock:
            self._employees.pop((tenant_id, employee_id), None)
