"""Ledger use cases (seed section 9): chart of accounts, pólizas, periods, and ``post_entry``.

``post_entry`` is how every money use case of later issues posts: in its own transaction, with a
draft from :mod:`nexus_core.domain.posting_rules`. Reports live in :mod:`.ledger_reports`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import attrs

from nexus_core.domain import chart
from nexus_core.domain.ids import require_id
from nexus_core.domain.ledger import (
    Account,
    CfdiRef,
    DraftLine,
    EntryDraft,
    EntryType,
    JournalEntry,
    JournalLine,
    parse_entry_type,
)
from nexus_core.domain.money import ZERO
from nexus_core.domain.periods import (
    FiscalPeriod,
    first_day,
    last_day,
    next_month,
    parse_day,
    parse_year_month,
    period_label,
)
from nexus_core.domain.staff import Employee
from nexus_core.domain.text import optional_text
from nexus_core.errors import InvalidInput, NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.runner import Deps

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
OPERATOR_NAME = "operator"


def actor_name(employee: Employee | None) -> str:
    """Who to record as having acted: the employee's name, or ``operator`` for the command line."""
    return OPERATOR_NAME if employee is None else employee.name


# --- chart of accounts ----------------------------------------------------------------------


def seed_chart(uow: UnitOfWork) -> None:
    """Write the SAT chart (:data:`chart.SAT_CHART`) for a new tenant."""
    by_code: dict[str, Account] = {}
    for code, sat_code, name in chart.SAT_CHART:
        parent_code = chart.parent_code(code)
        parent = None if parent_code is None else by_code[parent_code]
        account = Account.create(tenant_id=uow.tenant_id, code=code, sat_code=sat_code, name=name, parent=parent)
        account.id = uow.accounts.add(account)
        by_code[code] = account


@attrs.frozen
class ListAccounts:
    actor: Actor


def list_accounts(cmd: ListAccounts, uow: UnitOfWork, deps: Deps) -> list[Account]:
    """The flat chart ordered by code (the frontend builds the tree)."""
    cmd.actor.require("accounting.view")
    return uow.accounts.list()


@attrs.frozen
class CreateAccount:
    actor: Actor
    code: str
    name: str
    type: str | None = None
    sat_code: str | None = None
    parent_id: int | None = None
    description: str | None = None


def create_account(cmd: CreateAccount, uow: UnitOfWork, deps: Deps) -> Account:
    """A new account under an existing, active parent that has never taken postings itself."""
    authorize(uow, cmd.actor, "accounting.create")
    parent = None
    if cmd.parent_id is not None:
        parent_id = require_id(cmd.parent_id, field="parent_id")
        parent = uow.accounts.get(parent_id)
        if parent is None:
            raise InvalidInput(f"parent account {parent_id} does not exist", field="parent_id")
    account = Account.create(
        tenant_id=uow.tenant_id,
        code=cmd.code,
        name=cmd.name,
        sat_code=cmd.sat_code,
        nature=cmd.type,
        parent=parent,
        description=cmd.description,
    )
    if uow.accounts.get_by_code(account.code) is not None:
        raise RuleViolation(f"an account with code {account.code} already exists", field="code")
    if parent is not None:
        assert parent.id is not None
        if not parent.is_active:
            raise RuleViolation(f"parent account {parent.code} is not active", field="parent_id")
        if uow.journal.has_postings(parent.id):
            raise RuleViolation(
                f"parent account {parent.code} already has postings and cannot take subaccounts", field="parent_id"
            )
    account.id = uow.accounts.add(account)
    return account


# --- posting ------------------------------------------------------------------------------------


def _check_postable(uow: UnitOfWork, accounts: Sequence[Account]) -> None:
    """Every line's account must be active and a leaf; one query whatever the number of lines."""
    parents = uow.accounts.with_children({a.id for a in accounts if a.id is not None})
    for index, account in enumerate(accounts):
        field = f"lines[{index}].account_id"
        if not account.is_active:
            raise InvalidInput(f"line {index}: account {account.code} is not active", field=field)
        if account.id in parents:
            raise InvalidInput(
                f"line {index}: account {account.code} has subaccounts; post to one of them", field=field
            )


