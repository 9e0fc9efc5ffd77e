"""Who this process is, for the records it owns while it runs (idempotency claims, ADR 6)."""

from __future__ import annotations

import os
import secrets
import socket

_OWNER: tuple[int, str] | None = None


def process_owner() -> str:
    """``host:pid:nonce`` of this process. The nonce tells a restarted process from its predecessor
    when both get the same pid (as the first process of a container does); a forked child gets its own."""
    global _OWNER
    pid = os.getpid()
    if _OWNER is None or _OWNER[0] != pid:
        _OWNER = (pid, f"{socket.gethostname()[:40]}:{pid}:{secrets.token_hex(4)}")
    return _OWNER[1]
