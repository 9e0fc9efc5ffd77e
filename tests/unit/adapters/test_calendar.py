"""The real business calendar (zoneinfo) and the fake agree at the day boundary."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from nexus_adapters.calendar import ZoneInfoCalendar
from nexus_adapters.settings import Settings, SettingsError
from nexus_core.testing import FakeCalendar, FakeClock


@pytest.mark.parametrize("make", [ZoneInfoCalendar, FakeCalendar])
def test_23_30_in_mexico_city_is_05_30z_of_the_next_day(make) -> None:
    calendar = make(FakeClock(datetime(2027, 4, 1, 5, 30, tzinfo=UTC)))
    assert calendar.today("America/Mexico_City") == date(2027, 3, 31)
    assert calendar.local_now("America/Mexico_City").hour == 23
    assert calendar.today("Asia/Tokyo") == date(2027, 4, 1)
    assert calendar.is_zone("America/Mexico_City") and not calendar.is_zone("Mars/Olympus")


def test_the_default_zone_of_new_tenants_comes_from_the_environment() -> None:
    assert Settings.from_env({}).default_timezone == "America/Mexico_City"
    assert Settings.from_env({"NEXUS_DEFAULT_TIMEZONE": "America/Lima"}).default_timezone == "America/Lima"
    with pytest.raises(SettingsError, match="NEXUS_DEFAULT_TIMEZONE"):
        Settings.from_env({"NEXUS_DEFAULT_TIMEZONE": "Mars/Olympus"})
