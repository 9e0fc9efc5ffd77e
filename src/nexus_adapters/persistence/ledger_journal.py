"""The SQL journal repository: entries and their lines, and the maintained balances they feed.

``add`` writes the entry, its lines (one ``executemany``) and adds the balance changes the domain
computes (:meth:`JournalEntry.balance_changes`) to the monthly and daily balance rows with an
UPSERT (one ``executemany`` each). The sum queries are in :mod:`.ledger_balances`.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import Connection, RowMapping, func, select, update

from nexus_adapters.persistence.fast import run_many
from nexus_adapters.persistence.ledger_balances import BalanceSums, store_balance_changes
from nexus_adapters.persistence.ledger_tables import journal_entries, journal_lines
from nexus_adapters.persistence.sql import check_tenant, insert_row_id
from nexus_core.domain.ledger import CfdiRef, EntryType, JournalEntry, JournalLine
from nexus_core.ports.repositories import AccountSums

_INSERT_LINES = journal_lines.insert()


def _to_line(row: RowMapping) -> JournalLine:
    cfdi = CfdiRef(uuid=row["cfdi_uuid"], rfc=row["rfc"], total=row["cfdi_total"])
    return JournalLine(account_id=row["account_id"], debit=row["debit"], credit=row["credit"], cfdi=cfdi)


def _to_entry(row: RowMapping, lines: Iterable[JournalLine]) -> JournalEntry:
    return JournalEntry(
        id=row["id"],
        tenant_id=row["tenant_id"],
        date=row["date"],
        type=EntryType(row["type"]),
        reference=row["reference"],
        description=row["description"],
        lines=tuple(lines),
        created_by=row["created_by"],
        created_at=row["created_at"],
    )


class SqlJournalRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, entry: JournalEntry) -> int:
        check_tenant(entry, self._tid)
        values = {
            "tenant_id": self._tid,
            "date": entry.date,
            "type": entry.type.value,
            "reference": entry.reference,
            "description": entry.description,
            "created_by": entry.created_by,
            "created_at": entry.created_at,
        }
        entry.id = insert_row_id(self._conn, journal_entries, values)
        run_many(
            self._conn,
            _INSERT_LINES,
            [
                {
                    "tenant_id": self._tid,
                    "entry_id": entry.id,
                    "line_no": i,
                    "account_id": ln.account_id,
                    "debit": ln.debit,
                    "credit": ln.credit,
                    "cfdi_uuid": ln.cfdi.uuid,
                    "rfc": ln.cfdi.rfc,
                    "cfdi_total": ln.cfdi.total,
                }
                for i, ln in enumerate(entry.lines)
            ],
        )
        store_balance_changes(self._conn, self._tid, entry)
        return entry.id

    def get(self, entry_id: int) -> JournalEntry | None:
        stmt = select(journal_entries).where(journal_entries.c.tenant_id == self._tid, journal_entries.c.id == entry_id)
        row = self._conn.execute(stmt).mappings().first()
        if row is None:
            return None
        return _to_entry(row, self._lines([entry_id]).get(entry_id, []))

    def list(
        self,
        *,
        date_from: date | None = None,
        date_to: date | None = None,
        type: EntryType | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> tuple[list[JournalEntry], int]:
        e = journal_entries.c
        conditions = [e.tenant_id == self._tid]
        if date_from is not None:
            conditions.append(e.date >= date_from)
        if date_to is not None:
            conditions.append(e.date <= date_to)
        if type is not None:
            conditions.append(e.type == type.value)
        total = int(
            self._conn.execute(select(func.count()).select_from(journal_entries).where(*conditions)).scalar_one()
        )
        page = (
            select(journal_entries).where(*conditions).order_by(e.date.desc(), e.id.desc()).offset(offset).limit(limit)
        )
        rows = list(self._conn.execute(page).mappings())
        lines = self._lines([row["id"] for row in rows])
        return [_to_entry(row, lines.get(row["id"], [])) for row in rows], total

    def _lines(self, entry_ids: Sequence[int]) -> dict[int, builtins.list[JournalLine]]:
        """The lines of these entries in one query, in order, by entry id."""
        if not entry_ids:
            return {}
        c = journal_lines.c
        stmt = (
            select(journal_lines)
            .where(c.tenant_id == self._tid, c.entry_id.in_(entry_ids))
            .order_by(c.entry_id, c.line_no)
        )
        out: dict[int, builtins.list[JournalLine]] = {}
        for row in self._conn.execute(stmt).mappings():
            out.setdefault(row["entry_id"], []).append(_to_line(row))
        return out

    def set_cfdi(self, entry_id: int, cfdi: CfdiRef) -> int:
        c = journal_lines.c
        stmt = (
            update(journal_lines)
            .where(c.tenant_id == self._tid, c.entry_id == entry_id)
            .values(cfdi_uuid=cfdi.uuid, rfc=cfdi.rfc, cfdi_total=cfdi.total)
        )
        return int(self._conn.execute(stmt).rowcount)

    def has_postings(self, account_id: int) -> bool:
        return BalanceSums(self._conn, self._tid).has_postings(account_id)

    def sums_between(self, date_from: date, date_to: date, *, include_closing: bool = True) -> AccountSums:
        return BalanceSums(self._conn, self._tid).between(date_from, date_to, include_closing=include_closing)

    def sums_before(self, day: date, *, include_closing: bool = True) -> AccountSums:
        return BalanceSums(self._conn, self._tid).before(day, include_closing=include_closing)

    def sums_before_and_between(
        self, date_from: date, date_to: date, *, include_closing: bool = True
    ) -> tuple[AccountSums, AccountSums]:
        sums = BalanceSums(self._conn, self._tid)
        return sums.before_and_between(date_from, date_to, include_closing=include_closing)
