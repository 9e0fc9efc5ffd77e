"""/openapi.json is a valid OpenAPI 3.1 document that describes every parameter and body."""

from __future__ import annotations

import copy

import attrs
import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from nexus_http.routes import all_endpoints


def test_the_document_is_valid_openapi_31(client):
    spec = client.get("/openapi.json").json()
    validate(spec)
    broken = copy.deepcopy(spec)
    broken["paths"]["/pos/api/auth/employees/{tenant_id}"]["get"]["parameters"][0]["required"] = False
    with pytest.raises(OpenAPIValidationError):
        validate(broken)  # a path parameter must be required: the validator does look


def test_every_path_parameter_is_described(client):
    spec = client.get("/openapi.json").json()
    for path, ops in spec["paths"].items():
        for op in ops.values():
            declared = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            assert declared == set(path.replace("}", "{").split("{")[1::2]), path
            for p in op.get("parameters", []):
                assert p.get("description") or p["in"] == "query", (path, p)


def test_request_and_response_bodies_come_from_the_route_classes(client):
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    for e in all_endpoints():
        op = spec["paths"][e.path][e.method.lower()]
        if e.body is not None:
            ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            assert set(schemas[ref.rsplit("/", 1)[1]]["properties"]) == {f.name for f in attrs.fields(e.body)}
        if e.response is not None and attrs.has(e.response):
            ref = op["responses"][str(e.status)]["content"]["application/json"]["schema"]["$ref"]
            assert set(schemas[ref.rsplit("/", 1)[1]]["properties"]) == {f.name for f in attrs.fields(e.response)}
    me = schemas["MeOut"]
    assert me["properties"]["permissions"] == {"type": "array", "items": {"type": "string"}}
    assert schemas["ThemeOut"]["properties"]["variables"] == {
        "type": "object",
        "additionalProperties": {"type": "string"},
    }


def test_every_route_declares_its_answer():
    json_answers = [e for e in all_endpoints() if e.media_type == "application/json"]
    assert [f"{e.method} {e.path}" for e in json_answers if e.response is None] == []


def test_the_report_filters_are_described_as_typed_query_parameters(client):
    spec = client.get("/openapi.json").json()
    a = "/pos/api/accounting"

    def params(path):
        return {p["name"]: p for p in spec["paths"][path]["get"].get("parameters", []) if p["in"] == "query"}

    for path in (f"{a}/trial-balance", f"{a}/income-statement"):
        got = params(path)
        assert set(got) == {"date_from", "date_to"}
        for p in got.values():
            assert p["required"] is False and p["description"]
            assert {"type": "string", "format": "date"}.items() <= p["schema"].items()
    for path in (f"{a}/balance-sheet", f"{a}/aging"):
        assert set(params(path)) == {"date"}
    entries = params(f"{a}/entries")
    assert set(entries) == {"date_from", "date_to", "type", "page", "per_page"}
    assert "manual" in entries["type"]["schema"]["enum"]
    assert entries["page"]["schema"]["default"] == 1 and entries["per_page"]["schema"]["default"] == 50
    for path in (f"{a}/entries", f"{a}/trial-balance", f"{a}/balance-sheet"):
        assert "400" in spec["paths"][path]["get"]["responses"]  # a malformed filter answers 400
    period = spec["components"]["schemas"]["ReportPeriod"]
    assert set(period["properties"]) == {"from", "to"} and period["required"] == ["from", "to"]


def _wire_classes(tp, seen):
    for arg in getattr(tp, "__args__", ()):
        _wire_classes(arg, seen)
    if isinstance(tp, type) and attrs.has(tp) and tp not in seen:
        seen.add(tp)
        attrs.resolve_types(tp)
        for f in attrs.fields(tp):
            _wire_classes(f.type, seen)


def test_component_names_are_unique():
    """Schemas are named after their class: two different classes with one name would overwrite each other."""
    seen: set[type] = set()
    for e in all_endpoints():
        for cl in (e.body, e.query, e.response):
            if cl is not None:
                _wire_classes(cl, seen)
    names = [cl.__name__ for cl in seen]
    assert sorted(names) == sorted(set(names))
