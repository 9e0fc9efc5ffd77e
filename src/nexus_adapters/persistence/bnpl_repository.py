"""SQL repositories of BNPL applications and webhook events. Every statement is filtered by ``tenant_id``."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, select, update

from nexus_adapters.persistence.bnpl_tables import bnpl_applications as t
from nexus_adapters.persistence.bnpl_tables import bnpl_events as ev
from nexus_adapters.persistence.sql import check_tenant, dialect_insert, insert_row_id
from nexus_core.domain.bnpl import LIVE, BnplApplication, BnplState


def _application(row: Any) -> BnplApplication:
    return BnplApplication(
        id=row.id,
        tenant_id=row.tenant_id,
        provider=row.provider,
        sale_id=row.sale_id,
        sale_folio=row.sale_folio,
        customer_id=row.customer_id,
        amount=row.amount,
        customer_name=row.customer_name,
        customer_phone=row.customer_phone,
        state=BnplState(row.state),
        created_at=row.created_at,
        updated_at=row.updated_at,
        provider_ref=row.provider_ref,
        redirect_url=row.redirect_url,
        error=row.error,
        entry_id=row.entry_id,
    )


class SqlBnplApplicationRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, application: BnplApplication) -> int:
        check_tenant(application, self._tid)
        values = {
            "tenant_id": self._tid,
            "provider": application.provider,
            "sale_id": application.sale_id,
            "sale_folio": application.sale_folio,
            "customer_id": application.customer_id,
            "amount": application.amount,
            "customer_name": application.customer_name,
            "customer_phone": application.customer_phone,
            "state": application.state.value,
            "provider_ref": application.provider_ref,
            "redirect_url": application.redirect_url,
            "error": application.error,
            "entry_id": application.entry_id,
            "created_at": application.created_at,
            "updated_at": application.updated_at,
        }
        application.id = insert_row_id(self._conn, t, values)
        return application.id

    def _one(self, *where: Any, lock: bool = False) -> BnplApplication | None:
        stmt = select(t).where(t.c.tenant_id == self._tid, *where)
        if lock and self._conn.dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        row = self._conn.execute(stmt).one_or_none()
        return None if row is None else _application(row)

    def get(self, application_id: int) -> BnplApplication | None:
        return self._one(t.c.id == application_id)

    def lock(self, application_id: int) -> BnplApplication | None:
        return self._one(t.c.id == application_id, lock=True)

    def by_provider_ref(self, provider: str, provider_ref: str) -> BnplApplication | None:
        return self._one(t.c.provider == provider, t.c.provider_ref == provider_ref, lock=True)

    def live_amount(self, sale_id: int) -> Decimal:
        stmt = select(func.sum(t.c.amount)).where(  # typed as the column: cents come back as Decimal
            t.c.tenant_id == self._tid, t.c.sale_id == sale_id, t.c.state.in_([s.value for s in LIVE])
        )
        total = self._conn.execute(stmt).scalar_one()
        return Decimal("0.00") if total is None else Decimal(total)

    def save(self, application: BnplApplication) -> None:
        check_tenant(application, self._tid)
        self._conn.execute(
            update(t)
            .where(t.c.tenant_id == self._tid, t.c.id == application.id)
            .values(
                state=application.state.value,
                provider_ref=application.provider_ref,
                redirect_url=application.redirect_url,
                error=application.error,
                entry_id=application.entry_id,
                updated_at=application.updated_at,
            )
        )


class SqlBnplEventRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add_new(self, provider: str, event_id: str, application_id: int | None, received_at: datetime) -> bool:
        # ON CONFLICT DO NOTHING: a replay is an answer, not an error, and leaves the transaction usable.
        stmt = dialect_insert(self._conn, ev).on_conflict_do_nothing().execution_options(preserve_rowcount=True)
        values = {
            "tenant_id": self._tid,
            "provider": provider,
            "event_id": event_id,
            "application_id": application_id,
            "received_at": received_at,
        }
        return bool(self._conn.execute(stmt, values).rowcount == 1)
