"""The counter's lists: sales with filters (``GET /pos/api/sales``), the register history of closed
sessions with their frozen Z figures (``GET /register/history``) and the day's consolidated summary
of every register (``GET /register/daily-summary``). Days are the tenant's business days."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from nexus_core.domain.daily_summary import DailySummary, daily_summary
from nexus_core.domain.days import parse_day
from nexus_core.domain.register import RegisterSession
from nexus_core.domain.sales import SaleStatus
from nexus_core.errors import InvalidInput
from nexus_core.ports.inventory_queries import Page, Paged
from nexus_core.ports.selling_queries import SaleFilter, SaleRow
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor
from nexus_core.services.business_day import business_today
from nexus_core.services.inventory_lists import page_of
from nexus_core.services.runner import Deps, read_only


def _day(value: Any, field: str) -> date | None:
    return None if value is None else parse_day(value, field=field)


def _range(date_from: Any, date_to: Any) -> tuple[date | None, date | None]:
    start, end = _day(date_from, "date_from"), _day(date_to, "date_to")
    if start is not None and end is not None and start > end:
        raise InvalidInput("date_from must not be after date_to", field="date_from")
    return start, end


def _status(value: Any) -> str | None:
    if value is None:
        return None
    try:
        return SaleStatus(str(value)).value
    except ValueError:
        names = ", ".join(s.value for s in SaleStatus)
        raise InvalidInput(f"status must be one of {names}", field="status") from None


@attrs.frozen
class ListSales:
    actor: Actor
    date_from: Any = None
    date_to: Any = None
    employee_id: int | None = None
    customer_id: int | None = None
    status: Any = None
    register_id: int | None = None
    page: int = 1
    per_page: int = 50


@read_only
def list_sales(cmd: ListSales, uow: UnitOfWork, deps: Deps) -> tuple[Paged[SaleRow], Page]:
    """Sales newest first; every filter given must match (ids of another tenant match nothing)."""
    cmd.actor.require("pos.view")
    start, end = _range(cmd.date_from, cmd.date_to)
    page = page_of(cmd.page, cmd.per_page)
    f = SaleFilter(start, end, cmd.employee_id, cmd.customer_id, cmd.register_id, _status(cmd.status))
    return uow.selling_queries.sales(f, page), page


@attrs.frozen
class RegisterHistory:
    actor: Actor
    date_from: Any = None
    date_to: Any = None
    page: int = 1
    per_page: int = 50


@read_only
def register_history(cmd: RegisterHistory, uow: UnitOfWork, deps: Deps) -> tuple[Paged[RegisterSession], Page]:
    """Closed sessions (by the day of their Z cut), newest first, with their frozen figures."""
    cmd.actor.require("pos.sell")
    start, end = _range(cmd.date_from, cmd.date_to)
    page = page_of(cmd.page, cmd.per_page)
    return uow.selling_queries.closed_sessions(start, end, page), page


@attrs.frozen
class DailySummaryQuery:
    actor: Actor
    date: Any = None  # the tenant's today when omitted


@read_only
def register_daily_summary(cmd: DailySummaryQuery, uow: UnitOfWork, deps: Deps) -> DailySummary:
    """Every register opened on the day, consolidated (totals per tender, counts, cancellations,
    returns, movements, Z differences)."""
    cmd.actor.require("pos.sell")
    day = business_today(uow, deps) if cmd.date is None else parse_day(cmd.date, field="date")
    return daily_summary(day, uow.selling_queries.sessions_of_day(day))
