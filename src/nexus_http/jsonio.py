"""JSON in and out without a float ever appearing.

Bodies are parsed with ``parse_float=Decimal``. Answers are written by orjson (:func:`dumps`, UTF-8), which
prints a ``Decimal`` through ``orjson.Fragment`` as its own digits, so ``12.50`` leaves exactly as it was
computed (docs/adr/0011-fast-json.md). Fingerprints use the small pure-Python encoder (:func:`strict_dumps`,
ASCII, sorted keys on request), whose bytes must never change and which refuses floats.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from json.encoder import encode_basestring_ascii
from typing import Any

import attrs
import orjson

from nexus_core.errors import InvalidInput


@attrs.frozen
class RawJson:
    """Already-encoded JSON (a stored idempotent answer), written out verbatim."""

    text: str


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # {"amount": 1, "amount": 1000} is a mistake or an attack (parsers disagree on which wins): refuse it.
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


def parse_json(raw: bytes) -> Any:
    """Any JSON value; malformed, non-UTF, NaN/Infinity, too deep or too-long ints, and an object that
    repeats a key -> :class:`InvalidInput`."""
    if not raw.strip():
        raise InvalidInput("request body is required (a JSON object)")
    try:
        return json.loads(
            raw,
            parse_float=Decimal,
            parse_constant=_refuse_constant,
            object_pairs_hook=_object_without_duplicates,
        )
    except _DuplicateKey as exc:
        shown = exc.key if len(exc.key) <= 60 else exc.key[:60] + "..."
        raise InvalidInput(f"request body repeats the key {shown!r}", field=exc.key[:60]) from None
    except (ValueError, RecursionError):
        # ValueError covers JSONDecodeError, UnicodeDecodeError and ints beyond the digit limit.
        raise InvalidInput("request body is not valid JSON") from None


def parse_object(raw: bytes) -> dict[str, Any]:
    value = parse_json(raw)
    if not isinstance(value, dict):
        raise InvalidInput("request body must be a JSON object")
    return value


# Dates and times go through ``isoformat``: orjson 3.13 writes ``time(0, 0, 0, 10000)`` as ``00:00:00.10000``.
_FAST_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME


def _fast_default(value: Any) -> Any:
    """What orjson cannot write itself: Decimals as their own digits, stored answers verbatim, attrs classes."""
    if isinstance(value, Decimal):
        text = str(value)  # plain digits unless the exponent is positive or very negative (then it has an "E")
        if "E" in text or not value.is_finite():
            text = _decimal(value)
        return orjson.Fragment(text)
    if isinstance(value, RawJson):
        return orjson.Fragment(value.text)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if attrs.has(type(value)):
        return {f.name: getattr(value, f.name) for f in attrs.fields(type(value))}
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dumps(value: Any, *, sort_keys: bool = False) -> bytes:
    """UTF-8 JSON bytes of an answer. Decimals are written as numbers with their own digits.

    orjson writes what it knows natively (str, int, bool, None, dict, list, tuple, enums); anything it
    refuses (a non-string key, an int beyond 64 bits, an unknown type, a NaN) is handed to
    :func:`strict_dumps`, which writes it the way it always did or says why not. orjson writes floats;
    none reaches it, because nothing in Nexus makes one (money and quantities are ``Decimal``).
    """
    if sort_keys:
        return strict_dumps(value, sort_keys=True)
    try:
        return orjson.dumps(value, default=_fast_default, option=_FAST_OPTIONS)
    except orjson.JSONEncodeError:
        return strict_dumps(value)


def strict_dumps(value: Any, *, sort_keys: bool = False) -> bytes:
    """ASCII JSON bytes by the pure-Python encoder: Decimals with their own digits, floats refused."""
    out: list[str] = []
    _encode(value, out, sort_keys)
    return "".join(out).encode("ascii")


def canonical(value: Any) -> bytes:
    """One spelling per value (sorted keys, no spaces, ASCII), for fingerprints; these bytes never change."""
    return strict_dumps(value, sort_keys=True)


def canonical_body(value: Any) -> bytes:
    """:func:`canonical` of a value :func:`parse_json` made (no floats: it parses them as ``Decimal``).

    orjson writes it when that gives the same bytes, which its output shows: pure ASCII with no backslash
    and no DEL (nothing was escaped, so nothing was escaped differently; keys sorted by code point and by
    UTF-8 byte agree on ASCII). Anything else (an escaped or non-ASCII character, an integer beyond 53
    bits, a type orjson would write its own way) is written by the pure-Python encoder, as it always was.
    """
    try:
        fast = orjson.dumps(value, default=_canonical_default, option=_CANONICAL_OPTIONS)
    except (orjson.JSONEncodeError, TypeError):
        return canonical(value)
    if fast.isascii() and b"\\" not in fast and b"\x7f" not in fast:
        return fast
    return canonical(value)


_CANONICAL_OPTIONS = (
    orjson.OPT_SORT_KEYS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_SUBCLASS
    | orjson.OPT_STRICT_INTEGER
)


def _canonical_default(value: Any) -> Any:
    if type(value) is Decimal:
        return orjson.Fragment(_decimal(value))
    raise TypeError(f"{type(value).__name__}: written by the pure-Python encoder")


def _decimal(value: Decimal) -> str:
    if not value.is_finite():
        raise ValueError(f"cannot write {value} as JSON")
    return format(value, "f")


def _encode(value: Any, out: list[str], sort_keys: bool) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):  # StrEnum included: its value is the string itself
        out.append(encode_basestring_ascii(value))
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, Decimal):
        out.append(_decimal(value))
    elif isinstance(value, float):
        raise TypeError("floats never leave Nexus; use Decimal")
    elif isinstance(value, RawJson):
        out.append(value.text)
    elif isinstance(value, Mapping):
        items = sorted(value.items()) if sort_keys else value.items()
        out.append("{")
        for i, (k, v) in enumerate(items):
            if not isinstance(k, str):
                raise TypeError(f"JSON object keys must be strings, not {type(k).__name__}")
            if i:
                out.append(",")
            out.append(encode_basestring_ascii(k))
            out.append(":")
            _encode(v, out, sort_keys)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for i, v in enumerate(value):
            if i:
                out.append(",")
            _encode(v, out, sort_keys)
        out.append("]")
    elif isinstance(value, datetime | date | time):
        out.append(encode_basestring_ascii(value.isoformat()))
    elif isinstance(value, enum.Enum):
        _encode(value.value, out, sort_keys)
    elif attrs.has(type(value)):
        _encode({f.name: getattr(value, f.name) for f in attrs.fields(type(value))}, out, sort_keys)
    else:
        raise TypeError(f"cannot write {type(value).__name__} as JSON")
