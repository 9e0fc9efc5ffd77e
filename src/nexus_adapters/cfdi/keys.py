"""The installation's key that encrypts every CSD private key at rest (Fernet: AES-128-CBC + HMAC).

``NEXUS_CSD_KEY`` (any secret text, hashed to a Fernet key) or, when unset, a key generated once into
``var/csd-key`` (mode 0600), like the PIN pepper: a stolen database alone opens no CSD.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, load_der_private_key

from nexus_adapters.settings import load_or_create_pepper

DEFAULT_KEY_FILE = Path("var/csd-key")


class KeyVault:
    def __init__(self, secret: bytes) -> None:
        self._fernet = Fernet(base64.urlsafe_b64encode(hashlib.sha256(b"nexus-csd:" + secret).digest()))

    @classmethod
    def from_env(cls) -> KeyVault:
        secret = os.environ.get("NEXUS_CSD_KEY")
        return cls(secret.encode() if secret else load_or_create_pepper(DEFAULT_KEY_FILE))

    def seal_key(self, key: RSAPrivateKey) -> bytes:
        der = key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
        return self._fernet.encrypt(der)

    def open_key(self, encrypted: bytes) -> RSAPrivateKey:
        try:
            key = load_der_private_key(self._fernet.decrypt(encrypted), password=None)
        except InvalidToken:
            raise RuntimeError("the CSD key was encrypted with another NEXUS_CSD_KEY") from None
        assert isinstance(key, RSAPrivateKey)
        return key
