"""Query strings structured like bodies: an attrs wire class, strict, with the same messages.

A route declares ``query=ReportQuery`` on its endpoint; the handler reads ``call.params`` (an instance of
that class). Every value of a query string is text, so each is first turned into the JSON value the
field's type expects (``"2"`` -> ``2`` for an ``int``, ``"true"`` -> ``True`` for a ``bool``) and then
structured by the same converter as bodies: ``?page=x`` answers 400 ``page must be an integer`` exactly
like a body would. A parameter given twice is refused; unknown parameters are ignored.

Only scalar fields (``str``, ``int``, ``bool``, ``Decimal``, enums, or any type the converter parses from
text, each optionally ``| None``) make sense in a query string; :func:`check_query_class` refuses the rest
when the route is declared, not when it is called.
"""

from __future__ import annotations

import enum
import re
import types
import typing
from collections.abc import Iterable
from typing import Any, TypeVar

import attrs

from nexus_core.errors import InvalidInput
from nexus_http.schemas import structure

T = TypeVar("T")

_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_BOOLEANS = {"true": True, "false": False, "1": True, "0": False}


def scalar_type(tp: Any) -> Any:
    """``tp`` without ``| None``."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(options) == 1:
            return options[0]
    return tp


def check_query_class(cl: type) -> None:
    """Refuse, at declaration time, a query class with a field a query string cannot carry."""
    if not attrs.has(cl):
        raise TypeError(f"query= needs an attrs class, got {cl!r}")
    attrs.resolve_types(cl)
    for f in attrs.fields(cl):
        tp = scalar_type(f.type)
        if typing.get_origin(tp) is not None or (isinstance(tp, type) and attrs.has(tp)):
            raise TypeError(f"{cl.__name__}.{f.name}: a query parameter must be a scalar, not {tp!r}")


def _json_value(text: str, tp: Any) -> Any:
    if tp is int and _INTEGER.match(text.strip()):
        return int(text.strip())
    if tp is bool and text.strip().lower() in _BOOLEANS:
        return _BOOLEANS[text.strip().lower()]
    if isinstance(tp, type) and issubclass(tp, enum.Enum) and not issubclass(tp, str):
        values = {str(m.value): m.value for m in tp}
        return values.get(text, text)
    return text  # str, Decimal (numeric strings are accepted) and anything parsed from text


def structure_query(items: Iterable[tuple[str, str]], cl: type[T]) -> T:
    """The query string's ``(name, value)`` pairs as ``cl``, or :class:`InvalidInput` naming the parameter."""
    fields = {f.name: scalar_type(f.type) for f in attrs.fields(attrs.resolve_types(cl))}
    data: dict[str, Any] = {}
    for name, value in items:
        if name not in fields:
            continue
        if name in data:
            raise InvalidInput(f"{name} must be given once", field=name)
        data[name] = _json_value(value, fields[name])
    return structure(data, cl)
