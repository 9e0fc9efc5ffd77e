"""Query strings are structured like bodies: typed, strict, the same messages; declared classes are checked."""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nexus_core.errors import InvalidInput
from nexus_http.endpoints import RouteTable
from nexus_http.openapi import build_spec
from nexus_http.query import structure_query


class Kind(enum.StrEnum):
    MANUAL = "manual"
    SALE = "sale"


@attrs.frozen
class ReportQuery:
    date_from: str
    page: int | None = attrs.field(default=None, metadata={"description": "1-based page"})
    include_zero: bool = False
    min_total: Decimal | None = None
    type: Kind | None = None


def q(**items: str) -> list[tuple[str, str]]:
    return list(items.items())


def test_values_are_typed() -> None:
    got = structure_query(
        q(date_from="2026-04-01", page="2", include_zero="true", min_total="10.50", type="sale"), ReportQuery
    )
    assert got == ReportQuery("2026-04-01", 2, True, Decimal("10.50"), Kind.SALE)
    assert structure_query(q(date_from="x", other="ignored"), ReportQuery) == ReportQuery("x")


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([], "date_from is required"),
        (q(date_from="x", page="two"), "page must be an integer"),
        (q(date_from="x", page="1.5"), "page must be an integer"),
        (q(date_from="x", page="99999999999999999999"), "page is out of range"),
        (q(date_from="x", include_zero="yes"), "include_zero must be true or false"),
        (
            q(date_from="x", min_total="ten"),
            'min_total must be a number (a string must hold only its digits, such as "1234.50")',
        ),
        (q(date_from="x", type="gift"), "type must be one of: manual, sale"),
        ([("date_from", "a"), ("date_from", "b")], "date_from must be given once"),
    ],
)
def test_bad_values_are_refused_naming_the_parameter(items, message) -> None:
    with pytest.raises(InvalidInput) as caught:
        structure_query(items, ReportQuery)
    assert caught.value.message == message


@given(st.integers(min_value=-(2**63), max_value=2**63 - 1))
def test_any_64_bit_integer_round_trips(n: int) -> None:
    assert structure_query(q(date_from="x", page=str(n)), ReportQuery).page == n


def test_a_query_class_must_be_flat() -> None:
    @attrs.frozen
    class Nested:
        pages: list[int]

    with pytest.raises(TypeError, match="must be a scalar"):
        RouteTable("t").get("/x", summary="x", query=Nested)


def test_query_parameters_appear_in_the_document() -> None:
    table = RouteTable("t")

    @table.get("/reports/{branch_id}", summary="A report", query=ReportQuery, example={})
    def report(call):  # pragma: no cover - never called
        return {}

    op = build_spec(table.endpoints)["paths"]["/reports/{branch_id}"]["get"]
    params = {p["name"]: p for p in op["parameters"]}
    assert params["branch_id"]["in"] == "path"
    assert params["date_from"] == {"name": "date_from", "in": "query", "required": True, "schema": {"type": "string"}}
    assert params["page"]["required"] is False and params["page"]["description"] == "1-based page"
    assert params["page"]["schema"]["type"] == "integer"
    assert params["type"]["schema"] == {"enum": ["manual", "sale"]}
