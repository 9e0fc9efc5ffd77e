"""Provider credentials encrypted at rest (AES-256-GCM), bound to their tenant and provider.

The key is derived from two halves: a random secret kept in the database (``app_secrets``, created once
with :func:`ensure_secret`, so every worker on the database agrees) and, in a served installation, the PIN
pepper kept *outside* the database (``NEXUS_PIN_PEPPER`` or ``var/pin-pepper``). A stolen database alone
does not reveal a shop's API keys. The tenant and provider ids are the cipher's associated data: a row's
ciphertext copied to another tenant or provider does not decrypt.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from collections.abc import Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Engine

from nexus_adapters.persistence.secrets import ensure_secret

SECRET_NAME = "provider_credentials_key"
_NONCE = 12


class CredentialCipher:
    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    @classmethod
    def for_engine(cls, engine: Engine, pepper: bytes = b"") -> CredentialCipher:
        """The installation's cipher: its database secret (created the first time) and ``pepper``."""
        stored = ensure_secret(engine, SECRET_NAME, lambda: secrets.token_urlsafe(32))
        return cls(hashlib.sha256(b"nexus provider credentials\x00" + pepper + b"\x00" + stored.encode()).digest())

    def seal(self, tenant_id: int, provider_id: str, credentials: Mapping[str, str]) -> str:
        nonce = os.urandom(_NONCE)
        plain = json.dumps(dict(credentials), sort_keys=True).encode()
        return base64.b64encode(nonce + self._aead.encrypt(nonce, plain, _aad(tenant_id, provider_id))).decode()

    def open(self, tenant_id: int, provider_id: str, sealed: str) -> dict[str, str]:
        raw = base64.b64decode(sealed)
        try:
            plain = self._aead.decrypt(raw[:_NONCE], raw[_NONCE:], _aad(tenant_id, provider_id))
        except InvalidTag:
            raise ValueError(
                f"credentials of {provider_id} (tenant {tenant_id}) do not decrypt: was the pepper changed?"
            ) from None
        value = json.loads(plain)
        return {str(k): str(v) for k, v in value.items()}


def _aad(tenant_id: int, provider_id: str) -> bytes:
    return f"{tenant_id}:{provider_id}".encode()
