"""The SQL receivable repository: open customer charges, read by the aging report."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, RowMapping, literal_column, select, update

from nexus_adapters.persistence.ledger_tables import receivables
from nexus_adapters.persistence.sql import check_tenant, insert_id
from nexus_core.domain.receivables import Receivable
from nexus_core.errors import NotFound


def _receivable_values(receivable: Receivable) -> dict[str, Any]:
    return {
        "customer_id": receivable.customer_id,
        "customer_name": receivable.customer_name,
        "reference": receivable.reference,
        "amount": receivable.amount,
        "open_amount": receivable.open_amount,
        "issued_on": receivable.issued_on,
        "due_date": receivable.due_date,
        "tax": receivable.tax,
    }


def _to_receivable(row: RowMapping) -> Receivable:
    return Receivable(
        id=row["id"],
        tenant_id=row["tenant_id"],
        customer_id=row["customer_id"],
        customer_name=row["customer_name"],
        reference=row["reference"],
        amount=row["amount"],
        open_amount=row["open_amount"],
        issued_on=row["issued_on"],
        due_date=row["due_date"],
        tax=row["tax"],
    )


class SqlReceivableRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, receivable: Receivable) -> int:
        check_tenant(receivable, self._tid)
        values = {**_receivable_values(receivable), "tenant_id": self._tid}
        receivable.id = insert_id(self._conn, receivables.insert().values(values))
        return receivable.id

    def get(self, receivable_id: int) -> Receivable | None:
        c = receivables.c
        stmt = select(receivables).where(c.tenant_id == self._tid, c.id == receivable_id)
        row = self._conn.execute(stmt).mappings().first()
        return _to_receivable(row) if row else None

    def update(self, receivable: Receivable) -> None:
        check_tenant(receivable, self._tid)
        c = receivables.c
        stmt = (
            update(receivables)
            .where(c.tenant_id == self._tid, c.id == receivable.id)
            .values(_receivable_values(receivable))
        )
        if self._conn.execute(stmt).rowcount != 1:
            raise NotFound(f"receivable {receivable.id} not found")

    def list_open(self, as_of: date) -> list[Receivable]:
        c = receivables.c
        stmt = (
            select(receivables)
            # A literal 0, as in the partial index's predicate: a bound parameter would not match it.
            .where(c.tenant_id == self._tid, c.open_amount > literal_column("0"), c.issued_on <= as_of)
            .order_by(c.due_date, c.id)
        )
        return [_to_receivable(row) for row in self._conn.execute(stmt).mappings()]

    def open_for_customer(self, customer_id: int) -> list[Receivable]:
        c = receivables.c
        stmt = (
            select(receivables)
            .where(c.tenant_id == self._tid, c.customer_id == customer_id, c.open_amount > literal_column("0"))
            .order_by(c.issued_on, c.id)
            .with_for_update()
        )
        return [_to_receivable(row) for row in self._conn.execute(stmt).mappings()]

    def by_reference(self, customer_id: int, reference: str) -> Receivable | None:
        c = receivables.c
        stmt = (
            select(receivables)
            .where(c.tenant_id == self._tid, c.customer_id == customer_id, c.reference == reference)
            .order_by(c.id)
            .limit(1)
            .with_for_update()
        )
        row = self._conn.execute(stmt).mappings().first()
        return _to_receivable(row) if row else None
