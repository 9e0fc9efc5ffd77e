"""Wire shapes: one cattrs converter, configured once, that structures request bodies strictly.

``str`` takes only strings, ``int`` only integers (not ``true``, not ``"1"``, not ``1.0``), ``bool`` only
booleans, ``Decimal`` integers, decimals or numeric strings (never a float: bodies are parsed with
``parse_float=Decimal``). Unknown fields are ignored; a missing or mistyped field is an
:class:`InvalidInput` whose message names it (``lines[0].qty must be an integer``).

:func:`json_schema` describes the same classes for the OpenAPI document.
"""

from __future__ import annotations

import collections.abc
import enum
import re
import types
import typing
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.cols import is_sequence, list_structure_factory
from cattrs.errors import ClassValidationError, IterableValidationError
from cattrs.gen import make_dict_structure_fn

from nexus_core.domain.days import DAY_TYPE_PROBLEM, DayError, day_from_text
from nexus_core.errors import InvalidInput

T = TypeVar("T")

# Ids and counts must fit a signed 64-bit column; beyond that a database would fail, not refuse.
INT_MIN, INT_MAX = -(2**63), 2**63 - 1
# Amounts and quantities: 15 integer digits and 28 significant digits are far beyond any real ticket.
DECIMAL_LIMIT = Decimal(10) ** 15
DECIMAL_DIGITS = 28
# A number sent as a string: exactly its digits ("1234.50"); no spaces, "_", "+", exponent or NaN (ADR 17).
_NUMBER_TEXT = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


