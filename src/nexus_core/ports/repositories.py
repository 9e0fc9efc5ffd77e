"""Repositories. Those reached through a tenant's unit of work see only that tenant's rows."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from nexus_core.domain.accounts import PostingAccount
from nexus_core.domain.idempotency import IdempotencyRecord
from nexus_core.domain.ledger import Account, CfdiRef, EntryType, JournalEntry
from nexus_core.domain.periods import FiscalPeriod
from nexus_core.domain.receivables import Receivable
from nexus_core.domain.staff import Employee
from nexus_core.domain.tenancy import Branch, Tenant
from nexus_core.domain.users import User


class TenantDirectory(Protocol):
    """All tenants of the installation (platform level)."""

    def add(self, tenant: Tenant) -> int: ...

    def get(self, tenant_id: int) -> Tenant | None: ...

    def find_by_name(self, name: str) -> Tenant | None: ...

    def count(self) -> int: ...


class UserDirectory(Protocol):
    """Parcels users looked up by email across tenants (login names no tenant)."""

    def get_by_email(self, email: str) -> User | None: ...


class TenantRepository(Protocol):
    """The unit of work's own tenant."""

    def get(self) -> Tenant | None: ...

    def update(self, tenant: Tenant) -> None: ...


class BranchRepository(Protocol):
    def add(self, branch: Branch) -> int: ...

    def get(self, branch_id: int) -> Branch | None: ...

    def list(self) -> list[Branch]: ...


class EmployeeRepository(Protocol):
    def add(self, employee: Employee) -> int: ...

    def get(self, employee_id: int) -> Employee | None: ...

    def list(self) -> list[Employee]: ...

    def find_active_by_pin(self, pin_lookup: str) -> Employee | None: ...

    def update(self, employee: Employee) -> None: ...


class UserRepository(Protocol):
    def add(self, user: User) -> int: ...

    def get(self, user_id: int) -> User | None: ...


class LoginAttemptRepository(Protocol):
    """Failed PIN attempts, kept in the database so every worker counts the same ones."""

    def record_failure(self, device_id: str, at: datetime) -> None: ...

    def failures_since(self, since: datetime, device_id: str | None = None) -> list[datetime]:
        """Times of failures at or after ``since``, oldest first; for one device or the whole tenant."""
        ...

    def clear_device(self, device_id: str) -> None: ...


class IdempotencyRepository(Protocol):
    """Keys per (tenant, principal). A claim is identified by its ``owner`` and ``created_at``."""

    def get(self, principal: str, key: str) -> IdempotencyRecord | None: ...

    def claim(self, record: IdempotencyRecord) -> bool:
        """Insert a new record; ``False`` when the key is already taken."""
        ...

    def replace(self, record: IdempotencyRecord, *, claim: IdempotencyRecord) -> bool:
        """Overwrite the key's row with ``record`` if it is still the running ``claim``; ``False`` otherwise."""
        ...

    def release(self, claim: IdempotencyRecord) -> bool:
        """Delete the key's row if it is still the running ``claim``; ``False`` otherwise."""
        ...


# --- Ledger ----------------------------------------------------------------------------------

# Per-account (debit total, credit total). An account without postings in the range may be absent
# or present as (0, 0); readers treat both alike.
AccountSums = dict[int, tuple[Decimal, Decimal]]


class AccountRepository(Protocol):
    """The tenant's chart of accounts. ``code`` is unique per tenant."""

    def add(self, account: Account) -> int:
        """Insert and set ``account.id``."""
        ...

    def get(self, account_id: int) -> Account | None: ...

    def get_by_code(self, code: str) -> Account | None: ...

    def list(self) -> list[Account]:
        """Every account, ordered by code."""
        ...

    def get_many(self, account_ids: Collection[int]) -> dict[int, Account]:
        """The tenant's accounts among ``account_ids``, by id, in one query (missing ids are absent)."""
        ...

    def get_many_by_code(self, codes: Collection[str]) -> dict[str, Account]:
        """The tenant's accounts among ``codes``, by code, in one query (missing codes are absent)."""
        ...

    def with_children(self, account_ids: Collection[int]) -> set[int]:
        """Which of ``account_ids`` have subaccounts (cannot take postings), in one query."""
        ...

    def for_posting(self, account_ids: Collection[int]) -> dict[int, PostingAccount]:
        """The tenant's accounts among ``account_ids`` with whether each has subaccounts, by id, in one
        query (missing ids are absent): what the posting path reads."""
        ...

    def for_posting_by_code(self, codes: Collection[str]) -> dict[str, PostingAccount]:
        """As :meth:`for_posting`, by code."""
        ...

    def update(self, account: Account) -> None: ...


