"""Pólizas: listing and reading entries, and recording a manual póliza (through the one write path)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import attrs

from nexus_core.domain.accounts import Account
from nexus_core.domain.ids import require_id
from nexus_core.domain.ledger import CfdiRef, DraftLine, EntryDraft, EntryType, JournalEntry
from nexus_core.domain.money import ZERO
from nexus_core.domain.periods import check_range
from nexus_core.errors import InvalidInput, NotFound
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.chart import accounts_by_id
from nexus_core.services.posting import PostEntry, actor_name, post_entry
from nexus_core.services.runner import Deps, read_only

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PAGE = 10**9  # keeps the offset (page - 1) * per_page far inside a 64-bit integer


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


@attrs.frozen
class ListEntries:
    """Filters of the póliza list. Values arrive typed (the HTTP edge parses the query string); the
    use case checks the rules: days in range, ``date_from <= date_to``, ``1 <= page <= MAX_PAGE``,
    ``1 <= per_page <= MAX_PER_PAGE``."""

    actor: Actor
    date_from: date | None = None
    date_to: date | None = None
    type: EntryType | None = None
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


def _check_page(value: int, *, field: str, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInput(f"{field} must be a positive integer", field=field)
    if value > maximum:
        raise InvalidInput(f"{field} must be at most {maximum}", field=field)
    return value


@read_only
def list_entries(cmd: ListEntries, uow: UnitOfWork, deps: Deps) -> EntryPage:
    """Pólizas newest first, filtered by date range and type, one page at a time."""
    cmd.actor.require("accounting.view")
    start, end = check_range(cmd.date_from, cmd.date_to)
    page = _check_page(cmd.page, field="page", maximum=MAX_PAGE)
    per_page = _check_page(cmd.per_page, field="per_page", maximum=MAX_PER_PAGE)
    rows, total = uow.journal.list(
        date_from=start, date_to=end, type=cmd.type, offset=(page - 1) * per_page, limit=per_page
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


@read_only
def get_entry(cmd: GetEntry, uow: UnitOfWork, deps: Deps) -> EntryDetail:
    """One póliza with its lines; ids start at 1 (0 is invalid input, an unknown id is not found)."""
    cmd.actor.require("accounting.view")
    entry = uow.journal.get(require_id(cmd.entry_id, field="entry_id"))
    if entry is None:
        raise NotFound(f"entry {cmd.entry_id} not found")
    return _detail(entry, accounts_by_id(uow))


@attrs.frozen
class ManualLine:
    """One line of a manual póliza, by account id; one of ``debit`` and ``credit`` is positive."""

    account_id: int
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    cfdi_uuid: str | None = None
    rfc: str | None = None
    cfdi_total: Decimal | None = None


@attrs.frozen
class CreateManualEntry:
    """A manual póliza. Typed values in; the rules (each line's sides, the balance, the date's range,
    description and reference) are checked once, by :meth:`EntryDraft.create`."""

    actor: Actor
    date: date
    description: str
    lines: Sequence[ManualLine]
    reference: str | None = None


def create_manual_entry(cmd: CreateManualEntry, uow: UnitOfWork, deps: Deps) -> EntryDetail:
    """A manual póliza: balanced, on active leaf accounts, dated in an open period.

    Lines name accounts by id; they become a draft by code (:meth:`EntryDraft.create` checks it) and go
    through :func:`post_entry`, which refuses parents, inactive accounts and closed periods.
    """
    me = authorize(uow, cmd.actor, "accounting.create")
    ids = [require_id(ml.account_id, field=f"lines[{i}].account_id") for i, ml in enumerate(cmd.lines)]
    postable = uow.accounts.for_posting(ids)  # the posting's only read of the chart
    for i, account_id in enumerate(ids):
        if account_id not in postable:
            raise InvalidInput(f"line {i}: account {account_id} does not exist", field=f"lines[{i}].account_id")
    accounts = {account_id: p.account for account_id, p in postable.items()}
    lines = [
        DraftLine(
            account_code=accounts[ids[i]].code,
            debit=ml.debit,
            credit=ml.credit,
            cfdi=CfdiRef.create(uuid=ml.cfdi_uuid, rfc=ml.rfc, total=ml.cfdi_total, field=f"lines[{i}]"),
        )
        for i, ml in enumerate(cmd.lines)
    ]
    draft = EntryDraft.create(
        type=EntryType.MANUAL,
        date=cmd.date,
        reference=cmd.reference,
        description=cmd.description,
        lines=lines,
        drop_zero_lines=False,
    )
    by_code = {p.account.code: p for p in postable.values()}
    entry = post_entry(PostEntry(draft, created_by=actor_name(me), accounts=by_code), uow, deps)
    return _detail(entry, accounts)
