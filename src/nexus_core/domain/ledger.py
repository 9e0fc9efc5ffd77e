"""Double-entry bookkeeping: accounts, journal entries (pólizas) and their lines, receivables.

An entry's debits equal its credits *exactly* (no tolerance: our amounts are generated, not typed).
Amounts are non-negative ``Decimal`` with at most two places; each line moves exactly one side.
Whether an account may take postings (active, not a parent) is a question for the repository,
asked by the service that posts.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

import attrs

from nexus_core.domain.chart import (
    NATURE_OF_CLASS,
    AccountClass,
    AccountNature,
    class_of,
    is_root_code,
    parse_code,
    parse_nature,
    parse_sat_code,
)
from nexus_core.domain.days import check_day
from nexus_core.domain.money import CENT, ZERO, check_amount, parse_decimal
from nexus_core.domain.tenancy import normalize_rfc
from nexus_core.domain.text import optional_text, require_text
from nexus_core.errors import InvalidInput, RuleViolation

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


def parse_entry_type(value: object, *, field: str = "type") -> EntryType:
    if not isinstance(value, str) or value not in {t.value for t in EntryType}:
        names = ", ".join(t.value for t in EntryType)
        raise InvalidInput(f"{field} must be one of: {names}", field=field)
    return EntryType(value)


@attrs.define(eq=False)
class Account:
    """An account of the tenant's chart; ``nature`` is the wire's ``type``."""

    id: int | None
    tenant_id: int
    code: str
    sat_code: str
    name: str
    nature: AccountNature
    parent_id: int | None
    level: int
    is_active: bool = True
    description: str | None = None

    @classmethod
    def create(
        cls,
        *,
        tenant_id: int,
        code: object,
        name: object,
        sat_code: object = None,
        nature: object = None,
        parent: Account | None = None,
        description: object = None,
    ) -> Account:
        """Validates the code, derives the nature from the root class and the level from the parent.

        A given nature must agree with the root class (domain.md): reports use signed nets, so a
        contra account needs no nature of its own.
        """
        code = parse_code(code)
        klass = class_of(code)
        expected = NATURE_OF_CLASS[klass]
        if nature is not None and parse_nature(nature) is not expected:
            raise InvalidInput(
                f"type of account {code} must be {expected.value} ({klass.value} accounts)", field="type"
            )
        if parent is None:
            if not is_root_code(code):
                raise InvalidInput(f"account {code} needs a parent_id (only 100..600 are roots)", field="parent_id")
            level = 1
        else:
            if class_of(parent.code) is not klass:
                raise InvalidInput(
                    f"account {code} cannot hang from {parent.code}: different root class", field="parent_id"
                )
            level = parent.level + 1
        return cls(
            id=None,
            tenant_id=tenant_id,
            code=code,
            sat_code=code if sat_code is None else parse_sat_code(sat_code),
            name=require_text(name, field="name", max_len=200),
            nature=expected,
            parent_id=None if parent is None else parent.id,
            level=level,
            is_active=True,
            description=optional_text(description, field="description", max_len=500),
        )

    @property
    def account_class(self) -> AccountClass:
        return class_of(self.code)


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


@attrs.frozen
class CfdiRef:
    """The CFDI a line relates to (Anexo 24 pólizas carry UUID, RFC and total per line)."""

    uuid: str | None = None
    rfc: str | None = None
    total: Decimal | None = None

    @classmethod
    def create(cls, *, uuid: object = None, rfc: object = None, total: object = None, field: str = "cfdi") -> CfdiRef:
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
        lines = tuple(lines)
        for i, line in enumerate(lines):  # lines built without JournalLine.create still pass the rules
            _sides(line.debit, line.credit, field=f"lines[{i}]")
        check_balanced([(ln.debit, ln.credit) for ln in lines])
        return cls(
            id=None,
            tenant_id=tenant_id,
            date=check_day(date),
            type=type,
            reference=optional_text(reference, field="reference", max_len=60),
            description=require_text(description, field="description", max_len=500),
            lines=lines,
            created_by=created_by,
            created_at=now,
        )

    @property
    def total(self) -> Decimal:
        return sum((ln.debit for ln in self.lines), ZERO)


@attrs.frozen
class DraftLine:
    """A line of a posting-rule draft: the account is named by its chart code."""

    account_code: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    cfdi: CfdiRef = NO_CFDI


@attrs.frozen
class EntryDraft:
    """What a posting rule produces; ``post_entry`` resolves codes and writes a :class:`JournalEntry`."""

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
        reference: str | None,
        description: str,
        lines: Iterable[DraftLine],
    ) -> EntryDraft:
        """Drops zero lines (a tax-exempt sale has no IVA line), then checks the rest balance."""
        kept = tuple(ln for ln in lines if ln.debit != 0 or ln.credit != 0)
        for i, ln in enumerate(kept):
            _sides(ln.debit, ln.credit, field=f"lines[{i}]")
        check_balanced([(ln.debit, ln.credit) for ln in kept])
        return cls(type=type, date=date, reference=reference, description=description, lines=kept)

    @property
    def total(self) -> Decimal:
        return sum((ln.debit for ln in self.lines), ZERO)


@attrs.define(eq=False)
class Receivable:
    """An open customer charge (a credit sale, a PPD invoice): what aging buckets by due date.

    The selling issue adds one per credit sale and lowers ``open_amount`` as payments arrive.
    ``open_amount`` is the current balance; aging as of a past date shows charges issued by then
    with their current balance (payment history is the selling issue's to keep).
    """

    id: int | None
    tenant_id: int
    customer_id: int
    customer_name: str
    reference: str
    amount: Decimal
    open_amount: Decimal
    issued_on: date
    due_date: date

    @classmethod
    def create(
        cls,
        *,
        tenant_id: int,
        customer_id: int,
        customer_name: object,
        reference: object,
        amount: object,
        issued_on: date,
        due_date: date,
    ) -> Receivable:
        total = line_amount(amount, field="amount")
        if total == 0:
            raise InvalidInput("amount must be greater than zero", field="amount")
        if due_date < issued_on:
            raise InvalidInput("due_date must not be before the issue date", field="due_date")
        return cls(
            id=None,
            tenant_id=tenant_id,
            customer_id=customer_id,
            customer_name=require_text(customer_name, field="customer_name", max_len=200),
            reference=require_text(reference, field="reference", max_len=60),
            amount=total,
            open_amount=total,
            issued_on=issued_on,
            due_date=due_date,
        )

    def apply_payment(self, amount: Decimal) -> None:
        paid = line_amount(amount, field="amount")
        if paid > self.open_amount:
            raise RuleViolation(f"payment {paid} exceeds the open balance {self.open_amount}", field="amount")
        self.open_amount -= paid
