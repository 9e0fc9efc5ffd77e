"""Ports of the counter's returns and its read-side lists: the sales list, the register history and
the sessions of one business day. All are reached through a tenant's unit of work and see only its
rows; lists are answered through indexes (``(tenant_id, business_date, id)`` on sales,
``(tenant_id, closed_on, id)`` and ``(tenant_id, business_date)`` on register sessions)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

import attrs

from nexus_core.domain.register import RegisterSession
from nexus_core.domain.returns import SaleReturn
from nexus_core.ports.inventory_queries import Page, Paged


class SaleReturnRepository(Protocol):
    def add(self, ret: SaleReturn) -> int:
        """Insert the return with its lines; sets and returns ``ret.id``."""
        ...

    def for_sale(self, sale_id: int) -> list[SaleReturn]:
        """The sale's returns with their lines, oldest first."""
        ...


@attrs.frozen
class SaleFilter:
    """``GET /sales``: every given field must match; days are the tenant's business days."""

    date_from: date | None = None
    date_to: date | None = None
    employee_id: int | None = None
    customer_id: int | None = None
    register_id: int | None = None
    status: str | None = None


@attrs.frozen
class SaleRow:
    id: int
    folio: str
    status: str
    business_date: date
    created_at: datetime
    branch_id: int
    employee_id: int | None
    register_id: int | None
    customer_id: int | None
    payment_method: str
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    items_count: int


class SellingQueries(Protocol):
    def sales(self, f: SaleFilter, page: Page) -> Paged[SaleRow]:
        """Matching sales, newest first (by id), one page, with the total count."""
        ...

    def closed_sessions(self, date_from: date | None, date_to: date | None, page: Page) -> Paged[RegisterSession]:
        """Sessions closed (Z cut) on those days, newest first, one page, with the total count."""
        ...

    def sessions_of_day(self, day: date) -> list[RegisterSession]:
        """Every session opened on ``day`` (open or closed), by id."""
        ...
