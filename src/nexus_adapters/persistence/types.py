"""Column types that keep the domain's values exact on every database.

* :class:`UtcDateTime` stores instants in UTC and always hands back an aware UTC ``datetime``
  (SQLite has no time zones and would otherwise return naive values).
* :class:`ScaledDecimal` and :class:`Cents` store a ``Decimal`` as an integer of minor units, so a
  value never passes through ``float`` and SQLite's loose ``NUMERIC`` affinity cannot round it.
* :func:`integer_checks` and :func:`amount_bound_checks` are the CHECK constraints of money columns
  (ADR 17): on SQLite an integer that overflows in ``debit + :x`` silently becomes a REAL, which
  ``typeof(x) = 'integer'`` refuses; :func:`refusing_overflow` turns that refusal (and PostgreSQL's
  ``bigint out of range``) into the domain's :class:`TotalOutOfRange`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, DateTime, Dialect, Integer
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.types import TypeDecorator, TypeEngine

from nexus_core.domain.money import INT64_MAX, MAX_AMOUNT_CENTS, TotalOutOfRange, from_cents

# Primary keys: BIGINT on PostgreSQL; on SQLite only ``INTEGER PRIMARY KEY`` aliases the rowid
# (and so autoincrements), hence the variant.
Id: TypeEngine[int] = BigInteger().with_variant(Integer(), "sqlite")


class UtcDateTime(TypeDecorator[datetime]):
    """An instant. Naive datetimes are refused: their zone is a guess."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime refused: give a timezone-aware (UTC) value")
        utc = value.astimezone(UTC)
        # SQLite stores text; a fixed naive-UTC form also keeps comparisons (``at >= :since``) correct.
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class ScaledDecimal(TypeDecorator[Decimal]):
    """A ``Decimal`` with ``places`` decimals, stored as the integer ``value * 10**places``.

    Floats are refused and so is a value with more decimals than the column holds: rounding is
    the domain's job (one explicit ``ROUND_HALF_UP``), never the database's.
    """

    impl = BigInteger
    cache_ok = True

    def __init__(self, places: int = 2) -> None:
        super().__init__()
        self.places = places

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if value.__class__ is not Decimal:  # the common case skips the checks and the copy (ADR 33)
            if isinstance(value, bool) or not isinstance(value, Decimal | int):
                raise TypeError(f"expected Decimal or int, got {type(value).__name__} (floats are never stored)")
            value = Decimal(value)
        scaled = value.scaleb(self.places)
        if scaled.is_finite():
            whole = int(scaled)
            if whole == scaled:
                return whole
        raise ValueError(f"{value} has more than {self.places} decimals")

    def bind_processor(self, dialect: Dialect) -> Callable[[Any], Any] | None:
        """:meth:`process_bind_param` with its common case (a finite ``Decimal`` that fits) inlined: a sale
        binds some 150 amounts (docs/adr/0033-counter-speed.md). Everything else takes the full method."""
        if self.impl_instance.bind_processor(dialect) is not None:
            return super().bind_processor(dialect)  # pragma: no cover - neither driver has one for integers
        exp, full = self.places, self.process_bind_param

        def process(value: Any) -> Any:
            if value.__class__ is Decimal:
                scaled = value.scaleb(exp)
                if scaled.is_finite():
                    whole = int(scaled)
                    if whole == scaled:
                        return whole
            return full(value, dialect)

        return process

    def process_result_value(self, value: int | None, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        # scaleb keeps the exponent at -places (``Decimal(0).scaleb(-2)`` is ``0.00``): no quantize needed.
        return Decimal(int(value)).scaleb(-self.places)


class Cents(ScaledDecimal):
    """Money: ``Decimal`` with two places, stored as integer cents (``BIGINT``)."""

    cache_ok = True

    def __init__(self) -> None:
        super().__init__(places=2)


# --- bounds (ADR 17) -----------------------------------------------------------------------------


def integer_checks(*columns: str) -> list[CheckConstraint]:
    """SQLite only (PostgreSQL's BIGINT cannot hold anything else): the columns stay integers, so an
    overflowing sum fails loudly instead of becoming a float. NULL passes (nullability is separate)."""
    return [
        CheckConstraint(f"typeof({c}) IN ('integer', 'null')", name=f"{c}_integer").ddl_if(dialect="sqlite")
        for c in columns
    ]


def amount_bound_checks(*columns: str) -> list[CheckConstraint]:
    """Each column holds one amount: at most ``MAX_AMOUNT`` (10^9 cents) either way."""
    return [
        CheckConstraint(f"{c} BETWEEN -{MAX_AMOUNT_CENTS} AND {MAX_AMOUNT_CENTS}", name=f"{c}_bound") for c in columns
    ]


_OVERFLOW_SIGNS = ("_integer", "out of range", "integer overflow")


@contextmanager
def refusing_overflow(what: str) -> Iterator[None]:
    """Statements that add to maintained totals: a total leaving 64 bits is a clear refusal, not a 500."""
    try:
        yield
    except (IntegrityError, DataError, OperationalError) as exc:
        text = str(exc.orig)
        if not any(sign in text for sign in _OVERFLOW_SIGNS):
            raise
        raise TotalOutOfRange(
            f"{what} would exceed the largest total Nexus keeps ({from_cents(INT64_MAX):,})"
        ) from None