def _open_period(uow: UnitOfWork, day: date) -> FiscalPeriod:
    """The day's period, refused when closed or when a later month is closed (closing a month
    closes the books up to its end: an empty earlier month cannot take postings afterwards)."""
    label = period_label(day.year, day.month)
    # Lock first (shared with other postings, exclusive against a close), then read the latest close:
    # a close that committed while we waited for the lock is then seen.
    period = uow.periods.for_posting(day.year, day.month)
    latest = uow.periods.latest_closed()
    if latest is not None and (day.year, day.month) <= latest.key:
        through = "" if latest.key == (day.year, day.month) else f" (the books are closed through {latest.label})"
        raise RuleViolation(
            f"period {label} is closed{through}; nothing can be posted dated {day.isoformat()}", field="date"
        )
    return period


def _write(
    uow: UnitOfWork,
    deps: Deps,
    *,
    day: date,
    type: EntryType,
    reference: str | None,
    description: str,
    lines: Sequence[JournalLine],
    created_by: str,
) -> JournalEntry:
    entry = JournalEntry.create(
        tenant_id=uow.tenant_id,
        date=day,
        type=type,
        reference=reference,
        description=description,
        lines=lines,
        created_by=created_by,
        now=deps.clock.now(),
    )
    _open_period(uow, day)
    entry.id = uow.journal.add(entry)
    return entry


def post_entry(uow: UnitOfWork, deps: Deps, draft: EntryDraft, *, created_by: str) -> int:
    """Post a posting-rule draft inside the caller's transaction; returns the entry id.

    Resolves account codes, refuses accounts that cannot take postings (inactive, parents) and
    dates inside a closed period, and writes the entry (the repository updates the balances).
    """
    by_code = uow.accounts.get_many_by_code({dl.account_code for dl in draft.lines})
    accounts = []
    for i, dl in enumerate(draft.lines):
        account = by_code.get(dl.account_code)
        if account is None:
            raise RuleViolation(f"account {dl.account_code} is not in the chart of accounts", field=f"lines[{i}]")
        accounts.append(account)
    _check_postable(uow, accounts)
    lines = []
    for i, (account, dl) in enumerate(zip(accounts, draft.lines, strict=True)):
        assert account.id is not None  # read from the repository
        lines.append(JournalLine.create(account_id=account.id, debit=dl.debit, credit=dl.credit, cfdi=dl.cfdi, index=i))
    entry = _write(
        uow,
        deps,
        day=draft.date,
        type=draft.type,
        reference=draft.reference,
        description=draft.description,
        lines=lines,
        created_by=created_by,
    )
    assert entry.id is not None
    return entry.id


def draft_of_entry(uow: UnitOfWork, entry_id: int) -> EntryDraft:
    """A posted entry as a draft (accounts by code): what ``posting_rules.SaleCancellation`` reverses."""
    entry = uow.journal.get(entry_id)
    if entry is None:
        raise NotFound(f"entry {entry_id} not found")
    codes = _codes(uow)
    return EntryDraft.create(
        type=entry.type,
        date=entry.date,
        reference=entry.reference,
        description=entry.description,
        lines=[DraftLine(codes[ln.account_id].code, ln.debit, ln.credit, ln.cfdi) for ln in entry.lines],
    )


def _codes(uow: UnitOfWork) -> dict[int, Account]:
    return {a.id: a for a in uow.accounts.list() if a.id is not None}


# --- entries ------------------------------------------------------------------------------------


@attrs.frozen
class EntryLineView:
    account_id: int
    account_code: str
    account_name: str
    debit: Decimal
    credit: Decimal
    cfdi_uuid: str | None = None
    rfc: str | None = None
    cfdi_total: Decimal | None = None


@attrs.frozen
class EntryDetail:
    id: int
    date: date
    type: EntryType
    reference: str | None
    description: str
    created_by: str
    total: Decimal
    lines: list[EntryLineView]


@attrs.frozen
class EntrySummary:
    id: int
    date: date
    type: EntryType
    reference: str | None
    description: str
    created_by: str
    total: Decimal


