"""Identifier rules shared by every aggregate."""

from __future__ import annotations

from nexus_core.errors import InvalidInput

MAX_ID = 2**63 - 1


def require_id(value: object, *, field: str) -> int:
    """A positive integer id; anything else is invalid input naming ``field``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{field} must be an integer", field=field)
    if value < 1 or value > MAX_ID:
        raise InvalidInput(f"{field} must be a positive integer", field=field)
    return value
