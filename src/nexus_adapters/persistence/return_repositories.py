"""SQL repository of sale returns with their lines. Every statement is filtered by ``tenant_id``."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, select

from nexus_adapters.persistence.sales_tables import sale_return_lines, sale_returns
from nexus_adapters.persistence.sql import check_tenant, insert_row_id
from nexus_core.domain.posting_basics import PaymentMethod, Tender
from nexus_core.domain.returns import ReturnLine, SaleReturn

REFUND_COLUMNS = {
    PaymentMethod.CASH: "refund_cash",
    PaymentMethod.CARD: "refund_card",
    PaymentMethod.TRANSFER: "refund_transfer",
}


class SqlSaleReturnRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, ret: SaleReturn) -> int:
        check_tenant(ret, self._tid)
        values: dict[str, Any] = {
            "tenant_id": self._tid,
            "sale_id": ret.sale_id,
            "folio": ret.folio,
            "branch_id": ret.branch_id,
            "employee_id": ret.employee_id,
            "register_id": ret.register_id,
            "reason": ret.reason,
            "subtotal": ret.subtotal,
            "tax": ret.tax,
            "total": ret.total,
            "cost": ret.cost,
            **{column: ret.refunded(method) for method, column in REFUND_COLUMNS.items()},
            "credited": ret.credited,
            "entry_id": ret.entry_id,
            "business_date": ret.business_date,
            "created_at": ret.created_at,
        }
        ret.id = insert_row_id(self._conn, sale_returns, values)
        self._conn.execute(
            sale_return_lines.insert(),
            [
                {
                    "tenant_id": self._tid,
                    "return_id": ret.id,
                    "line_no": n,
                    "sale_id": ret.sale_id,
                    "sale_line_no": ln.sale_line_no,
                    "item_id": ln.item_id,
                    "quantity": ln.quantity,
                    "subtotal": ln.subtotal,
                    "tax": ln.tax,
                    "total": ln.total,
                    "cost": ln.cost,
                }
                for n, ln in enumerate(ret.lines)
            ],
        )
        return ret.id

    def for_sale(self, sale_id: int) -> list[SaleReturn]:
        r, ln = sale_returns.c, sale_return_lines.c
        heads = self._conn.execute(
            select(sale_returns).where(r.tenant_id == self._tid, r.sale_id == sale_id).order_by(r.id)
        ).mappings()
        lines: dict[int, list[ReturnLine]] = defaultdict(list)
        stmt = (
            select(sale_return_lines)
            .where(ln.tenant_id == self._tid, ln.sale_id == sale_id)
            .order_by(ln.return_id, ln.line_no)
        )
        rows = list(heads)
        for x in self._conn.execute(stmt).mappings():
            lines[x["return_id"]].append(
                ReturnLine(
                    x["sale_line_no"], x["item_id"], x["quantity"], x["subtotal"], x["tax"], x["total"], x["cost"]
                )
            )
        return [
            SaleReturn(
                id=h["id"],
                tenant_id=h["tenant_id"],
                sale_id=h["sale_id"],
                folio=h["folio"],
                branch_id=h["branch_id"],
                employee_id=h["employee_id"],
                register_id=h["register_id"],
                reason=h["reason"],
                lines=tuple(lines[h["id"]]),
                refunds=tuple(Tender(m, h[c]) for m, c in REFUND_COLUMNS.items() if h[c]),
                business_date=h["business_date"],
                created_at=h["created_at"],
                entry_id=h["entry_id"],
                credited=h["credited"],
            )
            for h in rows
        ]
