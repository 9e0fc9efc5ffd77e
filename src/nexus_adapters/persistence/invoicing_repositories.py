"""SQL repositories of invoicing. Every statement is filtered by ``tenant_id``.

:meth:`SqlCfdiRepository.claim_pending` locks the rows it returns with ``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, so two workers claiming at once get different rows; SQLite has one writer at a time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Select, and_, exists, func, or_, select, update

from nexus_adapters.persistence.invoicing_tables import cfdi_documents, cfdi_issuers, cfdi_sales
from nexus_adapters.persistence.sales_tables import sales
from nexus_adapters.persistence.sql import check_tenant, dialect_insert, insert_row_id
from nexus_core.domain.invoicing import CfdiKind, CfdiRecord, CfdiStatus, IssuerCertificate, Totals

LIVE = ("pending", "stamped", "cancellation_pending")
_FECHA = "%Y-%m-%dT%H:%M:%S"
_STATE = (
    "status",
    "uuid",
    "stamped_xml",
    "stamped_at",
    "error_code",
    "error_message",
    "attempts",
    "claimed_until",
    "cancel_motive",
    "cancel_replacement_uuid",
    "cancelled_at",
)


class SqlIssuerRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def get(self) -> IssuerCertificate | None:
        row = self._conn.execute(select(cfdi_issuers).where(cfdi_issuers.c.tenant_id == self._tid)).mappings().first()
        return None if row is None else IssuerCertificate(**dict(row))

    def put(self, issuer: IssuerCertificate) -> None:
        check_tenant(issuer, self._tid)
        values = {c.name: getattr(issuer, c.name) for c in cfdi_issuers.c}
        stmt = dialect_insert(self._conn, cfdi_issuers).values(values)
        changed = {k: v for k, v in values.items() if k != "tenant_id"}
        self._conn.execute(stmt.on_conflict_do_update(index_elements=["tenant_id"], set_=changed))


def _state(record: CfdiRecord) -> dict[str, Any]:
    values = {name: getattr(record, name) for name in _STATE}
    values["status"] = record.status.value
    values["stamped_at"] = None if record.stamped_at is None else record.stamped_at.strftime(_FECHA)
    return values


def _load(row: Mapping[str, Any], sale_ids: tuple[int, ...]) -> CfdiRecord:
    stamped_at = row["stamped_at"]
    return CfdiRecord(
        id=row["id"],
        tenant_id=row["tenant_id"],
        kind=CfdiKind(row["kind"]),
        serie=row["serie"],
        folio=row["folio"],
        fecha=datetime.strptime(row["fecha"], _FECHA),
        sale_ids=sale_ids,
        emisor_rfc=row["emisor_rfc"],
        receptor_rfc=row["receptor_rfc"],
        receptor_name=row["receptor_name"],
        totals=Totals(row["subtotal"], row["descuento"], row["tax"], row["total"]),
        xml=row["xml"],
        created_at=row["created_at"],
        status=CfdiStatus(row["status"]),
        replaces_id=row["replaces_id"],
        uuid=row["uuid"],
        stamped_xml=row["stamped_xml"],
        stamped_at=None if stamped_at is None else datetime.strptime(stamped_at, _FECHA),
        error_code=row["error_code"],
        error_message=row["error_message"],
        attempts=row["attempts"],
        claimed_until=row["claimed_until"],
        cancel_motive=row["cancel_motive"],
        cancel_replacement_uuid=row["cancel_replacement_uuid"],
        cancelled_at=row["cancelled_at"],
        metodo_pago=row["metodo_pago"],
    )


class SqlCfdiRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id
        self._pg = conn.dialect.name == "postgresql"

    def add(self, record: CfdiRecord) -> int:
        check_tenant(record, self._tid)
        t = record.totals
        values: dict[str, Any] = {
            "tenant_id": self._tid,
            "kind": record.kind.value,
            "serie": record.serie,
            "folio": record.folio,
            "fecha": record.fecha.strftime(_FECHA),
            "emisor_rfc": record.emisor_rfc,
            "receptor_rfc": record.receptor_rfc,
            "receptor_name": record.receptor_name,
            "subtotal": t.subtotal,
            "descuento": t.descuento,
            "tax": t.tax,
            "total": t.total,
            "xml": record.xml,
            "created_at": record.created_at,
            "replaces_id": record.replaces_id,
            "metodo_pago": record.metodo_pago,
            **_state(record),
        }
        record.id = insert_row_id(self._conn, cfdi_documents, values)
        if record.sale_ids:
            rows = [{"tenant_id": self._tid, "cfdi_id": record.id, "sale_id": s} for s in record.sale_ids]
            self._conn.execute(cfdi_sales.insert(), rows)
        return record.id

    def _select(self) -> Select[Any]:
        return select(cfdi_documents).where(cfdi_documents.c.tenant_id == self._tid)

    def _many(self, stmt: Select[Any]) -> list[CfdiRecord]:
        rows = list(self._conn.execute(stmt).mappings())
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        links: dict[int, list[int]] = {}
        q = (
            select(cfdi_sales.c.cfdi_id, cfdi_sales.c.sale_id)
            .where(cfdi_sales.c.tenant_id == self._tid, cfdi_sales.c.cfdi_id.in_(ids))
            .order_by(cfdi_sales.c.sale_id)
        )
        for cfdi_id, sale_id in self._conn.execute(q):
            links.setdefault(cfdi_id, []).append(sale_id)
        return [_load(r, tuple(links.get(r["id"], ()))) for r in rows]

    def _one(self, stmt: Select[Any]) -> CfdiRecord | None:
        found = self._many(stmt)
        return found[0] if found else None

    def get(self, cfdi_id: int) -> CfdiRecord | None:
        return self._one(self._select().where(cfdi_documents.c.id == cfdi_id))

    def lock(self, cfdi_id: int) -> CfdiRecord | None:
        return self._one(self._select().where(cfdi_documents.c.id == cfdi_id).with_for_update())

    def by_uuid(self, uuid: str) -> CfdiRecord | None:
        return self._one(self._select().where(func.upper(cfdi_documents.c.uuid) == uuid.upper()))

    def save(self, record: CfdiRecord) -> None:
        check_tenant(record, self._tid)
        c = cfdi_documents.c
        self._conn.execute(
            update(cfdi_documents).where(c.tenant_id == self._tid, c.id == record.id).values(_state(record))
        )

    def page(self, status: CfdiStatus | None, offset: int, limit: int) -> tuple[list[CfdiRecord], int]:
        c = cfdi_documents.c
        where = [c.tenant_id == self._tid] + ([c.status == status.value] if status is not None else [])
        total = self._conn.execute(select(func.count()).select_from(cfdi_documents).where(*where)).scalar_one()
        rows = self._many(select(cfdi_documents).where(*where).order_by(c.id.desc()).offset(offset).limit(limit))
        return rows, int(total)

    def claim_pending(self, now: datetime, limit: int) -> list[CfdiRecord]:
        c = cfdi_documents.c
        stmt = (
            self._select()
            .where(c.status == "pending", or_(c.claimed_until.is_(None), c.claimed_until <= now))
            .order_by(c.id)
            .limit(limit)
        )
        if self._pg:
            stmt = stmt.with_for_update(skip_locked=True)
        return self._many(stmt)

    def _live_links(self, sale_ids: Sequence[int]) -> Select[Any]:
        d, s = cfdi_documents.c, cfdi_sales.c
        return (
            select(s.sale_id, s.cfdi_id)
            .join(cfdi_documents, and_(d.tenant_id == s.tenant_id, d.id == s.cfdi_id))
            .where(s.tenant_id == self._tid, s.sale_id.in_(list(sale_ids)), d.status.in_(LIVE))
        )

    def holding(self, sale_ids: Sequence[int]) -> dict[int, CfdiRecord]:
        if not sale_ids:
            return {}
        pairs = list(self._conn.execute(self._live_links(sale_ids)))
        records = {r.id: r for r in self._many(self._select().where(cfdi_documents.c.id.in_({p[1] for p in pairs})))}
        return {sale_id: records[cfdi_id] for sale_id, cfdi_id in pairs}

    def latest_for_sale(self, sale_id: int) -> CfdiRecord | None:
        s = cfdi_sales.c
        newest = select(func.max(s.cfdi_id)).where(s.tenant_id == self._tid, s.sale_id == sale_id).scalar_subquery()
        return self._one(self._select().where(cfdi_documents.c.id == newest))

    def uninvoiced_sale_ids(self, date_from: date, date_to: date, *, register_id: int | None = None) -> list[int]:
        d, s, v = cfdi_documents.c, cfdi_sales.c, sales.c
        invoiced = (
            select(s.sale_id)
            .join(cfdi_documents, and_(d.tenant_id == s.tenant_id, d.id == s.cfdi_id))
            .where(s.tenant_id == v.tenant_id, s.sale_id == v.id, d.status.in_(LIVE))
        )
        stmt = (
            select(v.id)
            .where(
                v.tenant_id == self._tid,
                v.business_date >= date_from,
                v.business_date <= date_to,
                v.status == "completed",
                ~exists(invoiced),
                *([v.register_id == register_id] if register_id is not None else []),
            )
            .order_by(v.id)
        )
        return [int(i) for i in self._conn.execute(stmt).scalars()]
