"""The business day is the tenant's: at 23:30 in Mexico City (05:30Z the next day) it is still the
local day for postings, report defaults and period closes; timestamps stay UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from nexus_core.errors import InvalidInput, RuleViolation
from nexus_core.services import ledger_reports as R
from nexus_core.services import tenant_settings as S
from nexus_core.services.authz import Actor
from nexus_core.services.tenants import CreateTenant, create_tenant
from nexus_core.testing import FakeClock, in_memory_nexus

from .conftest import Books, make_books

# 2027-03-31 23:30 in Mexico City (UTC-6, no daylight saving time since 2022)
LATE_EVENING = datetime(2027, 4, 1, 5, 30, tzinfo=UTC)


@pytest.fixture
def evening() -> Books:
    books = make_books(now=LATE_EVENING)
    books.manual("2027-03-01", ("101.01", "1000.00", "0"), ("301.01", "0", "1000.00"))
    return books


def test_at_23_30_local_the_month_has_not_ended_and_cannot_be_closed(evening: Books) -> None:
    with pytest.raises(RuleViolation, match="period 2027-03 has not ended yet"):
        evening.close(2027, 3)


def test_at_23_30_local_a_posting_dated_today_is_accepted(evening: Books) -> None:
    entry = evening.manual("2027-03-31", ("601.84.01", "250.00", "0"), ("101.01", "0", "250.00"))
    assert entry.date == date(2027, 3, 31)


def test_at_23_30_local_reports_default_to_the_local_day(evening: Books) -> None:
    tb = evening.run(R.trial_balance, R.GetTrialBalance(evening.op))
    assert (tb.date_from, tb.date_to) == (date(2027, 3, 1), date(2027, 3, 31))
    assert tb.totals.period_debit == 1000
    sheet = evening.run(R.balance_sheet, R.GetBalanceSheet(evening.op))
    assert sheet.date == date(2027, 3, 31)
    assert evening.run(R.aging, R.GetAging(evening.op)).date == date(2027, 3, 31)


def test_at_local_midnight_the_month_closes_and_keeps_a_utc_timestamp(evening: Books) -> None:
    evening.clock.advance(timedelta(minutes=30))  # 00:00 on 1 April in Mexico City, 06:00Z
    closed = evening.close(2027, 3)
    assert closed.period.is_closed
    assert closed.period.closed_at == datetime(2027, 4, 1, 6, 0, tzinfo=UTC)
    with pytest.raises(RuleViolation, match="period 2027-03 is closed"):
        evening.manual("2027-03-31", ("601.84.01", "1.00", "0"), ("101.01", "0", "1.00"))


def test_a_tenant_east_of_utc_is_already_in_the_next_day() -> None:
    clock = FakeClock(datetime(2027, 3, 31, 20, 0, tzinfo=UTC))  # 05:00 on 1 April in Tokyo
    nexus = in_memory_nexus(clock)
    made = nexus.run_platform(
        create_tenant, CreateTenant(name="Tokyo Parts", owner_name="Ken", owner_pin="4321", timezone="Asia/Tokyo")
    )
    books = Books(nexus, clock, made.tenant_id, made.branch_id, Actor.operator(made.tenant_id))
    books.manual("2027-03-10", ("101.01", "10.00", "0"), ("301.01", "0", "10.00"))
    assert books.close(2027, 3).period.is_closed
    tb = books.run(R.trial_balance, R.GetTrialBalance(books.op))
    assert tb.date_to == date(2027, 4, 1)


def test_tenants_get_the_installation_default_zone_and_refuse_unknown_ones() -> None:
    nexus = in_memory_nexus()
    made = nexus.run_platform(create_tenant, CreateTenant(name="Uno", owner_name="Ana", owner_pin="4321"))
    settings = nexus.run(made.tenant_id, S.get_business_settings, S.GetBusinessSettings(Actor.operator(1)))
    assert settings.timezone == "America/Mexico_City"
    with pytest.raises(InvalidInput, match="timezone must be an IANA time zone"):
        nexus.run_platform(
            create_tenant, CreateTenant(name="Dos", owner_name="Ana", owner_pin="4321", timezone="Mars/Olympus")
        )


def test_changing_the_zone_moves_the_business_day(evening: Books) -> None:
    changed = evening.run(S.update_business_settings, S.UpdateBusinessSettings(evening.op, timezone="UTC"))
    assert changed.timezone == "UTC"
    assert evening.close(2027, 3).period.is_closed  # in UTC it is already April
    with pytest.raises(InvalidInput, match="timezone"):
        evening.run(S.update_business_settings, S.UpdateBusinessSettings(evening.op, timezone="not a zone"))
