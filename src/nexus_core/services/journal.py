"""Pólizas: listing and reading entries, and recording a manual póliza (through the one write path)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import attrs

from nexus_core.domain.accounts import Account
from nexus_core.domain.ids import require_id
from nexus_core.domain.ledger import CfdiRef, DraftLine, EntryDraft, EntryType, JournalEntry, parse_entry_type
from nexus_core.domain.money import ZERO
from nexus_core.domain.periods import parse_day, parse_range
from nexus_core.domain.text import optional_text
from nexus_core.errors import InvalidInput, NotFound
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.chart import accounts_by_id
from nexus_core.services.posting import PostEntry, actor_name, post_entry
from nexus_core.services.runner import Deps, read_only

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200


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


@attrs.frozen
class ListEntries:
    actor: Actor
    date_from: date | str | None = None
    date_to: date | str | None = None
    type: str | None = None
    page: int | None = None
    per_page: int | None = None


@read_only
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
    """A manual póliza: balanced, on active leaf accounts, dated in an open period.

    Lines name accounts by id; they become a draft by code and go through :func:`post_entry`.
    """
    me = authorize(uow, cmd.actor, "accounting.create")
    day = parse_day(cmd.date)
    ids = [require_id(ml.account_id, field=f"lines[{i}].account_id") for i, ml in enumerate(cmd.lines)]
    accounts = uow.accounts.get_many(ids)
    for i, account_id in enumerate(ids):
        if account_id not in accounts:
            raise InvalidInput(f"line {i}: account {account_id} does not exist", field=f"lines[{i}].account_id")
    lines = []
    for i, ml in enumerate(cmd.lines):
        cfdi = CfdiRef.create(uuid=ml.cfdi_uuid, rfc=ml.rfc, total=ml.cfdi_total, field=f"lines[{i}]")
        code = accounts[ids[i]].code
        lines.append(DraftLine.create(account_code=code, debit=ml.debit, credit=ml.credit, cfdi=cfdi, index=i))
    draft = EntryDraft.create(
        type=EntryType.MANUAL,
        date=day,
        reference=optional_text(cmd.reference, field="reference", max_len=60),
        description=cmd.description,
        lines=lines,
    )
    entry = post_entry(PostEntry(draft, created_by=actor_name(me)), uow, deps)
    return _detail(entry, accounts)
