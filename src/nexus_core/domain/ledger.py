"""Double-entry bookkeeping: journal entries (pólizas), their lines, and posting drafts.

An entry's debits equal its credits *exactly* (no tolerance: our amounts are generated, not typed).
Amounts are non-negative ``Decimal`` with at most two places; each line moves exactly one side.
Whether an account may take postings (active, not a parent) is a question for the repository,
asked by the service that posts.

Each rule is checked once, by the constructor that makes a value from outside input:
:meth:`EntryDraft.create` for every draft (manual pólizas, posting rules, the period close) and
:meth:`JournalLine.create` / :meth:`JournalEntry.create` for entries a script or a test builds by
account id. They accept loosely typed values (``int``, numeric ``str``) and refuse anything else with
:class:`InvalidInput`, because scripts import ``nexus_core`` directly with no HTTP edge before them.
What they return is trusted afterwards: :meth:`JournalEntry.from_draft` (used by ``post_entry``)
checks nothing again, and the plain attrs constructors (``JournalLine(...)``, ``DraftLine(...)``,
``EntryDraft(...)``, ``JournalEntry(...)``) check nothing at all: they rebuild stored rows, or hold
lines a ``create`` is about to check.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

import attrs

from nexus_core.domain.balances import BalanceTotals, balance_changes
from nexus_core.domain.days import check_day
from nexus_core.domain.money import CENT, ZERO, check_amount, parse_decimal
from nexus_core.domain.tenancy import normalize_rfc
from nexus_core.domain.text import optional_text, require_text
from nexus_core.errors import InvalidInput

_UUID = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")


class EntryType(enum.StrEnum):
    SALE = "sale"
    PURCHASE = "purchase"
    ADJUSTMENT = "adjustment"
    MANUAL = "manual"
    PAYMENT = "payment"
    LAYAWAY = "layaway"
    CUT = "cut"
    CLOSING = "closing"
    CANCELLATION = "cancellation"


def line_amount(value: object, *, field: str) -> Decimal:
    """A non-negative amount with at most two decimals, as a line side."""
    amount = parse_decimal(value, field=field)
    if amount < 0:
        raise InvalidInput(f"{field} must not be negative", field=field)
    if amount != amount.quantize(CENT):
        raise InvalidInput(f"{field} must have at most 2 decimals", field=field)
    return check_amount(amount.quantize(CENT), field=field)


def _optional_uuid(value: object, *, field: str) -> str | None:
    text = optional_text(value, field=field, max_len=36)
    if text is None:
        return None
    if not _UUID.match(text.upper()):
        raise InvalidInput(f"{field} must be a CFDI UUID", field=field)
    return text.upper()


def _reference(value: object) -> str | None:
    return optional_text(value, field="reference", max_len=60)


def _description(value: object) -> str:
    return require_text(value, field="description", max_len=500)


@attrs.frozen
class CfdiRef:
    """The CFDI a line relates to (Anexo 24 pólizas carry UUID, RFC and total per line)."""

    uuid: str | None = None
    rfc: str | None = None
    total: Decimal | None = None

    @classmethod
    def create(cls, *, uuid: object = None, rfc: object = None, total: object = None, field: str = "cfdi") -> CfdiRef:
        """The one check of a line's CFDI reference: a UUID, a valid RFC, a line amount as total."""
        return cls(
            uuid=_optional_uuid(uuid, field=f"{field}.cfdi_uuid"),
            rfc=normalize_rfc(rfc, field=f"{field}.rfc"),
            total=None if total is None else line_amount(total, field=f"{field}.cfdi_total"),
        )


NO_CFDI = CfdiRef()


def _sides(debit: object, credit: object, *, field: str) -> tuple[Decimal, Decimal]:
    dr = line_amount(debit, field=f"{field}.debit")
    cr = line_amount(credit, field=f"{field}.credit")
    if dr == 0 and cr == 0:
        raise InvalidInput(f"{field} must have a debit or a credit greater than zero", field=field)
    if dr > 0 and cr > 0:
        raise InvalidInput(f"{field} must have either a debit or a credit, not both", field=field)
    return dr, cr


def check_balanced(sides: Sequence[tuple[Decimal, Decimal]], *, field: str = "lines") -> Decimal:
    """At least two lines and debits == credits exactly; returns the total."""
    if not sides:
        raise InvalidInput("an entry needs lines", field=field)
    if len(sides) < 2:
        raise InvalidInput("an entry needs at least two lines", field=field)
    debits = sum((d for d, _ in sides), ZERO)
    credits = sum((c for _, c in sides), ZERO)
    if debits != credits:
        raise InvalidInput(f"entry is unbalanced: debits {debits} != credits {credits}", field=field)
    return debits


