"""JSON in and out without a float ever appearing.

Bodies are parsed with ``parse_float=Decimal``; answers are written by a small encoder that prints a
``Decimal`` as its own digits, so ``12.50`` leaves exactly as it was computed.
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


def dumps(value: Any, *, sort_keys: bool = False) -> bytes:
    """ASCII JSON bytes. Decimals are written as numbers with their own digits; floats are refused."""
    out: list[str] = []
    _encode(value, out, sort_keys)
    return "".join(out).encode("ascii")


def canonical(value: Any) -> bytes:
    """One spelling per value (sorted keys, no spaces), for fingerprints."""
    return dumps(value, sort_keys=True)


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
