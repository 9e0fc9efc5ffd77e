"""The supplier portal (docs/insight.md#supplier-portal): anonymous demand per zone, part group and ISO
week, and the best-moving parts with their available stock, from the maintained sales aggregates.

Only aggregates leave: no ticket, folio, customer or employee. Zones are the branches' postal codes
(:mod:`nexus_core.domain.zones`).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.sales_stats import fold_weeks
from nexus_core.domain.stock import QTY_ZERO
from nexus_core.domain.zones import Zone, zone_of
from nexus_core.errors import InvalidInput, NotFound
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor
from nexus_core.services.business_day import business_today
from nexus_core.services.runner import Deps, read_only

PERMISSION = "supplier_portal.view"
MAX_DAYS = 366
TOP_PARTS = 50


def parse_days(value: Any) -> int:
    """``days``: a whole number of local days ending today, 1 to :data:`MAX_DAYS`."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DAYS:
        raise InvalidInput(f"days must be a positive whole number of days, at most {MAX_DAYS}", field="days")
    return value


def _window(uow: UnitOfWork, deps: Deps, days: Any) -> tuple[date, date]:
    n = parse_days(days)
    today = business_today(uow, deps)
    return today - timedelta(days=n - 1), today


@attrs.frozen
class DemandRow:
    zone: Zone
    week: str
    group_id: int | None
    group_name: str | None
    quantity: Decimal


@attrs.frozen
class Demand:
    date_from: date
    date_to: date
    rows: list[DemandRow]


@attrs.frozen
class GetDemand:
    actor: Actor
    days: Any = 30
    group_id: int | None = None
    branch_id: int | None = None


@read_only
def demand(cmd: GetDemand, uow: UnitOfWork, deps: Deps) -> Demand:
    """Quantities sold per zone, part group and ISO week over the last ``days`` local days."""
    cmd.actor.require(PERMISSION)
    first, last = _window(uow, deps, cmd.days)
    if cmd.branch_id is not None and uow.branches.get(cmd.branch_id) is None:
        raise NotFound(f"branch {cmd.branch_id} not found", field="branch_id")
    if cmd.group_id is not None and uow.categories.get(cmd.group_id) is None:
        raise NotFound(f"group {cmd.group_id} not found", field="group_id")
    zones = {b.id: zone_of(b.address) for b in uow.branches.list()}
    groups = {c.id: c.name for c in uow.categories.list()}
    by_key = {z.key: z for z in zones.values()}
    rows = uow.sales_stats.demand(first, last, branch_id=cmd.branch_id, category_id=cmd.group_id)
    folded = fold_weeks([(day, zones[branch].key, group, qty) for day, branch, group, qty in rows])
    out = [
        DemandRow(by_key[zone], week, group, None if group is None else groups.get(group), qty)
        for (zone, week, group), qty in folded.items()
    ]
    out.sort(key=lambda r: (r.week, r.zone.key, -1 if r.group_id is None else r.group_id))
    return Demand(first, last, out)


@attrs.frozen
class TopPart:
    item_id: int
    part_number: str | None
    name: str
    brand: str | None
    group_id: int | None
    quantity_sold: Decimal
    available: Decimal


@attrs.frozen
class GetTopParts:
    actor: Actor
    days: Any = 30


@read_only
def top_parts(cmd: GetTopParts, uow: UnitOfWork, deps: Deps) -> tuple[date, date, list[TopPart]]:
    """The :data:`TOP_PARTS` items sold most (by quantity) in the window, with their available stock
    (on hand less reserved) over every branch."""
    cmd.actor.require(PERMISSION)
    first, last = _window(uow, deps, cmd.days)
    top = uow.sales_stats.top_items(first, last, TOP_PARTS)
    ids = [t.item_id for t in top]
    items = uow.items.get_many(ids)
    available = dict.fromkeys(ids, QTY_ZERO)
    for branch in uow.branches.list():
        assert branch.id is not None
        for item_id, balance in uow.stock.for_items(ids, branch.id).items():
            available[item_id] += balance.available
    parts = [
        TopPart(
            t.item_id,
            items[t.item_id].part_number,
            items[t.item_id].name,
            items[t.item_id].brand,
            items[t.item_id].category_id,
            t.quantity,
            available[t.item_id],
        )
        for t in top
        if t.item_id in items
    ]
    return first, last, parts
