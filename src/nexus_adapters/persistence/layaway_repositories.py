"""Layaways and their installments on SQL (docs/selling.md#layaways)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Select, func, select, update

from nexus_adapters.persistence.document_lines import line_rows, paged_rows, read_lines, ticket_totals
from nexus_adapters.persistence.layaway_tables import (
    layaway_lines,
    layaway_payments,
    layaways,
)
from nexus_adapters.persistence.sql import check_tenant, insert_row_id
from nexus_core.domain.layaways import Installment, Layaway, LayawayStatus
from nexus_core.domain.posting_basics import LayawayOutcome, PaymentMethod
from nexus_core.ports.inventory_queries import Page, Paged


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
        self._conn.execute(layaway_lines.insert(), line_rows(self._tid, "layaway_id", x.id, x.lines))
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
        rows, total = paged_rows(self._conn, stmt, count, page)
        return Paged(_layaways(self._conn, self._tid, rows), total)


def _layaways(conn: Connection, tid: int, rows: Sequence[Mapping[Any, Any]]) -> list[Layaway]:
    lines = read_lines(conn, layaway_lines, "layaway_id", tid, [r["id"] for r in rows])
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
            totals=ticket_totals(r),
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