@attrs.frozen
class EntryPage:
    data: list[EntrySummary]
    page: int
    per_page: int
    total: int

    @property
    def total_pages(self) -> int:
        return (self.total + self.per_page - 1) // self.per_page


def _detail(entry: JournalEntry, accounts: dict[int, Account]) -> EntryDetail:
    assert entry.id is not None
    lines = [
        EntryLineView(
            account_id=ln.account_id,
            account_code=accounts[ln.account_id].code,
            account_name=accounts[ln.account_id].name,
            debit=ln.debit,
            credit=ln.credit,
            cfdi_uuid=ln.cfdi.uuid,
            rfc=ln.cfdi.rfc,
            cfdi_total=ln.cfdi.total,
        )
        for ln in entry.lines
    ]
    return EntryDetail(
        id=entry.id,
        date=entry.date,
        type=entry.type,
        reference=entry.reference,
        description=entry.description,
        created_by=entry.created_by,
        total=entry.total,
        lines=lines,
    )


def _page_number(value: object, *, field: str, default: int, maximum: int | None = None) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInput(f"{field} must be a positive integer", field=field)
    if maximum is not None and value > maximum:
        raise InvalidInput(f"{field} must be at most {maximum}", field=field)
    return value


def parse_range(date_from: object, date_to: object) -> tuple[date | None, date | None]:
    start = None if date_from is None else parse_day(date_from, field="date_from")
    end = None if date_to is None else parse_day(date_to, field="date_to")
    if start is not None and end is not None and start > end:
        raise InvalidInput("date_from must not be after date_to", field="date_from")
    return start, end


@attrs.frozen
class ListEntries:
    actor: Actor
    date_from: date | str | None = None
    date_to: date | str | None = None
    type: str | None = None
    page: int | None = None
    per_page: int | None = None


def list_entries(cmd: ListEntries, uow: UnitOfWork, deps: Deps) -> EntryPage:
    """Pólizas newest first, filtered by date range and type, one page at a time."""
    cmd.actor.require("accounting.view")
    start, end = parse_range(cmd.date_from, cmd.date_to)
    type_ = None if cmd.type is None else parse_entry_type(cmd.type)
    page = _page_number(cmd.page, field="page", default=1)
    per_page = _page_number(cmd.per_page, field="per_page", default=DEFAULT_PER_PAGE, maximum=MAX_PER_PAGE)
    rows, total = uow.journal.list(
        date_from=start, date_to=end, type=type_, offset=(page - 1) * per_page, limit=per_page
    )
    data = [
        EntrySummary(
            id=e.id,
            date=e.date,
            type=e.type,
            reference=e.reference,
            description=e.description,
            created_by=e.created_by,
            total=e.total,
        )
        for e in rows
        if e.id is not None
    ]
    return EntryPage(data=data, page=page, per_page=per_page, total=total)


@attrs.frozen
class GetEntry:
    actor: Actor
    entry_id: int


def get_entry(cmd: GetEntry, uow: UnitOfWork, deps: Deps) -> EntryDetail:
    cmd.actor.require("accounting.view")
    entry = uow.journal.get(require_id(cmd.entry_id, field="entry_id"))
    if entry is None:
        raise NotFound(f"entry {cmd.entry_id} not found")
    return _detail(entry, _codes(uow))


@attrs.frozen
class ManualLine:
    account_id: int
    debit: Decimal | int | str = ZERO
    credit: Decimal | int | str = ZERO
    cfdi_uuid: str | None = None
    rfc: str | None = None
    cfdi_total: Decimal | int | str | None = None


@attrs.frozen
class CreateManualEntry:
    actor: Actor
    date: date | str
    description: str
    lines: Sequence[ManualLine]
    reference: str | None = None


