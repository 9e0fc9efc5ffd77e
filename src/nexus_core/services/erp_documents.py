"""What an ERP sync job exports: its documents (sales, items, pólizas) read inside the claiming
transaction, and for SAT's monthly files the chart of accounts and the balanza.

Document ids are ``sale:<id>``, ``item:<id>``, ``entry:<id>``, ``customer:<id>`` and
``purchase:<first movement id>`` (services/erp_partner_docs.py): stable, and what the job records as sent.
A run sends at most :data:`MAX_DOCUMENTS`; the rest stay pending for the next run. SAT's files are whole-month
declarations, so a monthly provider always gets every póliza of its month.
"""

from __future__ import annotations

from nexus_core.domain.chart import AccountNature
from nexus_core.domain.erp import (
    BalanceRow,
    Document,
    EntryDoc,
    EntryDocLine,
    ErpProvider,
    ItemDoc,
    LedgerAccount,
    MonthBooks,
    SaleDoc,
    SaleDocLine,
    SyncJob,
    SyncType,
)
from nexus_core.domain.ledger import JournalEntry
from nexus_core.domain.money import ZERO
from nexus_core.errors import RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.erp_partner_docs import customer_docs, purchase_docs, purchase_groups

MAX_DOCUMENTS = 500  # per run
MAX_SCAN = 20_000  # candidates looked at per run
_PAGE = 500


def unsent_documents(uow: UnitOfWork, job: SyncJob, provider: ErpProvider) -> tuple[list[Document], int]:
    """This run's documents and how many unsent ones are left for later runs."""
    if job.sync_type is SyncType.ENTRIES:
        entries = _entries(uow, job)
        ids = [f"entry:{e.id}" for e in entries]
    elif job.sync_type is SyncType.SALES:
        ids = [f"sale:{i}" for i in uow.erp_sources.sale_ids(job.date_from, job.date_to, MAX_SCAN)]
    elif job.sync_type is SyncType.CUSTOMERS:
        ids = [f"customer:{i}" for i in uow.erp_sources.customer_ids(MAX_SCAN)]
    elif job.sync_type is SyncType.PURCHASES:
        movements = uow.erp_sources.purchase_movements(job.date_from, job.date_to, MAX_SCAN)
        groups = purchase_groups(movements, complete=len(movements) < MAX_SCAN)
        ids = [f"purchase:{i}" for i in groups]
    else:
        ids = [f"item:{i}" for i in uow.erp_sources.item_ids(MAX_SCAN)]
    if not provider.monthly:
        sent = uow.erp_jobs.sent(provider.id, job.sync_type.value, ids)
        ids = [i for i in ids if i not in sent]
    take = ids if provider.monthly else ids[:MAX_DOCUMENTS]
    wanted = {int(i.partition(":")[2]) for i in take}
    if job.sync_type is SyncType.ENTRIES:
        docs: list[Document] = _entry_docs(uow, [e for e in entries if e.id in wanted])
    elif job.sync_type is SyncType.SALES:
        docs = _sale_docs(uow, sorted(wanted))
    elif job.sync_type is SyncType.CUSTOMERS:
        docs = customer_docs(uow, sorted(wanted))
    elif job.sync_type is SyncType.PURCHASES:
        docs = purchase_docs(uow, {i: groups[i] for i in sorted(wanted)})
    else:
        docs = _item_docs(uow, sorted(wanted))
    return docs, len(ids) - len(take)


def _entries(uow: UnitOfWork, job: SyncJob) -> list[JournalEntry]:
    found: list[JournalEntry] = []
    while len(found) < MAX_SCAN:
        page, total = uow.journal.list(date_from=job.date_from, date_to=job.date_to, offset=len(found), limit=_PAGE)
        found += page
        if not page or len(found) >= total:
            break
    return sorted(found, key=lambda e: (e.date, e.id or 0))


def _entry_docs(uow: UnitOfWork, entries: list[JournalEntry]) -> list[Document]:
    accounts = {a.id: a for a in uow.accounts.list()}
    return [
        EntryDoc(
            doc_id=f"entry:{e.id}",
            number=e.id or 0,
            date=e.date,
            type=e.type.value,
            reference=e.reference,
            description=e.description,
            lines=tuple(
                EntryDocLine(accounts[ln.account_id].code, accounts[ln.account_id].name, ln.debit, ln.credit)
                for ln in e.lines
            ),
        )
        for e in entries
    ]


def _sale_docs(uow: UnitOfWork, sale_ids: list[int]) -> list[Document]:
    sales = [s for s in (uow.sales.get(i) for i in sale_ids) if s is not None]
    items = uow.items.get_many({ln.item_id for s in sales for ln in s.lines})
    docs: list[Document] = []
    for s in sales:
        lines = tuple(
            SaleDocLine(
                code=items[ln.item_id].part_number or items[ln.item_id].barcode,
                name=items[ln.item_id].name,
                quantity=ln.figures.quantity,
                unit_price=ln.figures.unit_price,
                discount=ln.figures.discount,
                subtotal=ln.figures.subtotal,
                tax_rate=ln.figures.tax_rate.rate,
                tax=ln.figures.tax,
                total=ln.figures.total,
            )
            for ln in s.lines
        )
        docs.append(
            SaleDoc(
                doc_id=f"sale:{s.id}",
                folio=s.folio,
                date=s.business_date,
                payment_method=s.payment.method.value,
                subtotal=s.totals.subtotal,
                tax=s.totals.tax,
                total=s.totals.total,
                lines=lines,
            )
        )
    return docs


def _item_docs(uow: UnitOfWork, item_ids: list[int]) -> list[Document]:
    items = uow.items.get_many(item_ids)
    return [
        ItemDoc(
            doc_id=f"item:{i.id}",
            code=i.barcode,
            part_number=i.part_number,
            name=i.name,
            unit=i.unit,
            price=i.price_1,
            cost=i.cost,
            tax_rate=i.tax_rate,
            active=i.is_active,
        )
        for i in (items[n] for n in item_ids if n in items)
    ]


def month_books(uow: UnitOfWork, job: SyncJob) -> MonthBooks:
    """The chart (every account) and the month's balanza, signed by each account's nature."""
    tenant = uow.tenant.get()
    if tenant is None or not tenant.rfc:
        raise RuleViolation("the shop needs its RFC for SAT's contabilidad electrónica", field="provider")
    chart = uow.accounts.list()
    by_id = {a.id: a for a in chart}
    opening, period = uow.journal.sums_before_and_between(job.date_from, job.date_to)
    balances = []
    for a in sorted(chart, key=lambda a: a.code):
        od, oc = opening.get(a.id or 0, (ZERO, ZERO))
        pd, pc = period.get(a.id or 0, (ZERO, ZERO))
        if od == oc and pd == 0 and pc == 0:
            continue
        sign = 1 if a.nature is AccountNature.DEBIT else -1
        balances.append(BalanceRow(a.code, sign * (od - oc), pd, pc, sign * (od - oc + pd - pc)))
    accounts = tuple(
        LedgerAccount(
            a.code,
            a.sat_code,
            a.name,
            "D" if a.nature is AccountNature.DEBIT else "A",
            a.level,
            None if a.parent_id is None else by_id[a.parent_id].code,
        )
        for a in sorted(chart, key=lambda a: a.code)
    )
    return MonthBooks(tenant.rfc, job.date_from.year, job.date_from.month, accounts, tuple(balances))
