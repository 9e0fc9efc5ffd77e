"""Bounds of ADR 17 in the core: amounts, quantities, checked integer sums, days, codes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nexus_core.domain.chart import parse_code, parse_sat_code
from nexus_core.domain.days import MAX_DAY, MIN_DAY, parse_day
from nexus_core.domain.money import (
    INT64_MAX,
    MAX_AMOUNT,
    MAX_AMOUNT_CENTS,
    TotalOutOfRange,
    checked_add,
    checked_sum,
    money_strict,
    parse_decimal,
    quantity,
    to_cents,
)
from nexus_core.domain.periods import parse_year_month
from nexus_core.domain.staff import validate_pin
from nexus_core.errors import InvalidInput, RuleViolation


def test_the_bound_holds_for_a_billion_postings_of_the_maximum() -> None:
    assert to_cents(MAX_AMOUNT) == MAX_AMOUNT_CENTS
    assert 10**9 * MAX_AMOUNT_CENTS <= INT64_MAX
    assert INT64_MAX >= 10**9 * 10**9  # quantities: 10^6 units in thousandths


@given(st.lists(st.integers(min_value=-MAX_AMOUNT_CENTS, max_value=MAX_AMOUNT_CENTS), max_size=200))
def test_checked_sum_is_the_exact_integer_sum_within_bounds(amounts: list[int]) -> None:
    assert checked_sum(amounts) == sum(amounts)


@given(st.integers(min_value=0, max_value=INT64_MAX), st.integers(min_value=1, max_value=INT64_MAX))
def test_checked_add_refuses_exactly_beyond_64_bits(total: int, amount: int) -> None:
    if total + amount > INT64_MAX:
        with pytest.raises(TotalOutOfRange):
            checked_add(total, amount)
    else:
        assert checked_add(total, amount) == total + amount


def test_overflow_is_a_rule_violation_naming_the_limit() -> None:
    with pytest.raises(RuleViolation, match=r"92,233,720,368,547,758\.07"):
        checked_sum([INT64_MAX, 1], what="the balance")


@pytest.mark.parametrize("value", ["10000000.00", "-10000000.00", 10**7, "0.01"])
def test_amounts_up_to_the_maximum_are_accepted(value: object) -> None:
    assert abs(money_strict(value)) <= MAX_AMOUNT


@pytest.mark.parametrize("value", ["10000000.01", "-10000000.01", 10**15, Decimal("1e20")])
def test_amounts_beyond_the_maximum_are_refused(value: object) -> None:
    with pytest.raises(InvalidInput, match=r"at most 10,000,000\.00"):
        money_strict(value, field="price")


@pytest.mark.parametrize(
    "text", ["1_000", " 7.50 ", "7.50 ", "+7.50", "1e3", "NaN", "Infinity", "", ".5", "5.", "\u0667"]
)
def test_numbers_as_strings_must_be_plain_digits(text: str) -> None:
    with pytest.raises(InvalidInput, match="must be a number"):
        parse_decimal(text, field="amount")


def test_plain_digit_strings_are_exact() -> None:
    assert parse_decimal("-1234.50", field="x") == Decimal("-1234.50")


def test_quantities_have_a_maximum_and_three_decimals() -> None:
    assert quantity("1000000.000") == Decimal("1000000.000")
    with pytest.raises(InvalidInput, match="at most"):
        quantity("1000000.001")
    with pytest.raises(InvalidInput, match="3 decimals"):
        quantity("1.0001")


@pytest.mark.parametrize("text", ["1900-01-01", "2999-12-31", "2026-02-28"])
def test_days_inside_the_range(text: str) -> None:
    assert MIN_DAY <= parse_day(text) <= MAX_DAY


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("9999-12-31", "between 1900-01-01 and 2999-12-31"),
        ("1899-12-31", "between 1900-01-01 and 2999-12-31"),
        (date(3000, 1, 1), "between 1900-01-01 and 2999-12-31"),
        (" 2026-05-10", "valid date as YYYY-MM-DD"),
        ("2026-05-10 ", "valid date as YYYY-MM-DD"),
        ("20260510", "valid date as YYYY-MM-DD"),
        ("2026-02-30", "valid date as YYYY-MM-DD"),
        ("\uff12\uff10\uff12\uff16-05-10", "valid date as YYYY-MM-DD"),
    ],
)
def test_days_outside_the_range_or_loosely_written_are_refused(value: object, problem: str) -> None:
    with pytest.raises(InvalidInput, match=problem) as e:
        parse_day(value, field="date_to")
    assert e.value.field == "date_to" and e.value.message.startswith("date_to ")


def test_period_years_share_the_range() -> None:
    assert parse_year_month(2999, 12) == (2999, 12)
    with pytest.raises(InvalidInput, match="between 1900 and 2999"):
        parse_year_month(9999, 12)


@pytest.mark.parametrize(
    ("given_code", "stored"),
    [
        ("100.9123", "100.9123"),
        ("1101-001-000", "1101-001-000"),
        (" 101.01 ", "101.01"),
        ("\uff11\uff10\uff11.\uff10\uff11", "101.01"),
    ],
)
def test_codes_are_normalized_ascii(given_code: str, stored: str) -> None:
    assert parse_code(given_code) == stored


def test_sat_codes_take_only_ascii_digits() -> None:
    assert parse_sat_code("\uff16\uff10\uff11.\uff18\uff14") == "601.84"
    with pytest.raises(InvalidInput):
        parse_sat_code("601.\u0668\u0664")


def test_pins_take_only_ascii_digits() -> None:
    with pytest.raises(InvalidInput):
        validate_pin("\u0661\u0662\u0663\u0664")