@attrs.frozen
class JournalLine:
    """One side of a posting to one account."""

    account_id: int
    debit: Decimal
    credit: Decimal
    cfdi: CfdiRef = NO_CFDI

    @classmethod
    def create(
        cls, *, account_id: int, debit: object, credit: object, cfdi: CfdiRef = NO_CFDI, index: int = 0
    ) -> JournalLine:
        """A line by account id: exactly one positive side (the line rules, checked here once)."""
        dr, cr = _sides(debit, credit, field=f"lines[{index}]")
        return cls(account_id=account_id, debit=dr, credit=cr, cfdi=cfdi)


@attrs.define(eq=False)
class JournalEntry:
    """A póliza: dated, typed, referenced and balanced. Never edited; a reversal undoes it."""

    id: int | None
    tenant_id: int
    date: date
    type: EntryType
    reference: str | None
    description: str
    lines: tuple[JournalLine, ...]
    created_by: str
    created_at: datetime

    @classmethod
    def create(
        cls,
        *,
        tenant_id: int,
        date: dt.date,
        type: EntryType,
        reference: object,
        description: object,
        lines: Iterable[JournalLine],
        created_by: str,
        now: datetime,
    ) -> JournalEntry:
        """An entry of lines made by :meth:`JournalLine.create` (which checked each line): checks the
        entry's own rules (at least two lines, balanced, date in range, description and reference)."""
        lines = tuple(lines)
        check_balanced([(ln.debit, ln.credit) for ln in lines])
        return cls(
            id=None,
            tenant_id=tenant_id,
            date=check_day(date),
            type=type,
            reference=_reference(reference),
            description=_description(description),
            lines=lines,
            created_by=created_by,
            created_at=now,
        )

    @classmethod
    def from_draft(
        cls, draft: EntryDraft, *, tenant_id: int, account_ids: Sequence[int], created_by: str, now: datetime
    ) -> JournalEntry:
        """The entry ``post_entry`` writes: the draft's lines on the accounts its codes resolved to
        (``account_ids``, in line order). Nothing is checked again: :meth:`EntryDraft.create` did."""
        lines = tuple(
            JournalLine(account_id=account_id, debit=ln.debit, credit=ln.credit, cfdi=ln.cfdi)
            for account_id, ln in zip(account_ids, draft.lines, strict=True)
        )
        return cls(
            id=None,
            tenant_id=tenant_id,
            date=draft.date,
            type=draft.type,
            reference=draft.reference,
            description=draft.description,
            lines=lines,
            created_by=created_by,
            created_at=now,
        )

    @property
    def total(self) -> Decimal:
        return sum((ln.debit for ln in self.lines), ZERO)

    def balance_changes(self) -> dict[int, BalanceTotals]:
        """What this entry adds to each account's maintained balances (see :mod:`.balances`)."""
        lines = ((ln.account_id, ln.debit, ln.credit) for ln in self.lines)
        return balance_changes(lines, closing=self.type is EntryType.CLOSING)


@attrs.frozen
class DraftLine:
    """A line of a posting-rule draft: the account is named by its chart code."""

    account_code: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    cfdi: CfdiRef = NO_CFDI


@attrs.frozen
class EntryDraft:
    """What a posting rule (or a manual póliza, or a period close) produces:
    ``nexus_core.services.posting.post_entry`` resolves the codes and writes a :class:`JournalEntry`."""

    type: EntryType
    date: date
    reference: str | None
    description: str
    lines: tuple[DraftLine, ...]

    @classmethod
    def create(
        cls,
        *,
        type: EntryType,
        date: dt.date,
        reference: object,
        description: object,
        lines: Iterable[DraftLine],
        drop_zero_lines: bool = True,
    ) -> EntryDraft:
        """The one check of a draft, whoever made it: every line has exactly one positive side of at
        most :data:`~nexus_core.domain.money.MAX_AMOUNT` with at most 2 decimals (named
        ``lines[i].debit``), debits equal credits, the date is in range, the description is given and
        the reference short. Amounts come back as ``Decimal`` with two places.

        Posting rules drop zero lines (a tax-exempt sale has no IVA line); a person's póliza
        (``drop_zero_lines=False``) is refused with the line's index instead.
        """
        given = tuple(lines)
        if drop_zero_lines:
            given = tuple(ln for ln in given if ln.debit != 0 or ln.credit != 0)
        kept = []
        for i, ln in enumerate(given):
            dr, cr = _sides(ln.debit, ln.credit, field=f"lines[{i}]")
            kept.append(DraftLine(account_code=ln.account_code, debit=dr, credit=cr, cfdi=ln.cfdi))
        check_balanced([(ln.debit, ln.credit) for ln in kept])
        return cls(
            type=type,
            date=check_day(date),
            reference=_reference(reference),
            description=_description(description),
            lines=tuple(kept),
        )

    @property
    def total(self) -> Decimal:
        return sum((ln.debit for ln in self.lines), ZERO)


# Accounts have their own module; importing them from here keeps working.
from nexus_core.domain.accounts import Account  # noqa: E402

__all__ = [
    "NO_CFDI",
    "Account",
    "CfdiRef",
    "DraftLine",
    "EntryDraft",
    "EntryType",
    "JournalEntry",
    "JournalLine",
    "check_balanced",
    "line_amount",
]
