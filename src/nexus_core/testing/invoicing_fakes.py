"""In-memory invoicing repositories (issuer certificate, CFDIs with their sales, customers' fiscal data),
keeping the SQL adapter's rules: unique folio per series and unique UUID per tenant, claims that skip
leased rows. Writes are serialized by the fakes' store lock."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import attrs

from nexus_core.domain.invoicing import CfdiRecord, CfdiStatus, IssuerCertificate
from nexus_core.domain.payment_complements import ComplementLink
from nexus_core.domain.sales import SaleStatus
from nexus_core.errors import Conflict
from nexus_core.testing.fake_repo import FakeRepo


@attrs.define
class InvoicingTables:
    issuers: dict[int, IssuerCertificate] = attrs.Factory(dict)
    cfdis: dict[int, CfdiRecord] = attrs.Factory(dict)
    complement_links: list[ComplementLink] = attrs.Factory(list)
    # What the customers area will own: (tenant_id, customer_id) -> fiscal data (tests fill it).


class _Repo(FakeRepo):
    @property
    def _t(self) -> InvoicingTables:
        return self._tx.work.invoicing

    def _mine(self) -> list[CfdiRecord]:
        return [r for r in self._t.cfdis.values() if r.tenant_id == self._tid]


class InMemoryIssuer(_Repo):
    def get(self) -> IssuerCertificate | None:
        return self._t.issuers.get(self._tid)

    def put(self, issuer: IssuerCertificate) -> None:
        assert issuer.tenant_id == self._tid, "entity of another tenant"
        self._t.issuers[self._tid] = issuer


class InMemoryCfdis(_Repo):
    def add(self, record: CfdiRecord) -> int:
        assert record.tenant_id == self._tid, "entity of another tenant"
        if any((r.serie, r.folio) == (record.serie, record.folio) for r in self._mine()):
            raise Conflict("unique index: CFDI serie and folio")
        record.id = self._all.new_id("cfdi_documents")
        self._t.cfdis[record.id] = copy.deepcopy(record)
        return record.id

    def get(self, cfdi_id: int) -> CfdiRecord | None:
        r = self._t.cfdis.get(cfdi_id)
        return copy.deepcopy(r) if r is not None and r.tenant_id == self._tid else None

    def lock(self, cfdi_id: int) -> CfdiRecord | None:
        return self.get(cfdi_id)

    def by_uuid(self, uuid: str) -> CfdiRecord | None:
        found = [r for r in self._mine() if r.uuid is not None and r.uuid.lower() == uuid.lower()]
        return copy.deepcopy(found[0]) if found else None

    def save(self, record: CfdiRecord) -> None:
        assert record.id is not None and self._t.cfdis[record.id].tenant_id == self._tid
        if record.uuid is not None and any(r.uuid == record.uuid and r.id != record.id for r in self._mine()):
            raise Conflict("unique index: CFDI uuid")
        self._t.cfdis[record.id] = copy.deepcopy(record)

    def page(self, status: CfdiStatus | None, offset: int, limit: int) -> tuple[list[CfdiRecord], int]:
        rows = sorted((r for r in self._mine() if status is None or r.status is status), key=lambda r: -(r.id or 0))
        return copy.deepcopy(rows[offset : offset + limit]), len(rows)

    def claim_pending(self, now: datetime, limit: int) -> list[CfdiRecord]:
        rows = sorted((r for r in self._mine() if r.claimable(now)), key=lambda r: r.id or 0)
        return copy.deepcopy(rows[:limit])

    def holding(self, sale_ids: Sequence[int]) -> dict[int, CfdiRecord]:
        wanted, found = set(sale_ids), {}
        for r in sorted(self._mine(), key=lambda r: r.id or 0):
            if r.holds_sales:
                found.update({s: copy.deepcopy(r) for s in r.sale_ids if s in wanted})
        return found

    def latest_for_sale(self, sale_id: int) -> CfdiRecord | None:
        rows = [r for r in self._mine() if sale_id in r.sale_ids]
        return copy.deepcopy(max(rows, key=lambda r: r.id or 0)) if rows else None

    def uninvoiced_sale_ids(self, date_from: date, date_to: date, *, register_id: int | None = None) -> list[int]:
        sales = self._tx.work.sales.sales.values()
        held = {s for r in self._mine() if r.holds_sales for s in r.sale_ids}
        return sorted(
            s.id
            for s in sales
            if s.tenant_id == self._tid
            and s.id is not None
            and s.status is SaleStatus.COMPLETED
            and date_from <= s.business_date <= date_to
            and s.id not in held
            and (register_id is None or s.register_id == register_id)
        )


class InMemoryComplementLinks(_Repo):
    def _links(self) -> list[ComplementLink]:
        return [k for k in self._t.complement_links if k.tenant_id == self._tid]

    def add(self, link: ComplementLink) -> None:
        assert link.tenant_id == self._tid, "entity of another tenant"
        for cfdi_id in (link.complement_id, link.invoice_id):  # foreign keys
            assert cfdi_id in self._t.cfdis and self._t.cfdis[cfdi_id].tenant_id == self._tid, "foreign key: cfdi"
        if any((k.complement_id, k.invoice_id) == (link.complement_id, link.invoice_id) for k in self._links()):
            raise Conflict("primary key: complement link")
        self._t.complement_links.append(link)

    def for_invoice(self, invoice_id: int) -> list[ComplementLink]:
        return sorted((k for k in self._links() if k.invoice_id == invoice_id), key=lambda k: k.num_parcialidad)

    def sale_id_by_folio(self, folio: str) -> int | None:
        found = [s.id for s in self._tx.work.sales.sales.values() if s.tenant_id == self._tid and s.folio == folio]
        return found[0] if found else None

    def for_sale(self, sale_id: int) -> list[ComplementLink]:
        return sorted((k for k in self._links() if k.sale_id == sale_id), key=lambda k: k.complement_id)


class InMemoryPendingCfdiTenants:
    def __init__(self, tx: Any) -> None:
        self._tx = tx

    def tenant_ids(self, now: datetime) -> list[int]:
        return sorted({r.tenant_id for r in self._tx.work.invoicing.cfdis.values() if r.claimable(now)})
