"""The JSON helpers and the strict converter of nexus_http."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import attrs
import pytest

from nexus_core.domain.days import check_day, parse_day
from nexus_core.domain.staff import Role
from nexus_core.errors import InvalidInput
from nexus_http.jsonio import RawJson, canonical, dumps, parse_json, parse_object
from nexus_http.schemas import json_schema, structure


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("12.50"), "12.50"),
        (Decimal("1E+2"), "100"),
        (Decimal("0.10"), "0.10"),
        (Decimal("-0.00"), "-0.00"),
        (Decimal("1234567890123.45"), "1234567890123.45"),
    ],
)
def test_decimals_are_written_digit_for_digit(value, text):
    assert dumps(value) == text.encode()
    assert json.loads(dumps({"x": value}), parse_float=Decimal)["x"] == value


def test_dumps_handles_the_usual_shapes():
    when = datetime(2026, 4, 1, 15, 0, tzinfo=UTC)
    out = dumps({"a": [1, True, None, "ñ"], "role": Role.CASHIER, "at": when, "raw": RawJson('{"k":1}')})
    assert json.loads(out) == {"a": [1, True, None, "ñ"], "role": "cashier", "at": when.isoformat(), "raw": {"k": 1}}


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity"), {1: "x"}, object()])
def test_dumps_refuses_non_numbers_and_unknowns(bad):
    with pytest.raises((TypeError, ValueError)):
        dumps(bad)


@pytest.mark.parametrize("bad", [1.5, {"x": [0.1]}, Decimal("NaN"), {1: "x"}, object()])
def test_fingerprints_refuse_floats_and_unknowns(bad):
    with pytest.raises((TypeError, ValueError)):
        canonical(bad)


def test_canonical_ignores_key_order():
    assert canonical({"b": 1, "a": [Decimal("1.0")]}) == canonical({"a": [Decimal("1.0")], "b": 1})


def test_parse_json_never_yields_a_float():
    assert parse_json(b'{"x": 0.1, "y": 1e2}') == {"x": Decimal("0.1"), "y": Decimal("1E+2")}


@pytest.mark.parametrize("raw", [b"", b" ", b"{", b"NaN", b"[Infinity]", b"\xff", b"[" * 50_000, b"1" * 5000])
def test_parse_json_refuses_malformed(raw):
    with pytest.raises(InvalidInput):
        parse_json(raw)


def test_parse_object_requires_an_object():
    with pytest.raises(InvalidInput, match="object"):
        parse_object(b"[]")


@attrs.frozen
class Line:
    item_id: int
    qty: Decimal


@attrs.frozen
class Order:
    customer: str
    lines: list[Line]
    note: str | None = None
    paid: bool = False


def test_structure_builds_nested_wire_classes():
    order = structure({"customer": "Taller", "lines": [{"item_id": 7, "qty": Decimal("1.5")}], "x": 1}, Order)
    assert order == Order("Taller", [Line(7, Decimal("1.5"))])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"lines": []}, "customer is required"),
        ({"customer": 1, "lines": []}, "customer must be a string"),
        ({"customer": "a", "lines": "abc"}, "lines must be a list"),
        ({"customer": "a", "lines": [5]}, "lines[0] must be an object"),
        ({"customer": "a", "lines": [{"item_id": True, "qty": 1}]}, "lines[0].item_id must be an integer"),
        ({"customer": "a", "lines": [{"item_id": 1, "qty": "x"}]}, "lines[0].qty must be a number"),
        ({"customer": "a", "lines": [{"item_id": 1, "qty": Decimal("1e20")}]}, "lines[0].qty is out of range"),
        ({"customer": "a", "lines": [], "paid": "yes"}, "paid must be true or false"),
    ],
)
def test_structure_names_the_field(data, message):
    with pytest.raises(InvalidInput) as caught:
        structure(data, Order)
    assert message in caught.value.message


def test_json_schema_of_a_wire_class():
    components: dict = {}
    assert json_schema(Order, components) == {"$ref": "#/components/schemas/Order"}
    order = components["Order"]
    assert order["required"] == ["customer", "lines"]
    assert order["properties"]["lines"] == {"type": "array", "items": {"$ref": "#/components/schemas/Line"}}
    assert order["properties"]["note"] == {"anyOf": [{"type": "string"}, {"type": "null"}]}
    assert "Line" in components


# --- issue 7: duplicate keys, strict numbers and dates at the edge (ADR 17) -----------------------


@attrs.frozen
class DayWire:
    when: date


@attrs.frozen
class AmountWire:
    amount: Decimal


def test_duplicate_keys_are_refused_at_any_depth() -> None:
    with pytest.raises(InvalidInput, match="repeats the key 'amount'"):
        parse_object(b'{"amount": 1, "amount": 1000}')
    with pytest.raises(InvalidInput, match="repeats the key 'qty'"):
        parse_object(b'{"lines": [{"qty": 1, "qty": 2}]}')
    assert parse_object(b'{"a": {"x": 1}, "b": {"x": 2}}') == {"a": {"x": 1}, "b": {"x": 2}}


def test_the_edge_reads_the_form_of_a_day_with_the_cores_words_and_leaves_the_range_to_the_core() -> None:
    assert structure({"when": "2999-12-31"}, DayWire) == DayWire(date(2999, 12, 31))
    for bad in (" 2026-05-10", "2026-02-30", "20260510"):
        with pytest.raises(InvalidInput) as edge:
            structure({"when": bad}, DayWire)
        with pytest.raises(InvalidInput) as core:
            parse_day(bad, field="when")
        assert edge.value.message == core.value.message
    # The range is a rule, checked once by the core where the day is used (check_day), not here.
    assert structure({"when": "9999-12-31"}, DayWire) == DayWire(date(9999, 12, 31))
    with pytest.raises(InvalidInput, match="when must be between 1900-01-01 and 2999-12-31"):
        check_day(date(9999, 12, 31), field="when")
    with pytest.raises(InvalidInput, match="when must be a date"):
        structure({"when": 20260510}, DayWire)


@pytest.mark.parametrize("text", ["1_000", " 7.50 ", "+1", "1e3", "NaN"])
def test_the_edge_refuses_loosely_written_numbers(text: str) -> None:
    with pytest.raises(InvalidInput, match="amount must be a number"):
        structure({"amount": text}, AmountWire)
    assert structure({"amount": "7.50"}, AmountWire) == AmountWire(Decimal("7.50"))
