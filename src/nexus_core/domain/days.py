"""Calendar days as Nexus accepts them: ``YYYY-MM-DD``, from 1900-01-01 to 2999-12-31 (ADR 17).

The range keeps every computation a report makes around a day (the next day, the end of its
month, the next month) inside what ``datetime.date`` can hold, and nobody keeps books for 2999.

Two steps, each done once: the HTTP edge turns text into a ``date`` with :func:`day_from_text`
(the form: exactly ``YYYY-MM-DD``, a real calendar day); the core checks the range with
:func:`check_day` wherever a command's day enters the books or a report. :func:`parse_day` does both,
for scripts and the command line that start from text.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

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
    """``day`` unchanged when inside the accepted range, else :class:`InvalidInput`.

    The core's one check of a command's day. A script that passes something other than a ``date``
    (commands are typed ``date``) gets :class:`InvalidInput` too, not a ``TypeError``.
    """
    if isinstance(day, datetime) or not isinstance(day, date):
        raise DayError(field, "must be a date (datetime.date), not " + type(day).__name__)
    if not MIN_DAY <= day <= MAX_DAY:
        raise DayError(field, DAY_RANGE_PROBLEM)
    return day


def day_from_text(text: str, *, field: str = "date") -> date:
    """Exactly ``YYYY-MM-DD`` naming a real calendar day (no spaces, no other ISO forms); the range is
    not checked here (that is :func:`check_day`, in the core)."""
    if not _DAY_TEXT.match(text):
        raise DayError(field, DAY_FORMAT_PROBLEM)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DayError(field, DAY_FORMAT_PROBLEM) from None


def parse_day(value: object, *, field: str = "date") -> date:
    """A day in the accepted range from a ``date`` or exactly ``YYYY-MM-DD``: for scripts and the
    command line, which start from text; use cases receive ``date`` and only :func:`check_day` it."""
    if isinstance(value, str):
        return check_day(day_from_text(value, field=field), field=field)
    if isinstance(value, datetime):
        raise DayError(field, "must be a date (YYYY-MM-DD), not a timestamp")
    if isinstance(value, date):
        return check_day(value, field=field)
    raise DayError(field, DAY_TYPE_PROBLEM)


def instant_text(moment: datetime) -> str:
    """How Nexus writes an instant (``closed_at``) on the API and the command line alike: UTC, to the
    second, without an offset, e.g. ``2026-04-05T10:00:00`` (docs/api.md#dates-and-times)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="seconds")
