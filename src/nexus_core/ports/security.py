"""Secrets: slow hashes for PINs and passwords, a keyed digest of small secrets, signed tokens."""

from __future__ import annotations

from typing import Any, Mapping, Protocol


class SecretHasher(Protocol):
    """A slow, salted hash (argon2id in production)."""

    def hash(self, secret: str) -> str: ...

    def verify(self, hashed: str, secret: str) -> bool: ...


class KeyedDigester(Protocol):
    """A keyed digest of a tenant's value, keyed with a pepper kept outside the database.

    Used where a plain hash stored in the database would give a small secret away to an offline
    search: the PIN lookup index, and the fingerprints of idempotent requests (whose bodies may carry
    a PIN). Callers prefix the value with its purpose so digests of different uses never coincide.
    """

    def digest(self, tenant_id: int, value: str) -> str: ...


class TokenCodec(Protocol):
    """Signs claims into an access token and verifies one back (expiry included)."""

    def encode(self, claims: Mapping[str, Any]) -> str: ...

    def decode(self, token: str) -> dict[str, Any]:
        """The verified claims; raises :class:`nexus_core.errors.Unauthorized` otherwise."""
        ...
