"""ERP sync (docs/insight.md#erp-sync): the providers, a sync job's rules, and the documents it exports.

A job names a provider, a sync type and a range of the tenant's local days. It is created ``queued``; a
run marks it ``running``, exports what was not sent yet (by document id, per provider and sync type)
outside any transaction, and ends ``succeeded`` (every document sent) or ``failed`` (some refused or the
provider unreachable; a re-run sends only what is still missing).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal

import attrs

from nexus_core.domain.erp_partners import CustomerDoc, PurchaseDoc, PurchaseDocLine
from nexus_core.errors import InvalidInput, RuleViolation

__all__ = ["CustomerDoc", "PurchaseDoc", "PurchaseDocLine"]  # re-exported: every document is named here


class SyncType(enum.StrEnum):
    SALES = "sales"
    PURCHASES = "purchases"
    ENTRIES = "entries"
    CUSTOMERS = "customers"
    ITEMS = "items"


@attrs.frozen
class ErpProvider:
    id: str
    name: str
    delivery: str  # "file": the job's output file; "api": sent to the provider's server
    sync_types: tuple[SyncType, ...]
    config_needed: tuple[str, ...] = ()
    monthly: bool = False  # one calendar month per job (SAT's contabilidad electrónica)


# CONTPAQi (pólizas only) and SAT (a month's books) have no import of customers or purchases: a job for
# one of them is refused at creation, naming the provider and what it syncs.
_MASTER_AND_SALES = (SyncType.SALES, SyncType.ITEMS, SyncType.CUSTOMERS)

PROVIDERS: Mapping[str, ErpProvider] = {
    p.id: p
    for p in (
        ErpProvider("aspel_sae", "Aspel SAE", "file", (*_MASTER_AND_SALES, SyncType.PURCHASES)),
        ErpProvider("contpaqi", "CONTPAQi Contabilidad", "file", (SyncType.ENTRIES, SyncType.SALES)),
        ErpProvider(
            "sap_b1",
            "SAP Business One",
            "api",
            (*_MASTER_AND_SALES, SyncType.PURCHASES),
            ("url", "company_db", "username", "password"),
        ),
        ErpProvider(
            "odoo",
            "Odoo",
            "api",
            (*_MASTER_AND_SALES, SyncType.PURCHASES),
            ("url", "database", "username", "api_key"),
        ),
        ErpProvider("sat_contabilidad", "SAT contabilidad electrónica 1.3", "file", (SyncType.ENTRIES,), monthly=True),
    )
}

MAX_RANGE_DAYS = 366


def parse_provider(value: object) -> ErpProvider:
    provider = PROVIDERS.get(value) if isinstance(value, str) else None
    if provider is None:
        raise InvalidInput(f"provider must be one of {', '.join(PROVIDERS)}", field="provider")
    return provider


def parse_sync_type(value: object, provider: ErpProvider) -> SyncType:
    try:
        sync_type = SyncType(value) if isinstance(value, str) else None
    except ValueError:
        sync_type = None
    if sync_type is None:
        raise InvalidInput(f"sync_type must be one of {', '.join(t.value for t in SyncType)}", field="sync_type")
    if sync_type not in provider.sync_types:
        names = ", ".join(t.value for t in provider.sync_types)
        raise RuleViolation(f"{provider.id} syncs {names}, not {sync_type.value}", field="sync_type")
    return sync_type


def parse_day(value: object, field: str) -> date:
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be a date YYYY-MM-DD", field=field)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{field} must be a date YYYY-MM-DD", field=field) from None


def check_range(provider: ErpProvider, date_from: date, date_to: date) -> None:
    if date_to < date_from:
        raise InvalidInput("date_to is before date_from", field="date_to")
    if (date_to - date_from).days >= MAX_RANGE_DAYS:
        raise InvalidInput(f"a job covers at most {MAX_RANGE_DAYS} days", field="date_to")
    whole_month = date_from.day == 1 and (date_to + timedelta(days=1)).day == 1
    if provider.monthly and not (whole_month and (date_from.year, date_from.month) == (date_to.year, date_to.month)):
        raise InvalidInput(f"{provider.id} exports one whole calendar month: first to last day", field="date_from")


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


RUN_LEASE = timedelta(minutes=15)  # a run that has not recorded its result by then is presumed dead


@attrs.frozen
class OutputFile:
    name: str
    content_type: str
    content: bytes


@attrs.define
class SyncJob:
    id: int | None
    tenant_id: int
    provider: str
    sync_type: SyncType
    date_from: date
    date_to: date
    status: JobStatus
    created_at: datetime
    created_by: str
    started_at: datetime | None = None
    finished_at: datetime | None = None
    sent_count: int = 0
    failed_count: int = 0
    pending_count: int = 0
    errors: tuple[str, ...] = ()
    output: OutputFile | None = None

    @classmethod
    def create(
        cls, *, tenant_id: int, provider: object, sync_type: object, date_from: object, date_to: object,
        created_by: str, now: datetime,
    ) -> SyncJob:  # fmt: skip
        p = parse_provider(provider)
        kind = parse_sync_type(sync_type, p)
        start, end = parse_day(date_from, "date_from"), parse_day(date_to, "date_to")
        check_range(p, start, end)
        return cls(None, tenant_id, p.id, kind, start, end, JobStatus.QUEUED, now, created_by)

    def start(self, now: datetime) -> None:
        """A run begins; a run still within its lease is refused (one run of a job at a time)."""
        if self.status is JobStatus.RUNNING and self.started_at is not None and now - self.started_at < RUN_LEASE:
            raise RuleViolation(f"sync job {self.id} is already running")
        self.status = JobStatus.RUNNING
        self.started_at = now
        self.finished_at = None

    def finish(self, now: datetime, *, sent: int, failed: int, pending: int, errors: tuple[str, ...],
               output: OutputFile | None) -> None:  # fmt: skip
        """Record a run: counts add up over runs; the newest output file replaces the previous one."""
        self.sent_count += sent
        self.failed_count = failed
        self.pending_count = pending
        self.errors = errors[:50]
        if output is not None:
            self.output = output
        self.status = JobStatus.FAILED if failed or errors else JobStatus.SUCCEEDED
        self.finished_at = now


# --- what a job exports ----------------------------------------------------------------------------


@attrs.frozen
class SaleDocLine:
    code: str
    name: str
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal
    subtotal: Decimal
    tax_rate: Decimal
    tax: Decimal
    total: Decimal


@attrs.frozen
class SaleDoc:
    doc_id: str  # "sale:<id>"
    folio: str
    date: date
    payment_method: str
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    lines: tuple[SaleDocLine, ...]


@attrs.frozen
class ItemDoc:
    doc_id: str  # "item:<id>"
    code: str  # the barcode (the tenant's unique product code)
    part_number: str | None
    name: str
    unit: str
    price: Decimal
    cost: Decimal
    tax_rate: Decimal
    active: bool


@attrs.frozen
class EntryDocLine:
    account_code: str
    account_name: str
    debit: Decimal
    credit: Decimal


@attrs.frozen
class EntryDoc:
    doc_id: str  # "P-<entry id>"
    number: int
    date: date
    type: str
    reference: str | None
    description: str
    lines: tuple[EntryDocLine, ...]


@attrs.frozen
class LedgerAccount:
    code: str
    sat_code: str
    name: str
    nature: str  # "D" deudora, "A" acreedora (SAT's Natur)
    level: int
    parent_code: str | None


@attrs.frozen
class BalanceRow:
    code: str
    opening: Decimal  # debit-positive for "D" accounts, credit-positive for "A" ones
    debit: Decimal
    credit: Decimal
    closing: Decimal


Document = SaleDoc | ItemDoc | EntryDoc | CustomerDoc | PurchaseDoc


@attrs.frozen
class MonthBooks:
    """What SAT's monthly files need beyond the pólizas: the chart and the balanza."""

    rfc: str
    year: int
    month: int
    accounts: tuple[LedgerAccount, ...]
    balances: tuple[BalanceRow, ...]


@attrs.frozen
class ExportBatch:
    job_id: int
    provider: str
    sync_type: SyncType
    date_from: date
    date_to: date
    credentials: Mapping[str, str]
    documents: tuple[Document, ...]
    books: MonthBooks | None = None


@attrs.frozen
class ExportResult:
    sent: tuple[tuple[str, str | None], ...] = ()  # (document id, the provider's id for it)
    errors: tuple[tuple[str, str], ...] = ()  # (document id or "*", what went wrong)
    output: OutputFile | None = None
