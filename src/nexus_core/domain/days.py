"""Calendar days as Nexus accepts them: ``YYYY-MM-DD``, from 1900-01-01 to 2999-12-31 (ADR 17).

The range keeps every computation a report makes around a day (the next day, the end of its
month, the next month) inside what ``datetime.date`` can hold, and nobody keeps books for 2999.
The HTTP edge and the core parse with the same function, so a client and a script get the same
message.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from nexus_core.errors import InvalidInput

MIN_DAY = date(1900, 1, 1)
MAX_DAY = date(2999, 12, 31)
MIN_YEAR, MAX_YEAR = MIN_DAY.year, MAX_DAY.year

_DAY_TEXT = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


# The problems, without the field's name: the HTTP edge's converter words its errors "<field> <problem>".
DAY_FORMAT_PROBLEM = "must be a valid date as YYYY-MM-DD"
DAY_RANGE_PROBLEM = f"must be between {MIN_DAY.isoformat()} and {MAX_DAY.isoformat()}"
DAY_TYPE_PROBLEM = "must be a date as YYYY-MM-DD"


class DayError(InvalidInput):
    """A day refused; ``problem`` is the message without the field's name."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field} {problem}", field=field)
        self.problem = problem


def check_day(day: date, *, field: str = "date") -> date:
    """``day`` unchanged when inside the accepted range, else :class:`InvalidInput`."""
    if not MIN_DAY <= day <= MAX_DAY:
        raise DayError(field, DAY_RANGE_PROBLEM)
    return day


def parse_day(value: object, *, field: str = "date") -> date:
    """A calendar day from a ``date`` or exactly ``YYYY-MM-DD`` (no spaces, no other ISO forms)."""
    if isinstance(value, datetime):
        raise DayError(field, "must be a date (YYYY-MM-DD), not a timestamp")
    if isinstance(value, date):
        return check_day(value, field=field)
    if isinstance(value, str):
        if not _DAY_TEXT.match(value):
            raise DayError(field, DAY_FORMAT_PROBLEM)
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise DayError(field, DAY_FORMAT_PROBLEM) from None
        return check_day(day, field=field)
    raise DayError(field, DAY_TYPE_PROBLEM)
