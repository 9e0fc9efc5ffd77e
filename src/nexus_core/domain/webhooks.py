"""Webhook signatures: HMAC-SHA256 over the raw body, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac


def hmac_sha256_hex(secret: str, raw: bytes) -> str:
    return hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


def signature_matches(raw: bytes, given: str | None, secret: str, *, prefix: str = "") -> bool:
    """Whether ``given`` (e.g. ``"sha256=<hex>"`` with ``prefix="sha256="``) signs ``raw`` with ``secret``.

    A missing header, a wrong prefix or an empty secret never matches."""
    if not given or not secret or not given.startswith(prefix):
        return False
    return hmac.compare_digest(given[len(prefix) :].strip().lower(), hmac_sha256_hex(secret, raw))
