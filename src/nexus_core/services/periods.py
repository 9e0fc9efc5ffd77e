"""Fiscal periods: listing them and closing a finished month (its closing entry goes through
the one write path, :func:`nexus_core.services.posting.post_entry`)."""

from __future__ import annotations

import attrs

from nexus_core.domain import chart
from nexus_core.domain.ledger import DraftLine, EntryDraft, EntryType
from nexus_core.domain.money import ZERO
from nexus_core.domain.periods import FiscalPeriod, first_day, last_day, next_month, parse_year_month, period_label
from nexus_core.errors import RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.business_day import business_today
from nexus_core.services.chart import accounts_by_id
from nexus_core.services.posting import PostEntry, actor_name, post_entry
from nexus_core.services.runner import Deps, read_only


@attrs.frozen
class ListPeriods:
    actor: Actor


@read_only
def list_periods(cmd: ListPeriods, uow: UnitOfWork, deps: Deps) -> list[FiscalPeriod]:
    """Months that have postings or were closed, newest first."""
    cmd.actor.require("accounting.view")
    return uow.periods.list()


@attrs.frozen
class ClosePeriod:
    actor: Actor
    year: int
    month: int


@attrs.frozen
class PeriodClosed:
    period: FiscalPeriod
    closing_entry_id: int | None  # None when the month had no result to move


def close_period(cmd: ClosePeriod, uow: UnitOfWork, deps: Deps) -> PeriodClosed:
    """Close a finished month, irreversibly: post the closing entry moving the month's result
    (income - costs - expenses) to 305.01, then mark the period closed.

    Refused when the month has not ended in the tenant's time zone (at 23:30 on 31 March in
    Mexico City March is still open, although it is April in UTC), is already closed, or an
    earlier month with postings is still open (months close in order). ``closed_at`` is the UTC
    instant.
    """
    me = authorize(uow, cmd.actor, "accounting.create")
    year, month = parse_year_month(cmd.year, cmd.month)
    label = period_label(year, month)
    today = business_today(uow, deps)
    if (year, month) >= (today.year, today.month):
        raise RuleViolation(f"period {label} has not ended yet", field="month")
    period = uow.periods.for_closing(year, month)
    if period.is_closed:
        raise RuleViolation(f"period {label} is already closed", field="month")
    earlier_open = [p for p in uow.periods.list() if p.key < (year, month) and not p.is_closed]
    if earlier_open:
        first = min(earlier_open, key=lambda p: p.key)
        raise RuleViolation(f"period {first.label} is still open; close it before {label}", field="month")
    by = actor_name(me)
    draft = closing_draft(uow, year, month)
    entry_id = None if draft is None else post_entry(PostEntry(draft, created_by=by), uow, deps).id
    period.close(now=deps.clock.now(), by=by)
    uow.periods.save(period)
    return PeriodClosed(period=period, closing_entry_id=entry_id)


def closing_draft(uow: UnitOfWork, year: int, month: int) -> EntryDraft | None:
    """The entry zeroing every income, cost and expense account as of the month's end against
    305.01, dated the month's last day; ``None`` when there is nothing to move.

    Earlier months are closed (checked by the caller), so these balances are this month's result.
    Inactive accounts are closed too: the balance must leave them whatever their state.
    """
    ny, nm = next_month(year, month)
    sums = uow.journal.sums_before(first_day(ny, nm))
    accounts = accounts_by_id(uow)
    lines: list[DraftLine] = []
    result = ZERO  # credit-positive: income - costs - expenses
    for account_id in sorted(sums, key=lambda a: accounts[a].code):
        account = accounts[account_id]
        if account.account_class not in chart.RESULT_CLASSES:
            continue
        debit, credit = sums[account_id]
        net = credit - debit
        if net == 0:
            continue
        result += net
        lines.append(DraftLine(account.code, debit=max(net, ZERO), credit=max(-net, ZERO)))
    if not lines:
        return None
    if result != 0:
        lines.append(DraftLine(chart.CURRENT_YEAR_RESULT, debit=max(-result, ZERO), credit=max(result, ZERO)))
    label = period_label(year, month)
    return EntryDraft.create(
        type=EntryType.CLOSING,
        date=last_day(year, month),
        reference=f"CIERRE-{label}",
        description=f"Cierre del periodo {label}",
        lines=lines,
    )
