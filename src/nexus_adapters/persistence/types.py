"""Column types that keep the domain's values exact on every database.

* :class:`UtcDateTime` stores instants in UTC and always hands back an aware UTC ``datetime``
  (SQLite has no time zones and would otherwise return naive values).
* :class:`ScaledDecimal` and :class:`Cents` store a ``Decimal`` as an integer of minor units, so a
  value never passes through ``float`` and SQLite's loose ``NUMERIC`` affinity cannot round it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect, Integer
from sqlalchemy.types import TypeDecorator, TypeEngine

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
        if isinstance(value, bool) or not isinstance(value, Decimal | int):
            raise TypeError(f"expected Decimal or int, got {type(value).__name__} (floats are never stored)")
        scaled = Decimal(value).scaleb(self.places)
        if not scaled.is_finite() or scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than {self.places} decimals")
        return int(scaled)

    def process_result_value(self, value: int | None, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-self.places).quantize(Decimal(1).scaleb(-self.places))


class Cents(ScaledDecimal):
    """Money: ``Decimal`` with two places, stored as integer cents (``BIGINT``)."""

    cache_ok = True

    def __init__(self) -> None:
        super().__init__(places=2)
