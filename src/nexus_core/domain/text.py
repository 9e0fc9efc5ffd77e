"""Validation of free-text fields shared by every aggregate."""

from __future__ import annotations

import re
import unicodedata

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


def normalize_identifier(value: object) -> str | None:
    """A code or identifier as compared: NFKC-normalized and trimmed (``None`` if not a string).

    NFKC folds compatibility look-alikes (full-width digits U+FF10..U+FF19 -> ``0-9``) so they cannot sit beside
    the ASCII form under a uniqueness rule; callers then check the allowed characters with ASCII-only
    patterns (``[0-9]``, never ``\\d``), which refuses other scripts' digits (Arabic-Indic U+0660.., ...).
    """
    if not isinstance(value, str):
        return None
    return unicodedata.normalize("NFKC", value).strip()