class JournalRepository(Protocol):
    """Journal entries (pólizas) with their lines, and the balances maintained from them.

    ``add`` is responsible for the maintained balances, in the same transaction as the lines: it
    stores the entry's :meth:`~nexus_core.domain.ledger.JournalEntry.balance_changes` (computed by the
    domain: debits and credits per account, closing entries also in separate closing columns) into
      * the monthly total of (account, year, month), and
      * the daily total of (account, date),
    so reports can sum totals and leave closing entries out. Reports never scan lines: their cost grows with the
    number of accounts and months, not with history.
    """

    def add(self, entry: JournalEntry) -> int:
        """Insert the entry and its lines (in order), set ``entry.id``, update the balances."""
        ...

    def get(self, entry_id: int) -> JournalEntry | None:
        """The entry with its lines in the order they were added."""
        ...

    def list(
        self,
        *,
        date_from: date | None = None,
        date_to: date | None = None,
        type: EntryType | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> tuple[list[JournalEntry], int]:
        """Entries with ``date_from <= date <= date_to`` (each bound optional) of ``type``, newest
        first (date descending, then id descending), with their lines; and the total count matching."""
        ...

    def has_postings(self, account_id: int) -> bool:
        """Whether any line ever touched the account (answerable from the monthly balances)."""
        ...

    def set_cfdi(self, entry_id: int, cfdi: CfdiRef) -> int:
        """Mark every line of the entry with the CFDI it is documented by (UUID, RFC, total: what the
        pólizas XML needs); amounts and balances are untouched. Returns the number of lines marked."""
        ...

    def sums_between(self, date_from: date, date_to: date, *, include_closing: bool = True) -> AccountSums:
        """Debit and credit totals per account of the lines dated ``date_from <= date <= date_to``.

        From the maintained balances: whole calendar months inside the range from the monthly
        table, the days of partially covered months from the daily table. ``include_closing=False``
        subtracts the closing columns (closing entries left out, as the income statement needs).
        """
        ...

    def sums_before(self, day: date, *, include_closing: bool = True) -> AccountSums:
        """Like :meth:`sums_between` for every line dated strictly before ``day``: the monthly
        table for months before ``day``'s month, the daily table for ``day``'s month before ``day``."""
        ...

    def sums_before_and_between(
        self, date_from: date, date_to: date, *, include_closing: bool = True
    ) -> tuple[AccountSums, AccountSums]:
        """``(sums_before(date_from), sums_between(date_from, date_to))`` in one query: opening
        balances and the period's movements (a trial balance)."""
        ...


class PeriodRepository(Protocol):
    """Fiscal periods. A month's row appears with its first posting (open) or when it is closed.

    ``for_posting`` and ``for_closing`` insert an open row when none exists and lock it until the
    transaction ends: shared for posting, exclusive for closing (PostgreSQL ``FOR SHARE`` /
    ``FOR UPDATE``; SQLite's single writer serializes anyway), so a posting and the close of its
    month never interleave.
    """

    def get(self, year: int, month: int) -> FiscalPeriod | None: ...

    def list(self) -> list[FiscalPeriod]:
        """Every period row, newest first."""
        ...

    def latest_closed(self) -> FiscalPeriod | None:
        """The closed period with the greatest (year, month): the books are closed up to its end."""
        ...

    def for_posting(self, year: int, month: int) -> FiscalPeriod: ...

    def for_posting_with_latest_close(self, year: int, month: int) -> tuple[FiscalPeriod, tuple[int, int] | None]:
        """:meth:`for_posting`, and the (year, month) of :meth:`latest_closed` read after the lock is
        held (a close that committed while we waited is seen), in one statement when the row exists."""
        ...

    def for_closing(self, year: int, month: int) -> FiscalPeriod: ...

    def save(self, period: FiscalPeriod) -> None:
        """Write the period's status, closed_at and closed_by (the row exists)."""
        ...


class ReceivableRepository(Protocol):
    """Open customer charges, written by the selling issue, read by the aging report."""

    def add(self, receivable: Receivable) -> int:
        """Insert and set ``receivable.id``."""
        ...

    def get(self, receivable_id: int) -> Receivable | None: ...

    def update(self, receivable: Receivable) -> None: ...

    def list_open(self, as_of: date) -> list[Receivable]:
        """Charges issued on or before ``as_of`` with ``open_amount > 0``, by due date then id."""
        ...

    def open_for_customer(self, customer_id: int) -> list[Receivable]:
        """The customer's charges with ``open_amount > 0``, oldest first (issue date, id), locked."""
        ...

    def by_reference(self, customer_id: int, reference: str) -> Receivable | None:
        """The customer's charge with this reference (a sale's folio), locked."""
        ...
