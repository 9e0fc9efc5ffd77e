from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nexus_core.domain.money import from_cents, money, money_strict, round_money, to_cents
from nexus_core.errors import InvalidInput

cents = st.integers(min_value=-(10**15), max_value=10**15)


@given(cents)
def test_cents_round_trip_is_exact(c: int) -> None:
    assert to_cents(from_cents(c)) == c


@given(st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, allow_infinity=False, places=6))
def test_rounding_is_half_up_to_the_cent(d: Decimal) -> None:
    r = round_money(d)
    assert r.as_tuple().exponent == -2
    assert abs(r - d) <= Decimal("0.005")
    # half-up: exactly halfway rounds away from zero
    if abs(d - r) == Decimal("0.005"):
        assert abs(r) > abs(d)


@pytest.mark.parametrize("value", [1.5, 0.1, float("nan"), True])
def test_floats_and_bools_are_refused(value: object) -> None:
    with pytest.raises(InvalidInput) as err:
        money(value, field="amount_paid")
    assert err.value.field == "amount_paid"


@pytest.mark.parametrize("value", ["NaN", "Infinity", "abc", None, [1]])
def test_non_numbers_are_refused(value: object) -> None:
    with pytest.raises(InvalidInput):
        money(value)


def test_known_half_up_cases() -> None:
    assert money(Decimal("2.675")) == Decimal("2.68")
    assert money(Decimal("-2.675")) == Decimal("-2.68")
    assert money("812") == Decimal("812.00")


def test_strict_money_refuses_sub_cent_amounts() -> None:
    assert money_strict(Decimal("10.50")) == Decimal("10.50")
    with pytest.raises(InvalidInput, match="at most 2 decimals"):
        money_strict(Decimal("10.505"))


def test_to_cents_refuses_fractions_of_a_cent() -> None:
    with pytest.raises(ValueError):
        to_cents(Decimal("0.001"))
