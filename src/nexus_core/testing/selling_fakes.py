"""In-memory sale returns and the counter's read-side lists (the same answers as the SQL adapter,
which the contract tests check)."""

from __future__ import annotations

import copy
from datetime import date

from nexus_core.domain.register import RegisterSession, RegisterStatus
from nexus_core.domain.returns import SaleReturn
from nexus_core.errors import Conflict
from nexus_core.ports.inventory_queries import Page, Paged
from nexus_core.ports.selling_queries import SaleFilter, SaleRow
from nexus_core.testing.sales_fakes import _Repo


class InMemoryReturns(_Repo):
    def add(self, ret: SaleReturn) -> int:
        assert ret.tenant_id == self._tid, "entity of another tenant"
        if any(r.tenant_id == self._tid and r.folio == ret.folio for r in self._t.returns.values()):
            raise Conflict("unique index: return folio")
        ret.id = self._all.new_id("sale_returns")
        self._t.returns[ret.id] = copy.deepcopy(ret)
        return ret.id

    def for_sale(self, sale_id: int) -> list[SaleReturn]:
        mine = (r for r in self._t.returns.values() if r.tenant_id == self._tid and r.sale_id == sale_id)
        return [copy.deepcopy(r) for r in sorted(mine, key=lambda r: r.id or 0)]


class InMemorySellingQueries(_Repo):
    def sales(self, f: SaleFilter, page: Page) -> Paged[SaleRow]:
        found = [
            s
            for s in self._t.sales.values()
            if s.tenant_id == self._tid
            and (f.date_from is None or s.business_date >= f.date_from)
            and (f.date_to is None or s.business_date <= f.date_to)
            and (f.employee_id is None or s.employee_id == f.employee_id)
            and (f.customer_id is None or s.customer_id == f.customer_id)
            and (f.register_id is None or s.register_id == f.register_id)
            and (f.status is None or s.status.value == f.status)
        ]
        found.sort(key=lambda s: s.id or 0, reverse=True)
        rows = [
            SaleRow(
                id=s.id or 0,
                folio=s.folio,
                status=s.status.value,
                business_date=s.business_date,
                created_at=s.created_at,
                branch_id=s.branch_id,
                employee_id=s.employee_id,
                register_id=s.register_id,
                customer_id=s.customer_id,
                payment_method=s.payment.method.value,
                subtotal=s.totals.subtotal,
                tax=s.totals.tax,
                total=s.totals.total,
                items_count=len(s.lines),
            )
            for s in found[page.offset : page.offset + page.size]
        ]
        return Paged(rows, len(found))

    def closed_sessions(self, date_from: date | None, date_to: date | None, page: Page) -> Paged[RegisterSession]:
        found = [
            r
            for r in self._t.registers.values()
            if r.tenant_id == self._tid
            and r.status is RegisterStatus.CLOSED
            and r.closed_on is not None
            and (date_from is None or r.closed_on >= date_from)
            and (date_to is None or r.closed_on <= date_to)
        ]
        found.sort(key=lambda r: r.id or 0, reverse=True)
        return Paged([copy.deepcopy(r) for r in found[page.offset : page.offset + page.size]], len(found))

    def sessions_of_day(self, day: date) -> list[RegisterSession]:
        found = [r for r in self._t.registers.values() if r.tenant_id == self._tid and r.business_date == day]
        return [copy.deepcopy(r) for r in sorted(found, key=lambda r: r.id or 0)]
