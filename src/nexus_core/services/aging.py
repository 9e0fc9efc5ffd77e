"""Receivables aging (antigüedad de saldos) as of a day, the tenant's today by default."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from nexus_core.domain.days import check_day
from nexus_core.domain.money import ZERO
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor
from nexus_core.services.business_day import business_today
from nexus_core.services.runner import Deps, read_only


@attrs.frozen
class AgingBuckets:
    current: Decimal = ZERO
    days_1_30: Decimal = ZERO
    days_31_60: Decimal = ZERO
    days_61_90: Decimal = ZERO
    days_over_90: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.current + self.days_1_30 + self.days_31_60 + self.days_61_90 + self.days_over_90

    def add(self, days_past_due: int, amount: Decimal) -> AgingBuckets:
        return attrs.evolve(self, **{bucket_of(days_past_due): getattr(self, bucket_of(days_past_due)) + amount})

    def plus(self, other: AgingBuckets) -> AgingBuckets:
        return AgingBuckets(
            *(getattr(self, f) + getattr(other, f) for f in attrs.fields_dict(AgingBuckets))  # same field order
        )


def bucket_of(days_past_due: int) -> str:
    """Not yet due (or due today) is current; then 1-30, 31-60, 61-90 and over 90 days past due."""
    if days_past_due <= 0:
        return "current"
    if days_past_due <= 30:
        return "days_1_30"
    if days_past_due <= 60:
        return "days_31_60"
    if days_past_due <= 90:
        return "days_61_90"
    return "days_over_90"


@attrs.frozen
class AgingRow:
    customer_id: int
    name: str
    buckets: AgingBuckets


@attrs.frozen
class Aging:
    date: date
    customers: list[AgingRow]
    totals: AgingBuckets


@attrs.frozen
class GetAging:
    actor: Actor
    date: date | None = None


@read_only
def aging(cmd: GetAging, uow: UnitOfWork, deps: Deps) -> Aging:
    """Antigüedad de saldos: open customer charges by days past their due date, per customer."""
    cmd.actor.require("accounting.view")
    day = business_today(uow, deps) if cmd.date is None else check_day(cmd.date)
    by_customer: dict[int, tuple[str, AgingBuckets]] = {}
    for r in uow.receivables.list_open(day):
        name, buckets = by_customer.get(r.customer_id, (r.customer_name, AgingBuckets()))
        by_customer[r.customer_id] = (name, buckets.add((day - r.due_date).days, r.open_amount))
    rows = [AgingRow(cid, name, b) for cid, (name, b) in by_customer.items()]
    rows.sort(key=lambda r: (r.name.casefold(), r.customer_id))
    totals = AgingBuckets()
    for row in rows:
        totals = totals.plus(row.buckets)
    return Aging(date=day, customers=rows, totals=totals)