def create_manual_entry(cmd: CreateManualEntry, uow: UnitOfWork, deps: Deps) -> EntryDetail:
    """A manual póliza: balanced, on active leaf accounts, dated in an open period."""
    me = authorize(uow, cmd.actor, "accounting.create")
    day = parse_day(cmd.date)
    ids = [require_id(ml.account_id, field=f"lines[{i}].account_id") for i, ml in enumerate(cmd.lines)]
    accounts = uow.accounts.get_many(ids)
    for i, account_id in enumerate(ids):
        if account_id not in accounts:
            raise InvalidInput(f"line {i}: account {account_id} does not exist", field=f"lines[{i}].account_id")
    _check_postable(uow, [accounts[account_id] for account_id in ids])
    lines: list[JournalLine] = []
    for i, ml in enumerate(cmd.lines):
        account_id = ids[i]
        cfdi = CfdiRef.create(uuid=ml.cfdi_uuid, rfc=ml.rfc, total=ml.cfdi_total, field=f"lines[{i}]")
        lines.append(JournalLine.create(account_id=account_id, debit=ml.debit, credit=ml.credit, cfdi=cfdi, index=i))
    entry = _write(
        uow,
        deps,
        day=day,
        type=EntryType.MANUAL,
        reference=optional_text(cmd.reference, field="reference", max_len=60),
        description=cmd.description,
        lines=lines,
        created_by=actor_name(me),
    )
    return _detail(entry, accounts)


# --- periods ------------------------------------------------------------------------------------


@attrs.frozen
class ListPeriods:
    actor: Actor


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

    Refused when the month has not ended, is already closed, or an earlier month with postings
    is still open (months close in order).
    """
    me = authorize(uow, cmd.actor, "accounting.create")
    year, month = parse_year_month(cmd.year, cmd.month)
    label = period_label(year, month)
    now = deps.clock.now()
    if (year, month) >= (now.year, now.month):
        raise RuleViolation(f"period {label} has not ended yet", field="month")
    period = uow.periods.for_closing(year, month)
    if period.is_closed:
        raise RuleViolation(f"period {label} is already closed", field="month")
    earlier_open = [p for p in uow.periods.list() if p.key < (year, month) and not p.is_closed]
    if earlier_open:
        first = min(earlier_open, key=lambda p: p.key)
        raise RuleViolation(f"period {first.label} is still open; close it before {label}", field="month")
    by = actor_name(me)
    entry_id = _post_closing_entry(uow, deps, year, month, created_by=by)
    period.close(now=now, by=by)
    uow.periods.save(period)
    return PeriodClosed(period=period, closing_entry_id=entry_id)


def _post_closing_entry(uow: UnitOfWork, deps: Deps, year: int, month: int, *, created_by: str) -> int | None:
    """Zero every income, cost and expense account as of the month's end against 305.01.

    Earlier months are closed (checked by the caller), so these balances are this month's result.
    Inactive accounts are closed too: the balance must leave them whatever their state.
    """
    ny, nm = next_month(year, month)
    sums = uow.journal.sums_before(first_day(ny, nm))
    accounts = _codes(uow)
    lines: list[JournalLine] = []
    result = ZERO  # credit-positive: income - costs - expenses
    for account_id in sorted(sums, key=lambda a: accounts[a].code):
        if accounts[account_id].account_class not in chart.RESULT_CLASSES:
            continue
        debit, credit = sums[account_id]
        net = credit - debit
        if net == 0:
            continue
        result += net
        if net > 0:
            lines.append(JournalLine.create(account_id=account_id, debit=net, credit=ZERO, index=len(lines)))
        else:
            lines.append(JournalLine.create(account_id=account_id, debit=ZERO, credit=-net, index=len(lines)))
    if not lines:
        return None
    target = uow.accounts.get_by_code(chart.CURRENT_YEAR_RESULT)
    if target is None or target.id is None:
        raise RuleViolation(f"account {chart.CURRENT_YEAR_RESULT} is missing from the chart of accounts")
    if result > 0:
        lines.append(JournalLine.create(account_id=target.id, debit=ZERO, credit=result, index=len(lines)))
    elif result < 0:
        lines.append(JournalLine.create(account_id=target.id, debit=-result, credit=ZERO, index=len(lines)))
    label = period_label(year, month)
    entry = JournalEntry.create(
        tenant_id=uow.tenant_id,
        date=last_day(year, month),
        type=EntryType.CLOSING,
        reference=f"CIERRE-{label}",
        description=f"Cierre del periodo {label}",
        lines=lines,
        created_by=created_by,
        now=deps.clock.now(),
    )
    entry_id = uow.journal.add(entry)
    return entry_id
