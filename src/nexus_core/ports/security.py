"""Secrets: slow hashes for PINs and passwords, a keyed digest to find a PIN, signed tokens."""

from __future__ import annotations

from typing import Any, Mapping, Protocol


class SecretHasher(Protocol):
    """A slow, salted hash (argon2id in production)."""

    def hash(self, secret: str) -> str: ...

    def verify(self, hashed: str, secret: str) -> bool: ...


class PinDigester(Protocol):
    """A keyed digest of (tenant, PIN) used to find an employee through a unique index.

    Keyed with a pepper kept outside the database, so the digest alone does not reveal the PIN.
    """

    def lookup_digest(self, tenant_id: int, pin: str) -> str: ...


class TokenCodec(Protocol):
    """Signs claims into an access token and verifies one back (expiry included)."""

    def encode(self, claims: Mapping[str, Any]) -> str: ...

    def decode(self, token: str) -> dict[str, Any]:
        """The verified claims; raises :class:`nexus_core.errors.Unauthorized` otherwise."""
        ...
