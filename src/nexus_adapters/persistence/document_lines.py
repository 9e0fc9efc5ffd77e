"""Rows shared by documents that carry ticket lines without being sales (quotations, layaways)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Select, Table, select

from nexus_adapters.persistence.layaway_tables import (
    LINE_AMOUNTS,
)
from nexus_core.domain.sales import SaleLine
from nexus_core.domain.tax import LineFigures, TaxRate, TicketFigures
from nexus_core.ports.inventory_queries import Page


def line_rows(tid: int, parent: str, parent_id: int, lines: Sequence[SaleLine]) -> list[dict[str, Any]]:
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


def read_lines(conn: Connection, table: Table, parent: str, tid: int, ids: Sequence[int]) -> dict[int, list[SaleLine]]:
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


def ticket_totals(row: Mapping[str, Any]) -> TicketFigures:
    return TicketFigures(row["subtotal"], row["tax"], row["total"], row["discount"])


def paged_rows(conn: Connection, stmt: Select[Any], count: Select[Any], page: Page) -> tuple[list[Any], int]:
    rows = list(conn.execute(stmt.limit(page.size).offset(page.offset)).mappings())
    return rows, int(conn.execute(count).scalar_one())
