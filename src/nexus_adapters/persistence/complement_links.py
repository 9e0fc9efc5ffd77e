"""SQL repository of payment complements' links (``cfdi_payment_docs``), filtered by ``tenant_id``; and
the cross-tenant list of tenants with CFDIs to stamp."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, or_, select

from nexus_adapters.persistence.invoicing_tables import cfdi_documents, cfdi_payment_docs
from nexus_adapters.persistence.sales_tables import sales
from nexus_adapters.persistence.sql import check_tenant
from nexus_core.domain.payment_complements import ComplementLink

_COLUMNS = (
    "complement_id",
    "invoice_id",
    "sale_id",
    "payment_id",
    "num_parcialidad",
    "saldo_anterior",
    "pagado",
    "saldo_insoluto",
)


class SqlComplementLinks:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, link: ComplementLink) -> None:
        check_tenant(link, self._tid)
        values = {name: getattr(link, name) for name in _COLUMNS}
        self._conn.execute(cfdi_payment_docs.insert().values(tenant_id=self._tid, **values))

    def _rows(self, stmt: Select[Any]) -> list[ComplementLink]:
        return [ComplementLink(**dict(row)) for row in self._conn.execute(stmt).mappings()]

    def for_invoice(self, invoice_id: int) -> list[ComplementLink]:
        c = cfdi_payment_docs.c
        stmt = select(cfdi_payment_docs).where(c.tenant_id == self._tid, c.invoice_id == invoice_id)
        return self._rows(stmt.order_by(c.num_parcialidad, c.complement_id))

    def sale_id_by_folio(self, folio: str) -> int | None:
        stmt = select(sales.c.id).where(sales.c.tenant_id == self._tid, sales.c.folio == folio)
        found = self._conn.execute(stmt).scalar()
        return None if found is None else int(found)

    def for_sale(self, sale_id: int) -> list[ComplementLink]:
        c = cfdi_payment_docs.c
        stmt = select(cfdi_payment_docs).where(c.tenant_id == self._tid, c.sale_id == sale_id)
        return self._rows(stmt.order_by(c.complement_id))


class SqlPendingCfdiTenants:
    """Across tenants: who has CFDIs waiting for the PAC (``nexus invoicing process-queue`` with no tenant)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def tenant_ids(self, now: datetime) -> list[int]:
        c = cfdi_documents.c
        stmt = (
            select(c.tenant_id)
            .where(c.status == "pending", or_(c.claimed_until.is_(None), c.claimed_until <= now))
            .distinct()
            .order_by(c.tenant_id)
        )
        return [int(t) for t in self._conn.execute(stmt).scalars()]
