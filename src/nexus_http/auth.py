"""Bearer tokens -> :class:`Actor`. A POS token opens only the POS surface, a parcels token only parcels."""

from __future__ import annotations

from nexus_core.errors import Unauthorized
from nexus_core.services.auth import actor_from_claims
from nexus_core.services.authz import Actor, ActorKind
from nexus_core.services.runner import Nexus
from nexus_http.envelope import Surface

_KIND_FOR_SURFACE = {Surface.POS: ActorKind.EMPLOYEE, Surface.PARCELS: ActorKind.USER}


def bearer_token(header: str | None) -> str:
    if not header:
        raise Unauthorized("authentication required: send Authorization: Bearer <token>")
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("Authorization header must be 'Bearer <token>'")
    return token


def authenticate(nexus: Nexus, authorization: str | None, surface: Surface) -> Actor:
    """The caller of ``surface`` named by the ``Authorization`` header, or :class:`Unauthorized`."""
    token = bearer_token(authorization)
    try:
        claims = nexus.deps.tokens.decode(token)
    except Unauthorized:
        raise
    except Exception:  # a garbled token must never become a 500, whatever the codec raises
        raise Unauthorized("invalid token") from None
    if not isinstance(claims, dict):
        raise Unauthorized("invalid token")
    actor = actor_from_claims(claims)
    if actor.kind is not _KIND_FOR_SURFACE[surface]:
        raise Unauthorized("this token is not valid for this API")
    return actor
