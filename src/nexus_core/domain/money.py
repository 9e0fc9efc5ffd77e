"""Money is ``Decimal`` with two places, rounded half-up at defined points.

Floats are refused everywhere: a float has already lost the cent it was meant to carry.
Persistence stores integer minor units (cents); :func:`to_cents` and :func:`from_cents`
are the only crossing points.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from nexus_core.errors import InvalidInput, RuleViolation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

# --- Bounds (ADR 17) ------------------------------------------------------------------------------
# Every maintained total is a signed 64-bit integer of minor units. One amount is at most 10^9 cents,
# so 10^9 postings of the maximum into one account sum to 10^18 < 2^63 - 1 (about 9.2 x 10^18): even
# 9.2 x 10^9 postings of the maximum fit. The same reasoning holds for quantities in thousandths.
INT64_MAX = 2**63 - 1
MAX_AMOUNT = Decimal("10000000.00")  # ten million pesos per amount (line, price, payment ...)
MAX_AMOUNT_CENTS = 10**9
MAX_QUANTITY = Decimal("1000000.000")  # one million units per quantity, at most three decimals
QUANTITY_PLACES = 3

# A number written as a string: optional minus, ASCII digits, optional fraction. No spaces, no "_",
# no "+", no exponent, no "NaN": a client that sends a string must send exactly the digits it means.
_NUMBER_TEXT = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def parse_decimal(value: object, *, field: str) -> Decimal:
    """Exact decimal from an ``int``, ``Decimal`` or numeric ``str``; floats and bools are refused."""
    if isinstance(value, (bool, float)):
        raise InvalidInput(f"{field} must be an exact decimal, not a float", field=field)
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        if len(value) > 40 or not _NUMBER_TEXT.match(value):
            raise InvalidInput(f"{field} must be a number such as 1234.50 (digits, no spaces)", field=field)
        result = Decimal(value)
    else:
        raise InvalidInput(f"{field} must be a number", field=field)
    if not result.is_finite():
        raise InvalidInput(f"{field} must be a finite number", field=field)
    return result


def money(value: object, *, field: str = "amount") -> Decimal:
    """An amount of money quantized to cents (half-up)."""
    return round_money(parse_decimal(value, field=field))


def money_strict(value: object, *, field: str = "amount") -> Decimal:
    """An amount given by a client: more than two decimals is an error, not a rounding; beyond
    :data:`MAX_AMOUNT` (either sign) is refused."""
    amount = parse_decimal(value, field=field)
    if abs(amount) > MAX_AMOUNT:
        raise InvalidInput(f"{field} must be at most {MAX_AMOUNT:,} (the largest amount Nexus keeps)", field=field)
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise InvalidInput(f"{field} must have at most 2 decimals", field=field)
    return amount.quantize(CENT)


def check_amount(amount: Decimal, *, field: str = "amount") -> Decimal:
    """``amount`` unchanged when within :data:`MAX_AMOUNT` (either sign), else :class:`InvalidInput`."""
    if abs(amount) > MAX_AMOUNT:
        raise InvalidInput(f"{field} must be at most {MAX_AMOUNT:,} (the largest amount Nexus keeps)", field=field)
    return amount


def quantity(value: object, *, field: str = "quantity") -> Decimal:
    """A quantity given by a client: at most three decimals and at most :data:`MAX_QUANTITY`."""
    amount = parse_decimal(value, field=field)
    if abs(amount) > MAX_QUANTITY:
        raise InvalidInput(f"{field} must be at most {MAX_QUANTITY:,}", field=field)
    places = Decimal(1).scaleb(-QUANTITY_PLACES)
    if amount != amount.quantize(places):
        raise InvalidInput(f"{field} must have at most {QUANTITY_PLACES} decimals", field=field)
    return amount.quantize(places)


class TotalOutOfRange(RuleViolation):
    """A maintained total would leave the signed 64-bit range of minor units."""


def checked_add(total: int, amount: int, *, what: str = "total") -> int:
    """``total + amount`` in integers, refused (not wrapped, not turned into a float) beyond 64 bits."""
    result = total + amount
    if not -INT64_MAX <= result <= INT64_MAX:
        raise TotalOutOfRange(f"{what} would exceed the largest total Nexus keeps ({from_cents(INT64_MAX):,})")
    return result


def checked_sum(amounts: Iterable[int], *, what: str = "total") -> int:
    """The integer sum of minor units with an explicit 64-bit check after every addition."""
    total = 0
    for amount in amounts:
        total = checked_add(total, amount, what=what)
    return total


def round_money(amount: Decimal) -> Decimal:
    """The one rounding rule: half-up to the cent."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def to_cents(amount: Decimal) -> int:
    """Integer minor units; the amount must already be a whole number of cents."""
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"{amount} is not a whole number of cents")
    return int(cents)


def from_cents(cents: int) -> Decimal:
    """Inverse of :func:`to_cents`."""
    return (Decimal(cents) / 100).quantize(CENT)
