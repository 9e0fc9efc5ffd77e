"""Read-side SQL of the counter: the sales list, the register history and one day's sessions.
Filters and order follow the indexes ``(tenant_id, business_date, id)`` on ``sales`` and
``(tenant_id, closed_on, id)`` / ``(tenant_id, business_date)`` on ``register_sessions``."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, select

from nexus_adapters.persistence.register_repositories import to_session
from nexus_adapters.persistence.sales_tables import register_sessions, sale_lines, sales
from nexus_core.domain.register import RegisterSession, RegisterStatus
from nexus_core.ports.inventory_queries import Page, Paged
from nexus_core.ports.selling_queries import SaleFilter, SaleRow


class SqlSellingQueries:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def sales(self, f: SaleFilter, page: Page) -> Paged[SaleRow]:
        c = sales.c
        where: list[ColumnElement[bool]] = [c.tenant_id == self._tid]
        if f.date_from is not None:
            where.append(c.business_date >= f.date_from)
        if f.date_to is not None:
            where.append(c.business_date <= f.date_to)
        for column, value in (
            (c.employee_id, f.employee_id),
            (c.customer_id, f.customer_id),
            (c.register_id, f.register_id),
            (c.status, f.status),
        ):
            if value is not None:
                where.append(column == value)
        total = self._conn.execute(select(func.count()).select_from(sales).where(*where)).scalar_one()
        lines = (
            select(func.count())
            .where(sale_lines.c.tenant_id == c.tenant_id, sale_lines.c.sale_id == c.id)
            .scalar_subquery()
            .label("items_count")
        )
        stmt = (
            select(
                c.id,
                c.folio,
                c.status,
                c.business_date,
                c.created_at,
                c.branch_id,
                c.employee_id,
                c.register_id,
                c.customer_id,
                c.payment_method,
                c.subtotal,
                c.tax,
                c.total,
                lines,
            )
            .where(*where)
            .order_by(c.id.desc())
            .limit(page.size)
            .offset(page.offset)
        )
        rows = [SaleRow(**r) for r in self._conn.execute(stmt).mappings()]
        return Paged(rows, int(total))

    def closed_sessions(self, date_from: date | None, date_to: date | None, page: Page) -> Paged[RegisterSession]:
        c = register_sessions.c
        where: list[Any] = [c.tenant_id == self._tid, c.status == RegisterStatus.CLOSED.value]
        if date_from is not None:
            where.append(c.closed_on >= date_from)
        if date_to is not None:
            where.append(c.closed_on <= date_to)
        total = self._conn.execute(select(func.count()).select_from(register_sessions).where(*where)).scalar_one()
        stmt = select(register_sessions).where(*where).order_by(c.id.desc()).limit(page.size).offset(page.offset)
        return Paged([to_session(r) for r in self._conn.execute(stmt).mappings()], int(total))

    def sessions_of_day(self, day: date) -> list[RegisterSession]:
        c = register_sessions.c
        stmt = select(register_sessions).where(c.tenant_id == self._tid, c.business_date == day).order_by(c.id)
        return [to_session(r) for r in self._conn.execute(stmt).mappings()]
