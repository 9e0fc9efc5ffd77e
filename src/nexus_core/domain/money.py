"""Money is ``Decimal`` with two places, rounded half-up at defined points.

Floats are refused everywhere: a float has already lost the cent it was meant to carry.
Persistence stores integer minor units (cents); :func:`to_cents` and :func:`from_cents`
are the only crossing points.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from nexus_core.errors import InvalidInput

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def parse_decimal(value: object, *, field: str) -> Decimal:
    """Exact decimal from an ``int``, ``Decimal`` or numeric ``str``; floats and bools are refused."""
    if isinstance(value, (bool, float)):
        raise InvalidInput(f"{field} must be an exact decimal, not a float", field=field)
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidInput(f"{field} must be a number", field=field) from None
    else:
        raise InvalidInput(f"{field} must be a number", field=field)
    if not result.is_finite():
        raise InvalidInput(f"{field} must be a finite number", field=field)
    return result


def money(value: object, *, field: str = "amount") -> Decimal:
    """An amount of money quantized to cents (half-up)."""
    return round_money(parse_decimal(value, field=field))


def money_strict(value: object, *, field: str = "amount") -> Decimal:
    """An amount given by a client: more than two decimals is an error, not a rounding."""
    amount = parse_decimal(value, field=field)
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise InvalidInput(f"{field} must have at most 2 decimals", field=field)
    return amount.quantize(CENT)


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
