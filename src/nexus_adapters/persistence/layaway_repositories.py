"""SQL repositories of quotations and layaways with their lines and a layaway's installments. Every
statement is filtered by ``tenant_id``; lines of a page are read in one query."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, Select, Table, func, select, update

from nexus_adapters.persistence.layaway_tables import (
    LINE_AMOUNTS,
    layaway_lines,
    layaway_payments,
    layaways,
    quotation_lines,
    quotations,
)
from nexus_adapters.persistence.sql import check_tenant, insert_row_id
from nexus_core.domain.layaways import Installment, Layaway, LayawayStatus
from nexus_core.domain.posting_basics import LayawayOutcome, PaymentMethod
from nexus_core.domain.quotations import Quotation, QuotationStatus
from nexus_core.domain.sales import SaleLine
from nexus_core.domain.tax import LineFigures, TaxRate, TicketFigures
from nexus_core.ports.inventory_queries import Page, Paged


def _line_rows(tid: int, parent: str, parent_id: int, lines: Sequence[SaleLine]) -> list[dict[str, Any]]:
    return [
        {
            "tenant_id": tid,
            parent: parent_id,
            "line_no": n,
            "item_id": ln.item_id,
            "quantity": ln.figures.quantity,
            "discount_pct": ln.figures.discount_pct,
            "tax_rate": ln.figures.tax_rate.rate,
            "tax_exempt": ln.figures.tax_rate.exempt,
            **{name: getattr(ln.figures, name) for name in LINE_AMOUNTS},
        }
        for n, ln in enumerate(lines)
    ]


def _read_lines(conn: Connection, table: Table, parent: str, tid: int, ids: Sequence[int]) -> dict[int, list[SaleLine]]:
    found: dict[int, list[SaleLine]] = {i: [] for i in ids}
    if not ids:
        return found
    c = table.c
    stmt = select(table).where(c.tenant_id == tid, c[parent].in_(list(ids))).order_by(c[parent], c.line_no)
    for r in conn.execute(stmt).mappings():
        figures = LineFigures(
            quantity=r["quantity"],
            unit_price=r["unit_price"],
            discount_pct=r["discount_pct"],
            tax_rate=TaxRate(r["tax_rate"], r["tax_exempt"]),
            gross=r["gross"],
            discount=r["discount"],
            subtotal=r["subtotal"],
            tax=r["tax"],
            total=r["total"],
        )
        found[r[parent]].append(SaleLine(r["item_id"], figures))
    return found


def _totals(row: Mapping[str, Any]) -> TicketFigures:
    return TicketFigures(row["subtotal"], row["tax"], row["total"], row["discount"])


def _paged(conn: Connection, stmt: Select[Any], count: Select[Any], page: Page) -> tuple[list[Any], int]:
    rows = list(conn.execute(stmt.limit(page.size).offset(page.offset)).mappings())
    return rows, int(conn.execute(count).scalar_one())


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
        self._conn.execute(quotation_lines.insert(), _line_rows(self._tid, "quotation_id", q.id, q.lines))
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
        rows, total = _paged(self._conn, stmt, count, page)
        return Paged(_quotations(self._conn, self._tid, rows), total)


def _quotations(conn: Connection, tid: int, rows: Sequence[Mapping[Any, Any]]) -> list[Quotation]:
    lines = _read_lines(conn, quotation_lines, "quotation_id", tid, [r["id"] for r in rows])
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
            totals=_totals(r),
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


class SqlLayawayRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def _changes(self, x: Layaway) -> dict[str, Any]:
        return {
            "paid": x.paid,
            "status": x.status.value,
            "completed_at": x.completed_at,
            "completion_entry_id": x.completion_entry_id,
            "cancelled_at": x.cancelled_at,
            "policy": None if x.policy is None else x.policy.value,
            "penalty": x.penalty,
            "refunded": x.refunded,
            "refund_method": None if x.refund_method is None else x.refund_method.value,
            "cancel_reason": x.cancel_reason,
            "cancel_entry_id": x.cancel_entry_id,
        }

    def add(self, x: Layaway) -> int:
        check_tenant(x, self._tid)
        values = {
            "tenant_id": self._tid,
            "folio": x.folio,
            "branch_id": x.branch_id,
            "employee_id": x.employee_id,
            "customer_id": x.customer_id,
            "notes": x.notes,
            "due_date": x.due_date,
            "business_date": x.business_date,
            "subtotal": x.totals.subtotal,
            "tax": x.totals.tax,
            "total": x.totals.total,
            "discount": x.totals.discount,
            "created_at": x.created_at,
            **self._changes(x),
        }
        x.id = insert_row_id(self._conn, layaways, values)
        self._conn.execute(layaway_lines.insert(), _line_rows(self._tid, "layaway_id", x.id, x.lines))
        return x.id

    def _one(self, stmt: Select[Any]) -> Layaway | None:
        row = self._conn.execute(stmt).mappings().first()
        if row is None:
            return None
        layaway = _layaways(self._conn, self._tid, [row])[0]
        layaway.payments = self._payments(row["id"])
        return layaway

    def get(self, layaway_id: int) -> Layaway | None:
        c = layaways.c
        return self._one(select(layaways).where(c.tenant_id == self._tid, c.id == layaway_id))

    def lock(self, layaway_id: int) -> Layaway | None:
        c = layaways.c
        return self._one(select(layaways).where(c.tenant_id == self._tid, c.id == layaway_id).with_for_update())

    def save(self, x: Layaway) -> None:
        c = layaways.c
        self._conn.execute(update(layaways).where(c.tenant_id == self._tid, c.id == x.id).values(**self._changes(x)))

    def add_payment(self, p: Installment) -> int:
        check_tenant(p, self._tid)
        values = {
            "tenant_id": self._tid,
            "layaway_id": p.layaway_id,
            "folio": p.folio,
            "amount": p.amount,
            "method": p.method.value,
            "register_id": p.register_id,
            "employee_id": p.employee_id,
            "business_date": p.business_date,
            "at": p.at,
            "entry_id": p.entry_id,
        }
        return insert_row_id(self._conn, layaway_payments, values)

    def _payments(self, layaway_id: int) -> tuple[Installment, ...]:
        c = layaway_payments.c
        stmt = select(layaway_payments).where(c.tenant_id == self._tid, c.layaway_id == layaway_id).order_by(c.id)
        return tuple(
            Installment(
                id=r["id"],
                tenant_id=r["tenant_id"],
                layaway_id=r["layaway_id"],
                folio=r["folio"],
                amount=r["amount"],
                method=PaymentMethod(r["method"]),
                register_id=r["register_id"],
                employee_id=r["employee_id"],
                business_date=r["business_date"],
                at=r["at"],
                entry_id=r["entry_id"],
            )
            for r in self._conn.execute(stmt).mappings()
        )

    def list(self, *, status: LayawayStatus | None, customer_id: int | None, page: Page) -> Paged[Layaway]:
        c = layaways.c
        where = [c.tenant_id == self._tid]
        if customer_id is not None:
            where.append(c.customer_id == customer_id)
        if status is not None:
            where.append(c.status == status.value)
        stmt = select(layaways).where(*where).order_by(c.id.desc())
        count = select(func.count()).select_from(layaways).where(*where)
        rows, total = _paged(self._conn, stmt, count, page)
        return Paged(_layaways(self._conn, self._tid, rows), total)


def _layaways(conn: Connection, tid: int, rows: Sequence[Mapping[Any, Any]]) -> list[Layaway]:
    lines = _read_lines(conn, layaway_lines, "layaway_id", tid, [r["id"] for r in rows])
    return [
        Layaway(
            id=r["id"],
            tenant_id=r["tenant_id"],
            folio=r["folio"],
            branch_id=r["branch_id"],
            employee_id=r["employee_id"],
            customer_id=r["customer_id"],
            notes=r["notes"],
            lines=tuple(lines[r["id"]]),
            totals=_totals(r),
            due_date=r["due_date"],
            business_date=r["business_date"],
            created_at=r["created_at"],
            paid=r["paid"],
            status=LayawayStatus(r["status"]),
            completed_at=r["completed_at"],
            completion_entry_id=r["completion_entry_id"],
            cancelled_at=r["cancelled_at"],
            policy=None if r["policy"] is None else LayawayOutcome(r["policy"]),
            penalty=r["penalty"],
            refunded=r["refunded"],
            refund_method=None if r["refund_method"] is None else PaymentMethod(r["refund_method"]),
            cancel_reason=r["cancel_reason"],
            cancel_entry_id=r["cancel_entry_id"],
        )
        for r in rows
    ]