class WireError(ValueError):
    """One value of the wrong shape; the converter adds where it was."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def _str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise WireError("must be a string")
    if "\x00" in value:
        raise WireError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate such as "\ud800"
        raise WireError("must be valid Unicode text") from None
    return value


def _int(value: Any, _: type) -> int:
    if type(value) is not int:
        raise WireError("must be an integer")
    if not INT_MIN <= value <= INT_MAX:
        raise WireError("is out of range")
    return value


def _bool(value: Any, _: type) -> bool:
    if type(value) is not bool:
        raise WireError("must be true or false")
    return value


def _decimal(value: Any, _: type) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise WireError("must be a number")
    if isinstance(value, str):
        if len(value) > DECIMAL_DIGITS + 2 or not _NUMBER_TEXT.match(value):
            raise WireError('must be a number (a string must hold only its digits, such as "1234.50")')
        value = Decimal(value)
    number = Decimal(value)
    if not number.is_finite():
        raise WireError("must be a finite number")
    if abs(number) >= DECIMAL_LIMIT or len(number.as_tuple().digits) > DECIMAL_DIGITS:
        raise WireError("is out of range")
    return number


NUMBER_OR_WORD = Decimal | str  # a number, or one of a few words the core names (tax_rate: "exempt")


def _number_or_word(value: Any, _: type) -> Decimal | str:
    """A number as :func:`_decimal` reads it, or a short word (``"exempt"``) the core then checks."""
    if isinstance(value, str) and value.isalpha() and len(value) <= 20:
        return value
    try:
        return _decimal(value, Decimal)
    except WireError:
        raise WireError("must be a number or a word such as exempt") from None


def _date(value: Any, _: type) -> date:
    """Exactly ``YYYY-MM-DD`` naming a real day, read by the core's own parser (same words). The range
    (1900-01-01 to 2999-12-31) is a rule the core checks once, where the day is used."""
    if not isinstance(value, str):
        raise WireError(DAY_TYPE_PROBLEM)
    try:
        return day_from_text(value, field="")
    except DayError as exc:
        raise WireError(exc.problem) from None


def _float(value: Any, _: type) -> float:
    raise WireError("floats are not accepted")  # no wire class should declare one; fail loudly if one does


def _enum_factory(cl: type[enum.Enum]) -> Any:
    values = {m.value: m for m in cl}

    def structure(value: Any, _: type) -> enum.Enum:
        if isinstance(value, bool) or value not in values:
            raise WireError("must be one of: " + ", ".join(str(v) for v in values))
        return values[value]

    return structure


def _list_factory(cl: Any, conv: cattrs.Converter) -> Any:
    inner = list_structure_factory(cl, conv)

    def structure(value: Any, type_: Any) -> list[Any]:
        if not isinstance(value, list):
            raise WireError("must be a list")
        result: list[Any] = inner(value, type_)
        return result

    return structure


def _attrs_factory(cl: type, conv: cattrs.Converter) -> Any:
    inner: Any = make_dict_structure_fn(cl, conv, _cattrs_forbid_extra_keys=False)

    def structure(value: Any, type_: Any) -> Any:
        if not isinstance(value, dict):
            raise WireError("must be an object")
        return inner(value, type_)

    return structure


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=True, forbid_extra_keys=False)
    conv.register_structure_hook(str, _str)
    conv.register_structure_hook(int, _int)
    conv.register_structure_hook(bool, _bool)
    conv.register_structure_hook(Decimal, _decimal)
    conv.register_structure_hook(NUMBER_OR_WORD, _number_or_word)
    conv.register_structure_hook(date, _date)
    conv.register_structure_hook(float, _float)
    conv.register_structure_hook_factory(lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _enum_factory)
    for mixed in (enum.StrEnum, enum.IntEnum):  # found through str/int before Enum otherwise, and not checked
        conv.register_structure_hook(mixed, lambda value, t: _enum_factory(t)(value, t))
    conv.register_structure_hook_factory(is_sequence, lambda t: _list_factory(t, conv))
    conv.register_structure_hook_factory(attrs.has, lambda t: _attrs_factory(t, conv))
    return conv


converter = _make_converter()


def _problems(exc: BaseException, path: str) -> list[tuple[str, str]]:
    """(field path, problem) for every leaf error, e.g. ``("lines[0].qty", "must be an integer")``."""
    found: list[tuple[str, str]] = []
    if isinstance(exc, ClassValidationError):
        fields, others = exc.group_exceptions()
        for sub, note in fields:
            found += _problems(sub, f"{path}.{note.name}" if path else note.name)
    elif isinstance(exc, IterableValidationError):
        items, others = exc.group_exceptions()
        for sub, inote in items:
            found += _problems(sub, f"{path}[{inote.index}]")
    else:
        others = []
    for sub in others:
        found += _problems(sub, path)
    if found or isinstance(exc, ClassValidationError | IterableValidationError):
        return found
    if isinstance(exc, KeyError):
        return [(path, "is required")]
    if isinstance(exc, WireError):
        return [(path, exc.problem)]
    return [(path, "is invalid")]


def structure(data: Any, cl: type[T]) -> T:
    """``data`` (parsed JSON) as ``cl``, or :class:`InvalidInput` naming every offending field."""
    try:
        return converter.structure(data, cl)
    except (ClassValidationError, IterableValidationError, WireError) as exc:
        problems = _problems(exc, "") or [("body", "is invalid")]
        message = "; ".join(f"{field or 'body'} {problem}" for field, problem in problems)
        raise InvalidInput(message, field=problems[0][0] or None) from None


# --- JSON Schema (for OpenAPI 3.1) -------------------------------------------------------------

_SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer", "minimum": INT_MIN, "maximum": INT_MAX},
    bool: {"type": "boolean"},
    Decimal: {
        "type": ["number", "string"],
        "description": "exact decimal; a string must hold only its digits (pattern below)",
        "pattern": _NUMBER_TEXT.pattern,
    },
    date: {"type": "string", "format": "date", "description": "YYYY-MM-DD, 1900-01-01 to 2999-12-31"},
    typing.Any: {},
}


def wire_name(f: attrs.Attribute[Any]) -> str:
    """The field's key on the wire: its name, or ``metadata["wire_name"]`` for a key that is not a
    Python name (``from`` of a report's period). Only answers (``response=``) use it."""
    return str(f.metadata.get("wire_name", f.name))


def json_schema(tp: Any, components: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of a wire type; attrs classes go to ``components`` and are referenced."""
    if tp in _SCALARS:
        return dict(_SCALARS[tp])
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        options = [json_schema(a, components) for a in args if a is not type(None)]
        schema = options[0] if len(options) == 1 else {"anyOf": options}
        return {"anyOf": [schema, {"type": "null"}]} if type(None) in args else schema
    if origin in (dict, collections.abc.Mapping) or tp is dict:
        return {"type": "object", "additionalProperties": json_schema(args[1], components) if args else {}}
    if origin in (list, typing.Sequence, tuple) or tp is list:
        return {"type": "array", "items": json_schema(args[0], components) if args else {}}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [m.value for m in tp]}
    if isinstance(tp, type) and attrs.has(tp):
        name = tp.__name__
        if name not in components:
            components[name] = {}  # placeholder against recursion
            attrs.resolve_types(tp)
            props: dict[str, Any] = {}
            required: list[str] = []
            for f in attrs.fields(tp):
                key = wire_name(f)
                props[key] = json_schema(f.type, components)
                if f.metadata.get("description"):
                    props[key] = {**props[key], "description": f.metadata["description"]}
                if f.default is attrs.NOTHING:
                    required.append(key)
            components[name] = {"type": "object", "properties": props, "required": required}
        return {"$ref": f"#/components/schemas/{name}"}
    return {}
