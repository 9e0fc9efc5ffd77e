"""SQL repository of sales with their lines and tenders. Every statement is filtered by ``tenant_id``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Select, select, update

from nexus_adapters.persistence.fast import run_many
from nexus_adapters.persistence.sales_tables import LINE_AMOUNTS, sale_lines, sale_tenders, sales
from nexus_adapters.persistence.sql import check_tenant, insert_row_id
from nexus_core.domain.posting_basics import PaymentMethod, Tender
from nexus_core.domain.sales import Payment, Sale, SaleLine, SaleMethod, SaleStatus
from nexus_core.domain.tax import LineFigures, TaxRate, TicketFigures

# Built once (docs/adr/0033-counter-speed.md).
_INSERT_LINES = sale_lines.insert()
_INSERT_TENDERS = sale_tenders.insert()


class SqlSaleRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, sale: Sale) -> int:
        check_tenant(sale, self._tid)
        p, t = sale.payment, sale.totals
        values: dict[str, Any] = {
            "tenant_id": self._tid,
            "folio": sale.folio,
            "branch_id": sale.branch_id,
            "employee_id": sale.employee_id,
            "register_id": sale.register_id,
            "customer_id": sale.customer_id,
            "payment_method": p.method.value,
            "amount_paid": p.amount_paid,
            "cash_received": p.cash_received,
            "change_amount": p.change,
            "on_account": p.on_account,
            "subtotal": t.subtotal,
            "tax": t.tax,
            "total": t.total,
            "discount": t.discount,
            "business_date": sale.business_date,
            "created_at": sale.created_at,
            "status": sale.status.value,
            "entry_id": sale.entry_id,
            "cancel_entry_id": sale.cancel_entry_id,
            "cancelled_at": sale.cancelled_at,
        }
        sale.id = insert_row_id(self._conn, sales, values)
        run_many(
            self._conn,
            _INSERT_LINES,
            [
                {
                    "tenant_id": self._tid,
                    "sale_id": sale.id,
                    "line_no": n,
                    "item_id": ln.item_id,
                    "quantity": ln.figures.quantity,
                    "discount_pct": ln.figures.discount_pct,
                    "tax_rate": ln.figures.tax_rate.rate,
                    "tax_exempt": ln.figures.tax_rate.exempt,
                    **{
                        name: getattr(ln, name) if name == "cost" else getattr(ln.figures, name)
                        for name in LINE_AMOUNTS
                    },
                }
                for n, ln in enumerate(sale.lines)
            ],
        )
        if p.tenders:
            run_many(
                self._conn,
                _INSERT_TENDERS,
                [
                    {
                        "tenant_id": self._tid,
                        "sale_id": sale.id,
                        "line_no": n,
                        "method": t.method.value,
                        "amount": t.amount,
                    }
                    for n, t in enumerate(p.tenders)
                ],
            )
        return sale.id

    def _one(self, stmt: Select[Any]) -> Sale | None:
        row = self._conn.execute(stmt).mappings().first()
        return None if row is None else self._load(row)

    def _select(self) -> Select[Any]:
        return select(sales).where(sales.c.tenant_id == self._tid)

    def get(self, sale_id: int) -> Sale | None:
        return self._one(self._select().where(sales.c.id == sale_id))

    def lock(self, sale_id: int) -> Sale | None:
        return self._one(self._select().where(sales.c.id == sale_id).with_for_update())

    def last_by_employee(self, employee_id: int) -> Sale | None:
        stmt = self._select().where(sales.c.employee_id == employee_id).order_by(sales.c.id.desc()).limit(1)
        return self._one(stmt)

    def save_status(self, sale: Sale) -> None:
        stmt = (
            update(sales)
            .where(sales.c.tenant_id == self._tid, sales.c.id == sale.id)
            .values(status=sale.status.value, cancelled_at=sale.cancelled_at, cancel_entry_id=sale.cancel_entry_id)
        )
        self._conn.execute(stmt)

    def _load(self, row: Mapping[str, Any]) -> Sale:
        where = (sale_lines.c.tenant_id == self._tid, sale_lines.c.sale_id == row["id"])
        lines = tuple(
            SaleLine(
                ln["item_id"],
                LineFigures(
                    quantity=ln["quantity"],
                    unit_price=ln["unit_price"],
                    discount_pct=ln["discount_pct"],
                    tax_rate=TaxRate(ln["tax_rate"], ln["tax_exempt"]),
                    gross=ln["gross"],
                    discount=ln["discount"],
                    subtotal=ln["subtotal"],
                    tax=ln["tax"],
                    total=ln["total"],
                ),
                ln["cost"],
            )
            for ln in self._conn.execute(select(sale_lines).where(*where).order_by(sale_lines.c.line_no)).mappings()
        )
        tstmt = (
            select(sale_tenders)
            .where(sale_tenders.c.tenant_id == self._tid, sale_tenders.c.sale_id == row["id"])
            .order_by(sale_tenders.c.line_no)
        )
        tenders = tuple(Tender(PaymentMethod(t["method"]), t["amount"]) for t in self._conn.execute(tstmt).mappings())
        payment = Payment(
            SaleMethod(row["payment_method"]),
            tenders,
            row["amount_paid"],
            row["cash_received"],
            row["change_amount"],
            row["on_account"],
        )
        return Sale(
            id=row["id"],
            tenant_id=row["tenant_id"],
            folio=row["folio"],
            branch_id=row["branch_id"],
            employee_id=row["employee_id"],
            register_id=row["register_id"],
            customer_id=row["customer_id"],
            lines=lines,
            totals=TicketFigures(row["subtotal"], row["tax"], row["total"], row["discount"]),
            payment=payment,
            business_date=row["business_date"],
            created_at=row["created_at"],
            status=SaleStatus(row["status"]),
            entry_id=row["entry_id"],
            cancel_entry_id=row["cancel_entry_id"],
            cancelled_at=row["cancelled_at"],
        )
