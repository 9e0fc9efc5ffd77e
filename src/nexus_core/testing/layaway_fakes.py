"""In-memory quotations and layaways, keeping the SQL adapter's rules (tenant isolation, unique
folios, newest-first paging, ``expired`` derived from ``valid_until``), which the contract tests check."""

from __future__ import annotations

import copy
from datetime import date
from typing import TypeVar

import attrs

from nexus_core.domain.layaways import Installment, Layaway, LayawayStatus
from nexus_core.domain.quotations import Quotation, QuotationStatus
from nexus_core.errors import Conflict
from nexus_core.ports.inventory_queries import Page, Paged
from nexus_core.testing.fake_repo import FakeRepo


@attrs.define
class LayawayTables:
    quotations: dict[int, Quotation] = attrs.Factory(dict)
    layaways: dict[int, Layaway] = attrs.Factory(dict)
    payments: dict[int, Installment] = attrs.Factory(dict)


class _Repo(FakeRepo):
    @property
    def _t(self) -> LayawayTables:
        return self._tx.work.layaways


T = TypeVar("T")


def _page(rows: list[T], page: Page) -> Paged[T]:
    return Paged([copy.deepcopy(r) for r in rows[page.offset : page.offset + page.size]], len(rows))


class InMemoryQuotations(_Repo):
    def add(self, quotation: Quotation) -> int:
        assert quotation.tenant_id == self._tid, "entity of another tenant"
        if any(q.tenant_id == self._tid and q.folio == quotation.folio for q in self._t.quotations.values()):
            raise Conflict("unique index: quotation folio")
        quotation.id = self._all.new_id("quotations")
        self._t.quotations[quotation.id] = copy.deepcopy(quotation)
        return quotation.id

    def get(self, quotation_id: int) -> Quotation | None:
        q = self._t.quotations.get(quotation_id)
        return copy.deepcopy(q) if q is not None and q.tenant_id == self._tid else None

    def lock(self, quotation_id: int) -> Quotation | None:
        return self.get(quotation_id)

    def save_status(self, quotation: Quotation) -> None:
        assert quotation.id is not None
        stored = self._t.quotations[quotation.id]
        assert stored.tenant_id == self._tid
        stored.status, stored.sale_id = quotation.status, quotation.sale_id
        stored.converted_at, stored.cancelled_at = quotation.converted_at, quotation.cancelled_at

    def list(
        self, *, status: QuotationStatus | None, customer_id: int | None, today: date, page: Page
    ) -> Paged[Quotation]:
        rows = [
            q
            for q in sorted(self._t.quotations.values(), key=lambda q: -(q.id or 0))
            if q.tenant_id == self._tid
            and (customer_id is None or q.customer_id == customer_id)
            and (status is None or q.status_on(today) is status)
        ]
        return _page(rows, page)


class InMemoryLayaways(_Repo):
    def add(self, layaway: Layaway) -> int:
        assert layaway.tenant_id == self._tid, "entity of another tenant"
        if any(x.tenant_id == self._tid and x.folio == layaway.folio for x in self._t.layaways.values()):
            raise Conflict("unique index: layaway folio")
        layaway.id = self._all.new_id("layaways")
        self._t.layaways[layaway.id] = attrs.evolve(copy.deepcopy(layaway), payments=())
        return layaway.id

    def _payments(self, layaway_id: int) -> tuple[Installment, ...]:
        return tuple(
            sorted(
                (p for p in self._t.payments.values() if p.tenant_id == self._tid and p.layaway_id == layaway_id),
                key=lambda p: p.id or 0,
            )
        )

    def get(self, layaway_id: int) -> Layaway | None:
        x = self._t.layaways.get(layaway_id)
        if x is None or x.tenant_id != self._tid:
            return None
        return attrs.evolve(copy.deepcopy(x), payments=self._payments(layaway_id))

    def lock(self, layaway_id: int) -> Layaway | None:
        return self.get(layaway_id)

    def save(self, layaway: Layaway) -> None:
        assert layaway.id is not None
        stored = self._t.layaways[layaway.id]
        assert stored.tenant_id == self._tid
        self._t.layaways[layaway.id] = attrs.evolve(copy.deepcopy(layaway), payments=())

    def add_payment(self, payment: Installment) -> int:
        assert payment.tenant_id == self._tid, "entity of another tenant"
        stored = self._t.layaways.get(payment.layaway_id)
        assert stored is not None and stored.tenant_id == self._tid, "payment of an unknown layaway"
        if any(p.tenant_id == self._tid and p.folio == payment.folio for p in self._t.payments.values()):
            raise Conflict("unique index: layaway payment folio")
        new_id = self._all.new_id("layaway_payments")
        self._t.payments[new_id] = attrs.evolve(payment, id=new_id)
        return new_id

    def list(self, *, status: LayawayStatus | None, customer_id: int | None, page: Page) -> Paged[Layaway]:
        rows = [
            x
            for x in sorted(self._t.layaways.values(), key=lambda x: -(x.id or 0))
            if x.tenant_id == self._tid
            and (customer_id is None or x.customer_id == customer_id)
            and (status is None or x.status is status)
        ]
        return _page(rows, page)
