"""OpenAPI names its schemas after the wire classes: two different classes with one name would make
one endpoint's documented (and example-checked) shape silently the other's."""

from __future__ import annotations

import typing
from typing import Any

import attrs

from nexus_http.routes import all_endpoints


def _walk(tp: Any, seen: dict[str, set[type]]) -> None:
    for arg in typing.get_args(tp):
        _walk(arg, seen)
    if isinstance(tp, type) and attrs.has(tp):
        owners = seen.setdefault(tp.__name__, set())
        if tp in owners:
            return
        owners.add(tp)
        attrs.resolve_types(tp)
        for field in attrs.fields(tp):
            _walk(field.type, seen)


def test_every_wire_class_has_a_name_of_its_own() -> None:
    seen: dict[str, set[type]] = {}
    for endpoint in all_endpoints():
        for tp in (endpoint.body, endpoint.query, endpoint.response):
            if tp is not None:
                _walk(tp, seen)
    clashes = {
        name: sorted(f"{c.__module__}.{c.__qualname__}" for c in owners)
        for name, owners in seen.items()
        if len(owners) > 1
    }
    assert clashes == {}
