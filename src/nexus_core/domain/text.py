"""Validation of free-text fields shared by every aggregate."""

from __future__ import annotations

import re

from nexus_core.errors import InvalidInput

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def require_text(value: object, *, field: str, max_len: int = 200) -> str:
    """A non-blank string, stripped, at most ``max_len`` characters."""
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be a string", field=field)
    text = value.strip()
    if not text:
        raise InvalidInput(f"{field} is required", field=field)
    if len(text) > max_len:
        raise InvalidInput(f"{field} must be at most {max_len} characters", field=field)
    return text


def optional_text(value: object, *, field: str, max_len: int = 200) -> str | None:
    """Like :func:`require_text` but ``None`` or blank means absent."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return require_text(value, field=field, max_len=max_len)


def optional_email(value: object, *, field: str = "email") -> str | None:
    email = optional_text(value, field=field, max_len=254)
    if email is not None and not _EMAIL.match(email):
        raise InvalidInput(f"{field} is not a valid email address", field=field)
    return email.lower() if email else None


def require_email(value: object, *, field: str = "email") -> str:
    email = optional_email(value, field=field)
    if email is None:
        raise InvalidInput(f"{field} is required", field=field)
    return email
