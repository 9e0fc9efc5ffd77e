"""The one write path of the books: every journal entry is written by :func:`post_entry`.

Manual pólizas, the period close, and every money use case to come (selling, purchasing,
inventory, cash cuts, layaways) build an :class:`~nexus_core.domain.ledger.EntryDraft` (the posting
rules in :mod:`nexus_core.domain.posting_rules` do it for business facts) and hand it to
:func:`post_entry` inside their own unit of work, so the effect and its entry commit together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import attrs

from nexus_core.domain.accounts import PostingAccount
from nexus_core.domain.ledger import DraftLine, EntryDraft, EntryType, JournalEntry
from nexus_core.domain.periods import FiscalPeriod, period_label
from nexus_core.domain.staff import Employee
from nexus_core.errors import InvalidInput, NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.runner import Deps

OPERATOR_NAME = "operator"


def actor_name(employee: Employee | None) -> str:
    """Who to record as having acted: the employee's name, or ``operator`` for the command line."""
    return OPERATOR_NAME if employee is None else employee.name


@attrs.frozen
class PostEntry:
    """A draft to write (made by :meth:`EntryDraft.create`, ``posting_basics.draft``
    or :func:`draft_of_entry`), and who is recorded as its author (``created_by``)."""

    draft: EntryDraft
    created_by: str
    # Accounts the caller already read in this unit of work with ``AccountRepository.for_posting``,
    # by code (a manual póliza names its accounts by id): the draft's codes found here are not read
    # again. Codes missing here are read (one query); the checks are the same either way.
    accounts: Mapping[str, PostingAccount] = attrs.field(factory=dict, kw_only=True)


def post_entry(cmd: PostEntry, uow: UnitOfWork, deps: Deps) -> JournalEntry:
    """Write one journal entry: the only way anything reaches the books.

    Inside the caller's unit of work (the caller authorizes; this checks the books' rules):

    1. resolves the draft's account codes with whether each has subaccounts, in one query (none when
       ``cmd.accounts`` already holds them), refusing codes not in the chart;
    2. refuses accounts that cannot take postings: parents always, inactive accounts except in a
       ``closing`` entry (a close must empty an account whatever its state);
    3. builds the :class:`JournalEntry` from the draft, which :meth:`EntryDraft.create` checked
       (lines, balance with no tolerance, date, texts): nothing is checked twice;
    4. locks the books (shared with other postings, exclusive against a close) and refuses a date
       inside a closed period;
    5. adds the entry; the repository stores its lines and the balance changes the domain computes
       (:meth:`JournalEntry.balance_changes`).

    Returns the entry with its id.
    """
    draft = cmd.draft
    accounts = _resolve(uow, draft.lines, cmd.accounts)
    check_postable(accounts, allow_inactive=draft.type is EntryType.CLOSING)
    account_ids = [p.account.id for p in accounts if p.account.id is not None]  # all read from the repository
    entry = JournalEntry.from_draft(
        draft, tenant_id=uow.tenant_id, account_ids=account_ids, created_by=cmd.created_by, now=deps.clock.now()
    )
    open_period(uow, entry.date)
    entry.id = uow.journal.add(entry)
    return entry


def _resolve(uow: UnitOfWork, lines: Sequence[DraftLine], known: Mapping[str, PostingAccount]) -> list[PostingAccount]:
    codes = {dl.account_code for dl in lines}
    by_code = dict(known) if codes <= known.keys() else uow.accounts.for_posting_by_code(codes)
    accounts = []
    for i, dl in enumerate(lines):
        account = by_code.get(dl.account_code)
        if account is None:
            raise RuleViolation(f"account {dl.account_code} is not in the chart of accounts", field=f"lines[{i}]")
        accounts.append(account)
    return accounts


def check_postable(accounts: Sequence[PostingAccount], *, allow_inactive: bool = False) -> None:
    """Every line's account must be a leaf (and active, unless ``allow_inactive``)."""
    for index, (account, has_children) in enumerate((p.account, p.has_children) for p in accounts):
        field = f"lines[{index}].account_id"
        if not account.is_active and not allow_inactive:
            raise InvalidInput(f"line {index}: account {account.code} is not active", field=field)
        if has_children:
            raise InvalidInput(
                f"line {index}: account {account.code} has subaccounts; post to one of them", field=field
            )


def open_period(uow: UnitOfWork, day: date) -> FiscalPeriod:
    """The day's period, refused when closed or when a later month is closed (closing a month
    closes the books up to its end: an empty earlier month cannot take postings afterwards)."""
    label = period_label(day.year, day.month)
    # Lock first (shared with other postings, exclusive against a close), then read the latest close:
    # a close that committed while we waited for the lock is then seen.
    period, latest = uow.periods.for_posting_with_latest_close(day.year, day.month)
    if latest is not None and (day.year, day.month) <= latest:
        through = "" if latest == (day.year, day.month) else f" (the books are closed through {period_label(*latest)})"
        raise RuleViolation(
            f"period {label} is closed{through}; nothing can be posted dated {day.isoformat()}", field="date"
        )
    return period


def draft_of_entry(uow: UnitOfWork, entry_id: int) -> EntryDraft:
    """A posted entry as a draft (accounts by code): what ``posting_rules.SaleCancellation`` reverses."""
    entry = uow.journal.get(entry_id)
    if entry is None:
        raise NotFound(f"entry {entry_id} not found")
    codes = uow.accounts.get_many({ln.account_id for ln in entry.lines})
    return EntryDraft.create(
        type=entry.type,
        date=entry.date,
        reference=entry.reference,
        description=entry.description,
        lines=[DraftLine(codes[ln.account_id].code, ln.debit, ln.credit, ln.cfdi) for ln in entry.lines],
    )
