"""Inventory alerts and the five reports (docs/inventory.md#reports), answered by the database's
aggregates through :class:`~nexus_core.ports.inventory_queries.InventoryQueries`.

Periods are the tenant's business days: ``days=90`` means the 90 local days ending today, except
ABC: the 90 complete local days that ended yesterday (a closed window never changes, so it is
classified once and kept; today's sales enter tomorrow).
"""

from __future__ import annotations

from datetime import date, timedelta

import attrs

from nexus_core.errors import InvalidInput
from nexus_core.ports.inventory_queries import AbcReport, Alerts, BranchRow, Page, Paged, StockRow, Valuation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor
from nexus_core.services.business_day import business_today
from nexus_core.services.inventory_lists import check_branch, page_of
from nexus_core.services.items import require_item
from nexus_core.services.runner import Deps, read_only

MAX_DAYS = 3650
MAX_ALERTS = 500


@attrs.frozen
class ReportQuery:
    actor: Actor
    branch_id: int | None = None
    days: int = 90
    page: int = 1
    per_page: int = 50


def _since(uow: UnitOfWork, deps: Deps, days: int) -> tuple[date, date]:
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(f"days must be between 1 and {MAX_DAYS}", field="days")
    today = business_today(uow, deps)
    return today - timedelta(days=days - 1), today


def _start(cmd: ReportQuery, uow: UnitOfWork) -> Page:
    cmd.actor.require("inventory.view")
    page = page_of(cmd.page, cmd.per_page)
    check_branch(uow, cmd.branch_id)
    return page


@attrs.frozen
class GetAlerts:
    actor: Actor
    branch_id: int | None = None
    limit: int = 100


@read_only
def inventory_alerts(cmd: GetAlerts, uow: UnitOfWork, deps: Deps) -> Alerts:
    cmd.actor.require("inventory.view")
    if not 1 <= cmd.limit <= MAX_ALERTS:
        raise InvalidInput(f"limit must be between 1 and {MAX_ALERTS}", field="limit")
    check_branch(uow, cmd.branch_id)
    return uow.inventory_queries.alerts(cmd.branch_id, limit=cmd.limit)


@read_only
def valuation_report(cmd: ReportQuery, uow: UnitOfWork, deps: Deps) -> tuple[Valuation, Page]:
    page = _start(cmd, uow)
    return uow.inventory_queries.valuation(cmd.branch_id, page), page


@attrs.frozen
class Dated:
    """A report over a period: its first and last local day."""

    since: date
    until: date


def closed_days(uow: UnitOfWork, deps: Deps, days: int) -> Dated:
    """The ``days`` complete local days that ended yesterday."""
    since, today = _since(uow, deps, days)
    return Dated(since - timedelta(days=1), today - timedelta(days=1))


@read_only
def abc_report(cmd: ReportQuery, uow: UnitOfWork, deps: Deps) -> tuple[AbcReport, Page, Dated]:
    page = _start(cmd, uow)
    window = closed_days(uow, deps, cmd.days)
    return uow.inventory_queries.abc(cmd.branch_id, window.since, window.until, page), page, window


@read_only
def no_movement_report(cmd: ReportQuery, uow: UnitOfWork, deps: Deps) -> tuple[Paged[StockRow], Page, Dated]:
    page = _start(cmd, uow)
    since, today = _since(uow, deps, cmd.days)
    return uow.inventory_queries.no_movement(cmd.branch_id, since, page), page, Dated(since, today)


@read_only
def low_stock_report(cmd: ReportQuery, uow: UnitOfWork, deps: Deps) -> tuple[Paged[StockRow], Page]:
    page = _start(cmd, uow)
    return uow.inventory_queries.low_stock(cmd.branch_id, page), page


@attrs.frozen
class CompareBranches:
    actor: Actor
    inventory_id: int | None = None


@read_only
def branch_comparison(cmd: CompareBranches, uow: UnitOfWork, deps: Deps) -> list[BranchRow]:
    cmd.actor.require("inventory.view")
    if cmd.inventory_id is not None:
        require_item(uow, cmd.inventory_id)
    return uow.inventory_queries.branch_comparison(cmd.inventory_id)
