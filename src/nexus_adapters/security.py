"""Secrets in production: argon2id hashes, an HMAC PIN lookup digest, HS256 JWTs."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from typing import Any, Mapping

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from nexus_core.errors import Unauthorized

JWT_ALGORITHM = "HS256"
REQUIRED_CLAIMS = ("exp", "iat", "sub", "typ", "tenant_id")


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class Argon2Hasher:
    """argon2id with the library's recommended parameters (RFC 9106 low-memory profile)."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher()

    def hash(self, secret: str) -> str:
        return self._hasher.hash(secret)

    def verify(self, hashed: str, secret: str) -> bool:
        try:
            return self._hasher.verify(hashed, secret)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False


class HmacDigester:
    """HMAC-SHA256 keyed with the pepper (kept outside the database) over tenant id and value."""

    def __init__(self, pepper: bytes) -> None:
        if len(pepper) < 16:
            raise ValueError("the PIN pepper must be at least 16 bytes")
        self._pepper = pepper

    def digest(self, tenant_id: int, value: str) -> str:
        return hmac.new(self._pepper, f"{tenant_id}:{value}".encode(), hashlib.sha256).hexdigest()


class JwtCodec:
    """HS256 only (``alg: none`` and every other algorithm is refused); required claims enforced."""

    def __init__(self, secret: str) -> None:
        if len(secret) < 32:
            raise ValueError("the JWT secret must be at least 32 characters")
        self._secret = secret

    def encode(self, claims: Mapping[str, Any]) -> str:
        return jwt.encode(dict(claims), self._secret, algorithm=JWT_ALGORITHM)

    def decode(self, token: str) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self._secret,
                algorithms=[JWT_ALGORITHM],
                options={"require": list(REQUIRED_CLAIMS)},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthorized("token expired") from None
        except jwt.MissingRequiredClaimError as exc:
            raise Unauthorized(f"token is missing the {exc.claim} claim") from None
        except jwt.InvalidTokenError:
            raise Unauthorized("invalid token") from None
        return claims
