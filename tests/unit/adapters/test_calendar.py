"""The real business calendar (zoneinfo) and the fake agree at the day boundary."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

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


def test_a_tenants_zone_is_kept_about_a_second_and_forgotten_on_change() -> None:
    clock = FakeClock(datetime(2027, 4, 1, 5, 30, tzinfo=UTC))
    calendar = ZoneInfoCalendar(clock)
    reads: list[int] = []
    stored = {1: "America/Mexico_City", 2: "Asia/Tokyo"}

    def read(tenant_id: int):  # type: ignore[no-untyped-def]
        def _read() -> str:
            reads.append(tenant_id)
            return stored[tenant_id]

        return _read

    assert calendar.tenant_zone(1, read(1)) == "America/Mexico_City"
    assert calendar.tenant_zone(2, read(2)) == "Asia/Tokyo"
    stored[1] = "America/Tijuana"
    assert calendar.tenant_zone(1, read(1)) == "America/Mexico_City"  # kept: at most a second old
    assert reads == [1, 2]
    clock.advance(timedelta(seconds=1))
    assert calendar.tenant_zone(1, read(1)) == "America/Tijuana"  # a change reaches us within the second
    stored[2] = "America/Lima"
    calendar.forget_zone(2)  # this process changed it: seen at once
    assert calendar.tenant_zone(2, read(2)) == "America/Lima"

    def missing() -> str:
        raise LookupError("no such tenant")

    with pytest.raises(LookupError):
        calendar.tenant_zone(3, missing)
    with pytest.raises(LookupError):  # a failed read is not kept
        calendar.tenant_zone(3, missing)
