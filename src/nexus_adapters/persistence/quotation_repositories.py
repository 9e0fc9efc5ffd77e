"""Quotations on SQL (docs/selling.md#quotations)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, Select, func, select, update

from nexus_adapters.persistence.document_lines import line_rows, paged_rows, read_lines, ticket_totals
from nexus_adapters.persistence.layaway_tables import (
    quotation_lines,
    quotations,
)
from nexus_adapters.persistence.sql import check_tenant, insert_row_id
from nexus_core.domain.quotations import Quotation, QuotationStatus
from nexus_core.ports.inventory_queries import Page, Paged


class SqlQuotationRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, q: Quotation) -> int:
        check_tenant(q, self._tid)
        values = {
            "tenant_id": self._tid,
            "folio": q.folio,
            "branch_id": q.branch_id,
            "employee_id": q.employee_id,
            "customer_id": q.customer_id,
            "notes": q.notes,
            "valid_days": q.valid_days,
            "business_date": q.business_date,
            "valid_until": q.valid_until,
            "subtotal": q.totals.subtotal,
            "tax": q.totals.tax,
            "total": q.totals.total,
            "discount": q.totals.discount,
            "status": q.status.value,
            "created_at": q.created_at,
            "sale_id": q.sale_id,
            "converted_at": q.converted_at,
            "cancelled_at": q.cancelled_at,
        }
        q.id = insert_row_id(self._conn, quotations, values)
        self._conn.execute(quotation_lines.insert(), line_rows(self._tid, "quotation_id", q.id, q.lines))
        return q.id

    def _one(self, stmt: Select[Any]) -> Quotation | None:
        row = self._conn.execute(stmt).mappings().first()
        return None if row is None else _quotations(self._conn, self._tid, [row])[0]

    def get(self, quotation_id: int) -> Quotation | None:
        c = quotations.c
        return self._one(select(quotations).where(c.tenant_id == self._tid, c.id == quotation_id))

    def lock(self, quotation_id: int) -> Quotation | None:
        c = quotations.c
        return self._one(select(quotations).where(c.tenant_id == self._tid, c.id == quotation_id).with_for_update())

    def save_status(self, q: Quotation) -> None:
        c = quotations.c
        self._conn.execute(
            update(quotations)
            .where(c.tenant_id == self._tid, c.id == q.id)
            .values(status=q.status.value, sale_id=q.sale_id, converted_at=q.converted_at, cancelled_at=q.cancelled_at)
        )

    def list(
        self, *, status: QuotationStatus | None, customer_id: int | None, today: date, page: Page
    ) -> Paged[Quotation]:
        c = quotations.c
        where = [c.tenant_id == self._tid]
        if customer_id is not None:
            where.append(c.customer_id == customer_id)
        active = c.status == QuotationStatus.ACTIVE.value
        if status is QuotationStatus.EXPIRED:
            where += [active, c.valid_until < today]
        elif status is QuotationStatus.ACTIVE:
            where += [active, c.valid_until >= today]
        elif status is not None:
            where.append(c.status == status.value)
        stmt = select(quotations).where(*where).order_by(c.id.desc())
        count = select(func.count()).select_from(quotations).where(*where)
        rows, total = paged_rows(self._conn, stmt, count, page)
        return Paged(_quotations(self._conn, self._tid, rows), total)


def _quotations(conn: Connection, tid: int, rows: Sequence[Mapping[Any, Any]]) -> list[Quotation]:
    lines = read_lines(conn, quotation_lines, "quotation_id", tid, [r["id"] for r in rows])
    return [
        Quotation(
            id=r["id"],
            tenant_id=r["tenant_id"],
            folio=r["folio"],
            branch_id=r["branch_id"],
            employee_id=r["employee_id"],
            customer_id=r["customer_id"],
            notes=r["notes"],
            lines=tuple(lines[r["id"]]),
            totals=ticket_totals(r),
            valid_days=r["valid_days"],
            business_date=r["business_date"],
            created_at=r["created_at"],
            status=QuotationStatus(r["status"]),
            sale_id=r["sale_id"],
            converted_at=r["converted_at"],
            cancelled_at=r["cancelled_at"],
        )
        for r in rows
    ]
